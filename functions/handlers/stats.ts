/** Lambda handler module: statistics. */
import { lambdaHandler } from './lambda.js';
import { statsRoutes } from './stats-routes.js';

export const handler = lambdaHandler(statsRoutes);
