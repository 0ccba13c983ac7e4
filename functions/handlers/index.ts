/**
 * The handler modules — one Lambda each — and the routes each serves. The CDK stack makes one function and
 * API Gateway routes per entry; the local runtime dispatches requests with the same table.
 */
import type { AppDependencies } from '../composition.js';
import type { RouteDefinition } from '../http/route.js';
import { auditExportRoutes } from './audit-export-routes.js';
import { auditRoutes } from './audit-routes.js';
import { bulkRoutes } from './bulk-routes.js';
import { caseRoutes } from './case-routes.js';
import { certificateRoutes } from './certificate-routes.js';
import { pkiRoutes } from './pki-routes.js';
import { publicRoutes } from './public-routes.js';
import { statsRoutes } from './stats-routes.js';
import { statusListRoutes } from './status-list-routes.js';
import { verificationRoutes } from './verification-routes.js';
import { webhookRoutes } from './webhook-routes.js';

export interface HandlerModule {
  /** Module file under `functions/handlers/` (without extension) and the Lambda's logical name. */
  name: string;
  routes: RouteDefinition<AppDependencies>[];
}

export const handlerModules: HandlerModule[] = [
  { name: 'public', routes: publicRoutes },
  // The CA's CRL, OCSP responder and TSA certificates: the one function that may sign with the root key.
  { name: 'pki', routes: pkiRoutes },
  { name: 'cases', routes: caseRoutes },
  { name: 'audit', routes: [...auditRoutes, ...auditExportRoutes] },
  { name: 'certificates', routes: certificateRoutes },
  { name: 'verify', routes: verificationRoutes },
  { name: 'stats', routes: statsRoutes },
  // Token status lists (public, built from the ledger's index and signed with their own KMS key).
  { name: 'status-lists', routes: statusListRoutes },
  // Scheduled jobs (EventBridge → `{ job }`): a function without HTTP routes.
  { name: 'jobs', routes: [] },
  // S3 events of the materials bucket (presigned uploads landing): no HTTP routes either.
  { name: 'uploads', routes: [] },
  // The SMS queue's consumer (sends through SNS with retries; failures end in the dead-letter queue).
  { name: 'sms', routes: [] },
  // Webhook registration and the delivery log.
  { name: 'webhooks', routes: webhookRoutes },
  // The webhook queue's consumer (audit stream → pipe → queue): routes and delivers events, SQS holds retries.
  { name: 'webhook-deliveries', routes: [] },
  // The progress-SMS queue's consumer (audit stream → pipe → queue): 办件提醒, one SMS per case event.
  { name: 'progress-sms', routes: [] },
  // Bulk issuance: the API (starts jobs, reports progress) and the queue's consumer that issues the rows.
  { name: 'bulk', routes: bulkRoutes },
  { name: 'bulk-worker', routes: [] },
  // The statistics aggregator: the cases table's stream → one counter update per counter a batch touches.
  { name: 'stats-stream', routes: [] },
];
