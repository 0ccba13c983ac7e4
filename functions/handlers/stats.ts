/** Lambda handler module: statistics. */

import type { CompositionParts } from '../parts/types.js';
import { lambdaHandler } from './lambda.js';
import { statsRoutes } from './stats-routes.js';

/** The heavy parts this module uses (they mirror its grants in lib/permissions.ts). */
export const parts: CompositionParts = {};

export const handler = lambdaHandler(statsRoutes, parts);
