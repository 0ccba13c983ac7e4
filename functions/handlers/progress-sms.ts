/**
 * Lambda handler module: the progress-SMS queue's consumer (办件提醒, AWS). Each message is an audit-table
 * stream record of a progress action (put there by an EventBridge Pipe that passes only those actions,
 * lib/progress-sms.ts). The applicant's message is claimed per event, sent to the SMS queue and audited; a
 * duplicate record finds the claim and sends nothing. A failed send gives the claim back and is reported as a
 * batch item failure: SQS retries it, and the redrive policy dead-letters it after the last receive.
 */
import { entryOfStreamRecord } from '../adapters/audit-stream-record.js';
import { consumeProgressEntry } from '../core/progress-sms/progress-pump.js';
import { sqsParts } from '../parts/sms.js';
import type { CompositionParts } from '../parts/types.js';
import { sharedDependencies } from './lambda.js';

/** Messages go to the SMS queue (sent through SNS by the `sms` function, with its retries). */
export const parts: CompositionParts = sqsParts;

interface SqsEvent {
  Records?: Array<{ messageId: string; body: string }>;
}

export const handler = async (event: SqsEvent) => {
  const deps = sharedDependencies(parts);
  const failures: Array<{ itemIdentifier: string }> = [];
  for (const record of event.Records ?? []) {
    const entry = entryOfStreamRecord(record.body);
    if (!entry) {
      deps.logger.error('malformed progress SMS message dropped', { messageId: record.messageId });
      continue;
    }
    try {
      const result = await consumeProgressEntry(deps.progressSms, entry);
      // Ids and kinds only: the recipient is in the audit entry, masked.
      deps.logger.info('progress SMS', {
        seq: entry.seq,
        action: entry.action,
        outcome: result.outcome,
        ...('reason' in result ? { reason: result.reason } : {}),
      });
    } catch (error) {
      deps.logger.warn('progress SMS failed; SQS will retry', {
        messageId: record.messageId,
        error: error instanceof Error ? error.name : String(error),
      });
      failures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures: failures };
};
