/**
 * One delivery attempt: sign, POST (bounded by `timeoutMs`, no body read), record the outcome. A 2xx answer
 * delivers; anything else is retried on the schedule of `backoff.ts` until the attempts run out (FAILED,
 * dead-lettered). Two workers trying the same delivery at once (a duplicate queue message) both POST — at
 * least once — but only one records its attempt (conditional on `attempts`).
 */
import { retryDelaySeconds } from './backoff.js';
import type { DeliveryRecord, TransportResult } from './model.js';
import { webhookHeaders } from './signature.js';
import type { WebhookDependencies } from './webhook-context.js';

/** DELIVERED / RETRY (at `nextAttemptAt`) / FAILED (no attempt left) / SKIPPED (nothing to do, or raced). */
export type AttemptOutcome =
  | { outcome: 'DELIVERED'; record: DeliveryRecord }
  | { outcome: 'RETRY'; record: DeliveryRecord; retryInSeconds: number }
  | { outcome: 'FAILED'; record: DeliveryRecord }
  | { outcome: 'SKIPPED'; record: DeliveryRecord };

const succeeded = (result: TransportResult) =>
  'status' in result && result.status >= 200 && result.status < 300;

/** Try `record` once at `now` (if still PENDING) and record what happened. */
export async function attemptDelivery(
  deps: WebhookDependencies,
  record: DeliveryRecord,
  now: Date,
): Promise<AttemptOutcome> {
  if (record.status !== 'PENDING') return { outcome: 'SKIPPED', record };
  const webhook = await deps.webhooks.get(record.clientId);
  const result: TransportResult = webhook
    ? await deps.transport.post(
        webhook.url,
        webhookHeaders(
          await deps.secrets.open(record.clientId, webhook.sealedSecret),
          record.eventId,
          Math.floor(now.getTime() / 1000),
          record.body,
        ),
        record.body,
        deps.timeoutMs,
      )
    : { error: 'INVALID_URL' };
  const attempts = record.attempts + 1;
  const next: DeliveryRecord = {
    ...record,
    attempts,
    lastStatus: 'status' in result ? result.status : result.error,
    lastAttemptAt: now.toISOString(),
  };
  let outcome: AttemptOutcome;
  if (succeeded(result)) {
    next.status = 'DELIVERED';
    next.deliveredAt = now.toISOString();
    outcome = { outcome: 'DELIVERED', record: next };
  } else {
    const delay = retryDelaySeconds(attempts);
    if (delay === undefined) {
      next.status = 'FAILED';
      outcome = { outcome: 'FAILED', record: next };
    } else {
      next.nextAttemptAt = new Date(now.getTime() + delay * 1000).toISOString();
      outcome = { outcome: 'RETRY', record: next, retryInSeconds: delay };
    }
  }
  if (next.status !== 'PENDING') {
    delete next.nextAttemptAt;
    delete next.dueQueue;
  }
  const recorded = await deps.deliveries.recordAttempt(next, record.attempts);
  return recorded ? outcome : { outcome: 'SKIPPED', record };
}
