/** Lambda handler module: the CA's CRL, OCSP responder and TSA certificates (the only user of the root key). */
import { caParts } from '../parts/ca.js';
import type { CompositionParts } from '../parts/types.js';
import { lambdaHandler } from './lambda.js';
import { pkiRoutes } from './pki-routes.js';

/** The heavy parts this module uses (they mirror its grants in lib/permissions.ts). */
export const parts: CompositionParts = { ...caParts };

export const handler = lambdaHandler(pkiRoutes, parts);
