/** Lambda handler module: webhook registration and the delivery log. */
import { macKeyParts } from '../parts/mac-keys.js';
import type { CompositionParts } from '../parts/types.js';
import { lambdaHandler } from './lambda.js';
import { webhookRoutes } from './webhook-routes.js';

/** Secrets are sealed under a key derived from the KMS HMAC key (they mirror its grants in lib/permissions.ts). */
export const parts: CompositionParts = macKeyParts;

export const handler = lambdaHandler(webhookRoutes, parts);
