/** Part: the bulk issuance queue (SQS, BULK_QUEUE_URL), used by the `bulk` and `bulk-worker` functions. */
import { SQSClient } from '@aws-sdk/client-sqs';
import { SqsBulkQueue } from '../adapters/sqs-bulk-queue.js';
import type { Config } from '../config.js';
import type { BulkQueue } from '../ports/bulk.js';

let localQueue: BulkQueue | undefined;

/**
 * The local runtime's queue (its worker_threads pool, bin/local/bulk-pool.ts), used instead of SQS by every
 * composition of this process made afterwards. Never set on Lambda.
 */
export function useLocalBulkQueue(queue: BulkQueue | undefined): void {
  localQueue = queue;
}

export function sqsBulkQueue(config: Config): BulkQueue | undefined {
  if (localQueue) return localQueue;
  const { queueUrl } = config.bulk;
  return queueUrl
    ? new SqsBulkQueue({ client: new SQSClient({ region: config.region }), queueUrl })
    : undefined;
}

export const bulkQueueParts = { bulkQueue: sqsBulkQueue };
