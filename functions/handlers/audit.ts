/** Lambda handler module: the audit trail, its signed checkpoints and the export. */

import type { CompositionParts } from '../parts/types.js';
import { auditExportRoutes } from './audit-export-routes.js';
import { auditRoutes } from './audit-routes.js';
import { lambdaHandler } from './lambda.js';

/** The heavy parts this module uses (they mirror its grants in lib/permissions.ts). */
export const parts: CompositionParts = {};

export const handler = lambdaHandler([...auditRoutes, ...auditExportRoutes], parts);
