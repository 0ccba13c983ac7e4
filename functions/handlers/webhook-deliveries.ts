/**
 * Lambda handler module: the webhook queue's consumer (AWS). Each message is an audit-table stream record
 * (put there by an EventBridge Pipe that passes only the event actions). It is routed to its client and tried;
 * a failed attempt keeps the message invisible until the next attempt is due and is reported as a batch item
 * failure; a delivery out of attempts goes to the dead-letter queue; anything unexpected is reported as a
 * failure with the queue's own visibility (and dead-letters after the redrive's maxReceiveCount).
 */
import { entryOfStreamRecord } from '../adapters/audit-stream-record.js';
import type { DeliveryQueue } from '../adapters/sqs-delivery-queue.js';
import { consumeQueuedEntry } from '../core/webhooks/queue-consumer.js';
import { macKeyParts } from '../parts/mac-keys.js';
import type { CompositionParts } from '../parts/types.js';
import { webhookDeliveryQueue } from '../parts/webhook-queue.js';
import { sharedDependencies } from './lambda.js';

/** Secrets are opened with the key derived from the KMS HMAC key. */
export const parts: CompositionParts = macKeyParts;

interface SqsEvent {
  Records?: Array<{ messageId: string; receiptHandle: string; body: string }>;
}

let queue: DeliveryQueue | undefined;

export const handler = async (event: SqsEvent) => {
  const deps = sharedDependencies(parts);
  queue ??= webhookDeliveryQueue(deps.config);
  const steer = queue;
  const failures: Array<{ itemIdentifier: string }> = [];
  // One slow receiver must not hold up the batch: the attempts run side by side, each bounded by its timeout.
  await Promise.all(
    (event.Records ?? []).map(async (record) => {
      const entry = entryOfStreamRecord(record.body);
      if (!entry) {
        deps.logger.error('malformed webhook queue message dropped', { messageId: record.messageId });
        return;
      }
      try {
        const outcome = await consumeQueuedEntry(deps.webhooks, entry, deps.clock.now());
        if ('retryInSeconds' in outcome) {
          await steer.postpone(record.receiptHandle, outcome.retryInSeconds);
          failures.push({ itemIdentifier: record.messageId });
        } else if ('deadLetter' in outcome) {
          await steer.deadLetter(record.body, { eventId: outcome.eventId, clientId: outcome.clientId });
          deps.logger.warn('webhook delivery failed after its last attempt', { eventId: outcome.eventId });
        }
      } catch (error) {
        deps.logger.error('webhook delivery errored; SQS will retry', {
          messageId: record.messageId,
          error: error instanceof Error ? error.name : String(error),
        });
        failures.push({ itemIdentifier: record.messageId });
      }
    }),
  );
  return { batchItemFailures: failures };
};
