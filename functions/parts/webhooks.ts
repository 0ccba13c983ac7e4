/**
 * The webhook dependencies (light: DynamoDB tables, node:https, DNS; the secrets come from the macKeys part).
 * Every module gets them; only the `webhooks` and `webhook-deliveries` functions are granted their tables.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DynamoAuditLog } from '../adapters/dynamodb-audit-log.js';
import {
  DynamoDeliveryStore,
  DynamoEventCursor,
  DynamoWebhookStore,
} from '../adapters/dynamodb-webhook-store.js';
import { HttpWebhookTransport, resolveHost } from '../adapters/http-webhook-transport.js';
import type { Config } from '../config.js';
import type { WebhookDependencies } from '../core/webhooks/webhook-context.js';
import type { CaseStore } from '../ports/case-store.js';
import type { Clock } from '../ports/clock.js';
import type { Ledger } from '../ports/ledger.js';
import type { Random } from '../ports/random.js';
import type { EventCursor, WebhookSecrets } from '../ports/webhooks.js';

/** One attempt's whole time: a receiver should answer at once and process later. */
export const WEBHOOK_TIMEOUT_MS = 5000;
/** Days the delivery log keeps an entry (DynamoDB TTL). */
export const WEBHOOK_LOG_RETENTION_DAYS = 30;

export function composeWebhooks(
  config: Config,
  shared: {
    doc: DynamoDBDocumentClient;
    audit: DynamoAuditLog;
    clock: Clock;
    random: Random;
    cases: CaseStore;
    ledger: Ledger;
  },
  secrets: WebhookSecrets,
): WebhookDependencies & { cursor: EventCursor } {
  const policy = { allowLoopback: config.webhooks.allowLoopback };
  return {
    webhooks: new DynamoWebhookStore({ client: shared.doc, tableName: config.tables.webhooks }),
    deliveries: new DynamoDeliveryStore({
      client: shared.doc,
      tableName: config.tables.webhookDeliveries,
      clock: shared.clock,
    }),
    cursor: new DynamoEventCursor({ client: shared.doc, tableName: config.tables.counters }),
    secrets,
    transport: new HttpWebhookTransport({ policy }),
    resolveHost,
    cases: shared.cases,
    ledger: shared.ledger,
    audit: shared.audit,
    clock: shared.clock,
    random: shared.random,
    policy,
    timeoutMs: WEBHOOK_TIMEOUT_MS,
    logRetentionDays: WEBHOOK_LOG_RETENTION_DAYS,
  };
}
