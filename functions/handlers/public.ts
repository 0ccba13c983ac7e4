/** Lambda handler module: the public routes. */

import type { CompositionParts } from '../parts/types.js';
import { lambdaHandler } from './lambda.js';
import { publicRoutes } from './public-routes.js';

/** The heavy parts this module uses (they mirror its grants in lib/permissions.ts). */
export const parts: CompositionParts = {};

export const handler = lambdaHandler(publicRoutes, parts);
