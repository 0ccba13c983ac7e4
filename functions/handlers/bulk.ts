/** Lambda handler module: the bulk issuance API (starts jobs, queues their chunks, reports progress). */
import { bulkQueueParts } from '../parts/bulk-queue.js';
import type { CompositionParts } from '../parts/types.js';
import { bulkRoutes } from './bulk-routes.js';
import { lambdaHandler } from './lambda.js';

/** Only the queue: rows are issued by `bulk-worker` (these mirror its grants in lib/permissions.ts). */
export const parts: CompositionParts = bulkQueueParts;

export const handler = lambdaHandler(bulkRoutes, parts);
