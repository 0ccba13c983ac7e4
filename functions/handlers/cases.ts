/** Lambda handler module: the cases routes (materials are decoded and checked on upload and at submit). */

import { macKeyParts } from '../parts/mac-keys.js';
import { materialParts } from '../parts/materials.js';
import { pledgeParts } from '../parts/pledges.js';
import type { CompositionParts } from '../parts/types.js';
import { caseRoutes } from './case-routes.js';
import { lambdaHandler } from './lambda.js';

/** The heavy parts this module uses (they mirror its grants in lib/permissions.ts). */
export const parts: CompositionParts = { ...materialParts, ...macKeyParts, ...pledgeParts };

export const handler = lambdaHandler(caseRoutes, parts);
