/** What the webhook services need (composed once per process; `composition.ts`). */
import type { AuditLog } from '../../ports/audit-log.js';
import type { CaseStore } from '../../ports/case-store.js';
import type { Clock } from '../../ports/clock.js';
import type { Ledger } from '../../ports/ledger.js';
import type { Random } from '../../ports/random.js';
import type { DeliveryStore, WebhookSecrets, WebhookStore, WebhookTransport } from '../../ports/webhooks.js';
import type { AddressPolicy } from './address-policy.js';
import type { ResolveHost } from './url-policy.js';

export interface WebhookDependencies {
  webhooks: WebhookStore;
  deliveries: DeliveryStore;
  secrets: WebhookSecrets;
  transport: WebhookTransport;
  resolveHost: ResolveHost;
  /** Owners of events: a case's client, a licence's issuing client. */
  cases: Pick<CaseStore, 'get'>;
  ledger: Pick<Ledger, 'get'>;
  audit: AuditLog;
  clock: Clock;
  random: Random;
  policy: AddressPolicy;
  /** One attempt's whole time (connect, send, status line). @default 5000 */
  timeoutMs: number;
  /** How long the delivery log keeps an entry. @default 30 */
  logRetentionDays: number;
}
