/**
 * What the AWS delivery function does with one queued audit entry (stream → EventBridge Pipe → SQS): route
 * it (idempotent) and try its delivery when due. The queue holds retries back: the answer says how long the
 * message should stay invisible before it comes back, or that it is done, or that the delivery ran out of
 * attempts and belongs in the dead-letter queue.
 */
import { type DomainEvent, eventsOfEntry, type RecordedEntry } from '../events/domain-events.js';
import { attemptDelivery } from './delivery.js';
import { routeEvent } from './routing.js';
import type { WebhookDependencies } from './webhook-context.js';

export type ConsumeOutcome =
  | { done: true }
  | { retryInSeconds: number }
  | { deadLetter: true; eventId: string; clientId: string };

/**
 * Handle one entry at `now`: each event it stands for (a batch's `case.issued` entry stands for one
 * `certificate.issued` per licence too). Several events answer together: the earliest retry keeps the message
 * coming back while any delivery is still to be tried (routing and delivered events are idempotent on the way),
 * otherwise the first that ran out of attempts sends the message to the dead-letter queue.
 */
export async function consumeQueuedEntry(
  deps: WebhookDependencies,
  entry: RecordedEntry,
  now: Date,
): Promise<ConsumeOutcome> {
  const outcomes: ConsumeOutcome[] = [];
  for (const event of eventsOfEntry(entry)) outcomes.push(await consumeEvent(deps, event, now));
  const retries = outcomes.flatMap((o) => ('retryInSeconds' in o ? [o.retryInSeconds] : []));
  if (retries.length > 0) return { retryInSeconds: Math.min(...retries) };
  return outcomes.find((o) => 'deadLetter' in o) ?? { done: true };
}

async function consumeEvent(
  deps: WebhookDependencies,
  event: DomainEvent,
  now: Date,
): Promise<ConsumeOutcome> {
  const delivery = await routeEvent(deps, event, now);
  if (delivery?.status !== 'PENDING') return { done: true };
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
      return { deadLetter: true, eventId: delivery.eventId, clientId: delivery.clientId };
    case 'SKIPPED': {
      // Another worker recorded an attempt first: follow what it recorded.
      const current = await deps.deliveries.get(delivery.clientId, delivery.deliveryKey);
      if (current?.status !== 'PENDING' || !current.nextAttemptAt) return { done: true };
      return {
        retryInSeconds: Math.max(1, Math.ceil((Date.parse(current.nextAttemptAt) - now.getTime()) / 1000)),
      };
    }
  }
}
