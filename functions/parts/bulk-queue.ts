/** Part: the bulk issuance queue (SQS, BULK_QUEUE_URL), used by the `certificates` and `bulk-worker` functions. */
import { SQSClient } from '@aws-sdk/client-sqs';
import { SqsBulkQueue } from '../adapters/sqs-bulk-queue.js';
import type { Config } from '../config.js';
import type { BulkQueue } from '../ports/bulk.js';

export function sqsBulkQueue(config: Config): BulkQueue | undefined {
  const { queueUrl } = config.bulk;
  return queueUrl
    ? new SqsBulkQueue({ client: new SQSClient({ region: config.region }), queueUrl })
    : undefined;
}

export const bulkQueueParts = { bulkQueue: sqsBulkQueue };
