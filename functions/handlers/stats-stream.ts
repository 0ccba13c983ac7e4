/**
 * Lambda handler module: the statistics aggregator, fed by the cases table's DynamoDB stream (AWS,
 * lib/stats-stream.ts) or by the local DynamoDB gateway's change feed (bin/local/stats-feed.ts) with records
 * of the same shape. A batch of case changes becomes one update per counter it touches, added once per batch
 * (functions/adapters/dynamodb-stats-aggregates.ts). A failure fails the whole batch: the mapping retries it
 * (the same batch adds nothing twice), then halves it, and after its last attempt sends the batch's position
 * to the dead-letter queue.
 */
import {
  batchIdOf,
  type CaseStreamRecord,
  caseChangeOfStreamRecord,
} from '../adapters/case-stream-records.js';
import type { AppDependencies } from '../composition.js';
import { aggregateStatsBatch } from '../core/stats/case-changes.js';
import type { CompositionParts } from '../parts/types.js';
import { sharedDependencies } from './lambda.js';

/** Only DynamoDB: no signer, no queue. */
export const parts: CompositionParts = {};

/** The aggregator over `deps` (the Lambda's composition, or a test's). */
export const aggregateStatsEvent = async (deps: AppDependencies, event: { Records?: CaseStreamRecord[] }) => {
  const records = event.Records ?? [];
  const changes = records.flatMap((record) => {
    const change = caseChangeOfStreamRecord(record);
    if (!change)
      deps.logger.warn('stream record of no case change skipped', {
        sequenceNumber: record.dynamodb?.SequenceNumber,
      });
    return change ? [change] : [];
  });
  const result = await aggregateStatsBatch(
    { aggregates: deps.statsAggregates, calendar: deps.cases.calendar },
    batchIdOf(records),
    changes,
  );
  deps.logger.info('statistics aggregated', { records: records.length, ...result });
  return { records: records.length, ...result };
};

export const handler = (event: { Records?: CaseStreamRecord[] }) =>
  aggregateStatsEvent(sharedDependencies(parts), event);
