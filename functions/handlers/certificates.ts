/** Lambda handler module: the certificates routes (issuance renders and seals: more memory, longer timeout). */
import { certificateRoutes } from './certificate-routes.js';
import { lambdaHandler } from './lambda.js';

export const handler = lambdaHandler(certificateRoutes);
