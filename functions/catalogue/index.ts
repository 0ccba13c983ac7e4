/**
 * The service items the product ships with, as raw data. Nothing here is trusted: the composition root
 * passes `catalogueFiles` to `buildCatalogue`, which validates every file and stops start-up on a bad one.
 * Adding a service item = adding a JSON file and one line below (a bundler cannot glob JSON imports).
 */
import drugProductionLicense from './drug-production-license.json' with { type: 'json' };
import medicalDeviceExportCert from './medical-device-export-cert.json' with { type: 'json' };
import medicalDeviceProductionLicense from './medical-device-production-license.json' with { type: 'json' };
import miningRightLicense from './mining-right-license.json' with { type: 'json' };
import roadTransportBusinessLicense from './road-transport-business-license.json' with { type: 'json' };
import transportOversizePermit from './transport-oversize-permit.json' with { type: 'json' };

/** Every catalogue file with its file name, so a validation error can name the file to fix. */
export const catalogueFiles: Array<{ file: string; content: unknown }> = [
  { file: 'transport-oversize-permit.json', content: transportOversizePermit },
  { file: 'medical-device-export-cert.json', content: medicalDeviceExportCert },
  { file: 'drug-production-license.json', content: drugProductionLicense },
  { file: 'mining-right-license.json', content: miningRightLicense },
  { file: 'road-transport-business-license.json', content: roadTransportBusinessLicense },
  { file: 'medical-device-production-license.json', content: medicalDeviceProductionLicense },
];
