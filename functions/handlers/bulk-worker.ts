/**
 * Lambda handler module: the bulk queue's consumer (AWS). Each message is a chunk to run (or a split, or the
 * results' assembly), run through core/bulk exactly as the local worker pool runs it. A failed message is
 * reported as a batch item failure; a throttled one (KMS Sign, DynamoDB) is also kept invisible for an
 * exponentially growing, jittered time (ChangeMessageVisibility), so the fleet slows down instead of
 * retrying into the throttle; after the redrive's maxReceiveCount a message goes to the dead-letter queue.
 * The function's concurrency is bounded by its event source's maximumConcurrency (lib/bulk.ts).
 */
import { isThrottling, retryDelaySeconds } from '../core/bulk/backoff.js';
import { handleBulkMessage } from '../core/bulk/handle-message.js';
import type { BulkMessage } from '../core/bulk/model.js';
import { bulkQueueParts } from '../parts/bulk-queue.js';
import { kmsParts } from '../parts/kms.js';
import { licenceParts } from '../parts/licences.js';
import { macKeyParts } from '../parts/mac-keys.js';
import { qrParts } from '../parts/qr.js';
import type { CompositionParts } from '../parts/types.js';
import { sharedDependencies } from './lambda.js';

/** Renders and seals (fonts, KMS seal key), holder keys, QR payloads, the queue (mirrors lib/permissions.ts). */
export const parts: CompositionParts = {
  ...licenceParts,
  ...kmsParts,
  ...macKeyParts,
  ...qrParts,
  ...bulkQueueParts,
};

interface SqsEvent {
  Records?: Array<{
    messageId: string;
    receiptHandle: string;
    body: string;
    attributes?: { ApproximateReceiveCount?: string };
  }>;
}

export const handler = async (event: SqsEvent) => {
  const deps = sharedDependencies(parts);
  const failures: Array<{ itemIdentifier: string }> = [];
  for (const record of event.Records ?? []) {
    let message: BulkMessage;
    try {
      message = JSON.parse(record.body) as BulkMessage;
    } catch {
      deps.logger.error('malformed bulk queue message dropped', { messageId: record.messageId });
      continue;
    }
    try {
      await handleBulkMessage(deps.bulk, message);
    } catch (error) {
      const throttled = isThrottling(error);
      const receives = Number(record.attributes?.ApproximateReceiveCount ?? 1);
      deps.logger.warn('bulk message failed; it is retried', {
        messageId: record.messageId,
        kind: message.kind,
        throttled,
        receives,
        error: error instanceof Error ? error.name : String(error),
      });
      if (throttled) {
        await deps.bulk.queue
          .postpone?.(record.receiptHandle, retryDelaySeconds(receives, true, Math.random()))
          .catch(() => undefined);
      }
      failures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures: failures };
};
