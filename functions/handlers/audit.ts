/** Lambda handler module: the audit trail, its signed checkpoints and the export. */
import { auditExportRoutes } from './audit-export-routes.js';
import { auditRoutes } from './audit-routes.js';
import { lambdaHandler } from './lambda.js';

export const handler = lambdaHandler([...auditRoutes, ...auditExportRoutes]);
