/** Lambda handler module: the public routes. */

import { templateParts } from '../parts/templates.js';
import type { CompositionParts } from '../parts/types.js';
import { lambdaHandler } from './lambda.js';
import { publicRoutes } from './public-routes.js';

/** The heavy parts this module uses (they mirror its grants in lib/permissions.ts). */
export const parts: CompositionParts = { ...templateParts };

export const handler = lambdaHandler(publicRoutes, parts);
