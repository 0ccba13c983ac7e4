/**
 * Lambda handler module: the webhook queue's consumer (AWS). Each message is an audit-table stream record
 * (put there by an EventBridge Pipe that passes only the event actions), or a dead letter an operator redrove
 * to the queue (the record wrapped with the deliveries that failed). It is routed to its clients and tried;
 * a failed attempt keeps the message invisible until the next attempt is due and is reported as a batch item
 * failure; deliveries out of attempts go to the dead-letter queue, all named in one dead letter; anything
 * unexpected is reported as a failure with the queue's own visibility (and dead-letters after the redrive's
 * maxReceiveCount).
 */
import { entryOfStreamRecord } from '../adapters/audit-stream-record.js';
import { type DeliveryQueue, readQueuedMessage } from '../adapters/sqs-delivery-queue.js';
import type { AppDependencies } from '../composition.js';
import { consumeQueuedEntry } from '../core/webhooks/queue-consumer.js';
import { macKeyParts } from '../parts/mac-keys.js';
import type { CompositionParts } from '../parts/types.js';
import { webhookDeliveryQueue } from '../parts/webhook-queue.js';
import { sharedDependencies } from './lambda.js';

/** Secrets are opened with the key derived from the KMS HMAC key. */
export const parts: CompositionParts = macKeyParts;

export interface SqsRecord {
  messageId: string;
  receiptHandle: string;
  body: string;
}

interface SqsEvent {
  Records?: SqsRecord[];
}

let queue: DeliveryQueue | undefined;

export const handler = async (event: SqsEvent) => {
  const deps = sharedDependencies(parts);
  queue ??= webhookDeliveryQueue(deps.config);
  return consumeWebhookMessages(deps, queue, event.Records ?? []);
};

/** One batch of queue messages; the answer is SQS's partial batch response. */
export async function consumeWebhookMessages(
  deps: Pick<AppDependencies, 'webhooks' | 'logger' | 'clock'>,
  steer: DeliveryQueue,
  records: readonly SqsRecord[],
): Promise<{ batchItemFailures: Array<{ itemIdentifier: string }> }> {
  const failures: Array<{ itemIdentifier: string }> = [];
  // One slow receiver must not hold up the batch: the attempts run side by side, each bounded by its timeout.
  await Promise.all(
    records.map(async (record) => {
      const message = readQueuedMessage(record.body);
      const entry = entryOfStreamRecord(message.body);
      if (!entry) {
        deps.logger.error('malformed webhook queue message dropped', { messageId: record.messageId });
        return;
      }
      try {
        const outcome = await consumeQueuedEntry(deps.webhooks, entry, deps.clock.now(), message.redriven);
        if ('retryInSeconds' in outcome) {
          await steer.postpone(record.receiptHandle, outcome.retryInSeconds);
          failures.push({ itemIdentifier: record.messageId });
        } else if ('deadLetter' in outcome) {
          await steer.deadLetter(message.body, outcome.failed);
          // Event ids only: they find the deliveries (and their clients) without any personal data.
          deps.logger.warn('webhook deliveries failed after their last attempt', {
            eventIds: outcome.failed.map((f) => f.eventId),
            redriven: message.redriven !== undefined,
          });
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
}
