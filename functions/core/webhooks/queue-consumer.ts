/**
 * What the AWS delivery function does with one queued audit entry (stream → EventBridge Pipe → SQS): route
 * it (idempotent) and try its deliveries when due. The queue holds retries back: the answer says how long the
 * message should stay invisible before it comes back, or that it is done, or which deliveries ran out of
 * attempts — the message then belongs in the dead-letter queue, naming every one of them.
 *
 * A dead letter redriven to the queue comes back naming those deliveries: each that is still FAILED as it
 * was dead-lettered is reopened with a fresh round of attempts (`redrives` + 1 in the delivery log); nothing
 * else of the entry is touched, so what was delivered is never sent again.
 */
import { type DomainEvent, eventsOfEntry, type RecordedEntry } from '../events/domain-events.js';
import { attemptDelivery } from './delivery.js';
import type { DeliveryRecord } from './model.js';
import { routeEvent } from './routing.js';
import type { WebhookDependencies } from './webhook-context.js';

/**
 * A delivery out of attempts, as its dead letter names it. `redrives` is the count it had then: a redrive
 * reopens it only while that count is unchanged, so one dead letter buys one fresh round, however often its
 * message comes back.
 */
export interface FailedDelivery {
  eventId: string;
  clientId: string;
  redrives: number;
}

export type ConsumeOutcome =
  | { done: true }
  | { retryInSeconds: number }
  | { deadLetter: true; failed: FailedDelivery[] };

type EventOutcome = { done: true } | { retryInSeconds: number } | { failed: FailedDelivery };

/**
 * Handle one entry at `now`: each event it stands for (a batch's `case.issued` entry stands for one
 * `certificate.issued` per licence too). Several events answer together: the earliest retry keeps the message
 * coming back while any delivery is still to be tried (routing and settled deliveries are idempotent on the
 * way); then every delivery of the entry that is FAILED — now or on an earlier receive — is named for the
 * dead-letter queue. `redriven`: the deliveries a redriven dead letter names (only those events are handled).
 */
export async function consumeQueuedEntry(
  deps: WebhookDependencies,
  entry: RecordedEntry,
  now: Date,
  redriven?: readonly FailedDelivery[],
): Promise<ConsumeOutcome> {
  const events = eventsOfEntry(entry).filter(
    (event) => !redriven || redriven.some((named) => named.eventId === event.id),
  );
  const outcomes: EventOutcome[] = [];
  for (const event of events) outcomes.push(await consumeEvent(deps, event, now, redriven ?? []));
  const retries = outcomes.flatMap((o) => ('retryInSeconds' in o ? [o.retryInSeconds] : []));
  if (retries.length > 0) return { retryInSeconds: Math.min(...retries) };
  const failed = outcomes.flatMap((o) => ('failed' in o ? [o.failed] : []));
  return failed.length > 0 ? { deadLetter: true, failed } : { done: true };
}

const failedOf = (record: DeliveryRecord): { failed: FailedDelivery } => ({
  failed: { eventId: record.eventId, clientId: record.clientId, redrives: record.redrives ?? 0 },
});

async function consumeEvent(
  deps: WebhookDependencies,
  event: DomainEvent,
  now: Date,
  redriven: readonly FailedDelivery[],
): Promise<EventOutcome> {
  const routed = await routeEvent(deps, event, now);
  const delivery = routed?.status === 'FAILED' ? await reopenRedriven(deps, routed, redriven, now) : routed;
  if (!delivery || delivery.status === 'DELIVERED') return { done: true };
  // Still FAILED: dead-lettered now or before (a sibling was still retrying, or sending the dead letter
  // failed) — named again rather than lost; a duplicate dead letter is the lesser harm.
  if (delivery.status === 'FAILED') return failedOf(delivery);
  const dueInMs = Date.parse(delivery.nextAttemptAt ?? '') - now.getTime();
  // Back early (a duplicate message, or a visibility change that did not take): wait for the schedule.
  if (dueInMs > 1000) return { retryInSeconds: Math.ceil(dueInMs / 1000) };
  const attempt = await attemptDelivery(deps, delivery, now);
  switch (attempt.outcome) {
    case 'DELIVERED':
      return { done: true };
    case 'RETRY':
      return { retryInSeconds: attempt.retryInSeconds };
    case 'FAILED':
      return failedOf(attempt.record);
    case 'SKIPPED':
      return followRecorded(deps, delivery, now);
  }
}

/** Another worker recorded an attempt first: follow what it recorded. */
async function followRecorded(
  deps: WebhookDependencies,
  delivery: DeliveryRecord,
  now: Date,
): Promise<EventOutcome> {
  const current = await deps.deliveries.get(delivery.clientId, delivery.deliveryKey);
  if (current?.status === 'FAILED') return failedOf(current);
  if (current?.status !== 'PENDING' || !current.nextAttemptAt) return { done: true };
  return {
    retryInSeconds: Math.max(1, Math.ceil((Date.parse(current.nextAttemptAt) - now.getTime()) / 1000)),
  };
}

/**
 * `delivery` (FAILED) reopened for a fresh round when `redriven` names it with its current redrive count;
 * otherwise as it is. The write is conditional: of two copies of one dead letter, one reopens it.
 */
async function reopenRedriven(
  deps: WebhookDependencies,
  delivery: DeliveryRecord,
  redriven: readonly FailedDelivery[],
  now: Date,
): Promise<DeliveryRecord> {
  const redrives = delivery.redrives ?? 0;
  const named = redriven.some(
    (r) => r.eventId === delivery.eventId && r.clientId === delivery.clientId && r.redrives === redrives,
  );
  if (!named) return delivery;
  const at = now.toISOString();
  const reopened: DeliveryRecord = {
    ...delivery,
    status: 'PENDING',
    attempts: 0,
    nextAttemptAt: at,
    dueQueue: 'DUE',
    redrives: redrives + 1,
    redrivenAt: at,
    // The new round (≈ 28 h) must stay in the log.
    expiresAtEpoch: Math.max(
      delivery.expiresAtEpoch,
      Math.floor(now.getTime() / 1000) + deps.logRetentionDays * 86_400,
    ),
  };
  if (await deps.deliveries.reopen(reopened, delivery.attempts)) return reopened;
  return (await deps.deliveries.get(delivery.clientId, delivery.deliveryKey)) ?? delivery;
}
