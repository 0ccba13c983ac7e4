/** Part: the webhook queue and its dead-letter queue (SQS), steered by the `webhook-deliveries` function. */
import { SQSClient } from '@aws-sdk/client-sqs';
import { type DeliveryQueue, SqsDeliveryQueue } from '../adapters/sqs-delivery-queue.js';
import type { Config } from '../config.js';

/** The queue of `config` (WEBHOOK_QUEUE_URL, WEBHOOK_DEAD_LETTER_QUEUE_URL); throws when either is missing. */
export function webhookDeliveryQueue(config: Config): DeliveryQueue {
  const { queueUrl, deadLetterQueueUrl } = config.webhooks;
  if (!queueUrl || !deadLetterQueueUrl)
    throw new Error('WEBHOOK_QUEUE_URL and WEBHOOK_DEAD_LETTER_QUEUE_URL are required by webhook-deliveries');
  return new SqsDeliveryQueue({
    client: new SQSClient({ region: config.region }),
    queueUrl,
    deadLetterQueueUrl,
  });
}
