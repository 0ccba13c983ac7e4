/**
 * Lambda handler module: the SMS queue's consumer. Sends each queued message through SNS; a failure is
 * reported per message (partial batch response), so SQS retries just those and, after the last attempt,
 * moves them to the dead-letter queue. A malformed message is dropped with a log line (retrying cannot help).
 */
import { parseQueuedSms } from '../adapters/sqs-sms-sender.js';
import { snsParts } from '../parts/sms.js';
import type { CompositionParts } from '../parts/types.js';
import { sharedDependencies } from './lambda.js';

export const parts: CompositionParts = snsParts;

interface SqsEvent {
  Records?: Array<{ messageId: string; body: string }>;
}

export const handler = async (event: SqsEvent) => {
  const deps = sharedDependencies(parts);
  const batchItemFailures: Array<{ itemIdentifier: string }> = [];
  for (const record of event.Records ?? []) {
    const message = parseQueuedSms(record.body);
    if (!message) {
      deps.logger.error('malformed SMS message dropped', { messageId: record.messageId });
      continue;
    }
    try {
      await deps.directSms.send(message);
    } catch (error) {
      deps.logger.warn('SMS send failed; SQS will retry', {
        messageId: record.messageId,
        error: error instanceof Error ? error.name : String(error),
      });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
};
