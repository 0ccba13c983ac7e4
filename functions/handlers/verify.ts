/** Lambda handler module: public verification and the citizen's SMS link pages. */

import { ofdRendererParts } from '../parts/ofd.js';
import { ofdSealParts } from '../parts/ofd-seal.js';
import { qrParts } from '../parts/qr.js';
import type { CompositionParts } from '../parts/types.js';
import { lambdaHandler } from './lambda.js';
import { verificationRoutes } from './verification-routes.js';

/** The heavy parts this module uses (they mirror its grants in lib/permissions.ts). */
export const parts: CompositionParts = { ...qrParts, ...ofdRendererParts, ...ofdSealParts };

export const handler = lambdaHandler(verificationRoutes, parts);
