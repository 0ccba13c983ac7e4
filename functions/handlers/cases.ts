/** Lambda handler module: the cases routes. */

import { caseRoutes } from './case-routes.js';
import { lambdaHandler } from './lambda.js';

export const handler = lambdaHandler(caseRoutes);
