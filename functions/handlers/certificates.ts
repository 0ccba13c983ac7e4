/** Lambda handler module: the certificates routes (issuance renders and seals: more memory, longer timeout). */

import { kmsParts } from '../parts/kms.js';
import { licenceParts } from '../parts/licences.js';
import { macKeyParts } from '../parts/mac-keys.js';
import { ofdRendererParts } from '../parts/ofd.js';
import { ofdSealParts } from '../parts/ofd-seal.js';
import { qrParts } from '../parts/qr.js';
import { sqsParts } from '../parts/sms.js';
import type { CompositionParts } from '../parts/types.js';
import { certificateRoutes } from './certificate-routes.js';
import { lambdaHandler } from './lambda.js';

/** The heavy parts this module uses (they mirror its grants in lib/permissions.ts). */
export const parts: CompositionParts = {
  ...licenceParts,
  ...kmsParts,
  ...macKeyParts,
  ...sqsParts,
  ...qrParts,
  ...ofdRendererParts,
  ...ofdSealParts,
};

export const handler = lambdaHandler(certificateRoutes, parts);
