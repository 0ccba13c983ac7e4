/**
 * Lambda handler module: the progress-SMS consumer of the audit table's stream (办件提醒, AWS). A Lambda event
 * source mapping passes only new entries of the progress actions (lib/progress-sms.ts). Each event's message
 * is claimed, handed to the SMS queue and audited; a duplicate record finds the claim and sends nothing. A
 * failed send gives its claim back and stops the batch there (stream order): the mapping retries from that
 * record (partial batch response), and after its last attempt sends the record's position to the
 * dead-letter queue.
 */
import { entryOfStreamRecord } from '../adapters/audit-stream-record.js';
import { consumeProgressEntry } from '../core/progress-sms/progress-pump.js';
import { sqsParts } from '../parts/sms.js';
import type { CompositionParts } from '../parts/types.js';
import { sharedDependencies } from './lambda.js';

/** Messages go to the SMS queue (sent through SNS by the `sms` function, with its retries). */
export const parts: CompositionParts = sqsParts;

interface StreamRecord {
  eventName?: string;
  dynamodb?: { SequenceNumber?: string; NewImage?: unknown };
}

export const handler = async (event: { Records?: StreamRecord[] }) => {
  const deps = sharedDependencies(parts);
  for (const record of event.Records ?? []) {
    const entry = entryOfStreamRecord(JSON.stringify(record));
    if (!entry) {
      deps.logger.error('malformed audit stream record skipped', {
        sequenceNumber: record.dynamodb?.SequenceNumber,
      });
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
      deps.logger.warn('progress SMS failed; the stream mapping retries from this record', {
        seq: entry.seq,
        error: error instanceof Error ? error.name : String(error),
      });
      return { batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' }] };
    }
  }
  return { batchItemFailures: [] };
};
