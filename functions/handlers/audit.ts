/** Lambda handler module: the audit routes. */

import { auditRoutes } from './audit-routes.js';
import { lambdaHandler } from './lambda.js';

export const handler = lambdaHandler(auditRoutes);
