/**
 * Part: the OFD rendition (core/ofd): its renderer (fonts read and parsed on first use, once per process), and
 * its dependencies — the licences bucket and the stage's SM2 seal keys.
 */
import { loadLicenceFonts } from '../adapters/font-files.js';
import type { Config } from '../config.js';
import type { Catalogue } from '../core/catalogue/catalogue.js';
import type { OfdDependencies } from '../core/ofd/ofd-service.js';
import { createOfdRenderer, type OfdRenderer } from '../core/ofd/render-ofd.js';
import type { Clock } from '../ports/clock.js';
import type { ObjectStore } from '../ports/object-store.js';
import type { CompositionParts } from './types.js';

export const ofdRendererParts: CompositionParts = {
  ofdRenderer: () => {
    let renderer: Promise<OfdRenderer> | undefined;
    return () => {
      renderer ??= loadLicenceFonts().then(createOfdRenderer);
      return renderer;
    };
  },
};

/** The OFD service's dependencies over the stage's SM2 seal keys (`AppDependencies.ofdSealKeys`). */
export function composeOfd(
  config: Config,
  shared: { licences: ObjectStore; catalogue: Pick<Catalogue, 'require'>; clock: Clock },
  parts: CompositionParts,
  sealKeys: OfdDependencies['sealKeys'],
): OfdDependencies {
  const renderer =
    parts.ofdRenderer?.() ?? (() => Promise.reject(new Error('composition part missing: ofdRenderer')));
  return { ...shared, publicBaseUrl: config.publicBaseUrl, renderer, sealKeys };
}
