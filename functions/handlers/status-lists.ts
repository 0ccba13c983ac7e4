/** Lambda handler module: the token status lists and their key. */

import { statusListParts } from '../parts/status-lists.js';
import type { CompositionParts } from '../parts/types.js';
import { lambdaHandler } from './lambda.js';
import { statusListRoutes } from './status-list-routes.js';

/** The heavy parts this module uses (they mirror its grants in lib/permissions.ts). */
export const parts: CompositionParts = { ...statusListParts };

export const handler = lambdaHandler(statusListRoutes, parts);
