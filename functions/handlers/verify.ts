/** Lambda handler module: public verification and the citizen's SMS link pages. */
import { lambdaHandler } from './lambda.js';
import { verificationRoutes } from './verification-routes.js';

export const handler = lambdaHandler(verificationRoutes);
