/** Lambda handler module: the public routes. */
import { lambdaHandler } from './lambda.js';
import { publicRoutes } from './public-routes.js';

export const handler = lambdaHandler(publicRoutes);
