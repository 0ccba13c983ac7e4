/**
 * The statistics on AWS: the cases table's stream (new and old images) → the stats-stream function through an
 * event source mapping with a batching window, bisect on error, a bounded retry and a dead-letter queue
 * (encrypted, alarmed); the function may write the counters table only; no cdk-nag finding.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  STATS_STREAM_BATCH_SIZE,
  STATS_STREAM_RETRY_ATTEMPTS,
  STATS_STREAM_WINDOW_SECONDS,
} from '../../lib/stats-stream.js';
import {
  actionsOf,
  logicalId,
  moduleRoleId,
  resourcesOf,
  roleStatements,
  type Synthesized,
  synthesize,
} from './synth.js';

describe('statistics aggregator on AWS (bundling skipped)', () => {
  let s: Synthesized;
  beforeAll(() => {
    s = synthesize({ stage: 'prod' });
  });

  it('streams the cases table with old and new images to the stats-stream function, in filled batches', () => {
    const stack = s.built.stack;
    const fn = stack.handlers.functions.get('stats-stream');
    if (!fn || !stack.statsStream) throw new Error('no stats-stream function');
    const cases = logicalId(stack.data.tables.cases);
    const table = resourcesOf(s.template, 'AWS::DynamoDB::Table')[cases]?.Properties;
    expect(table?.StreamSpecification).toEqual({ StreamViewType: 'NEW_AND_OLD_IMAGES' });
    const mapping = Object.values(resourcesOf(s.template, 'AWS::Lambda::EventSourceMapping')).find((m) =>
      JSON.stringify(m.Properties.FunctionName).includes(logicalId(fn)),
    )?.Properties;
    expect(JSON.stringify(mapping?.EventSourceArn)).toContain(cases);
    expect(mapping?.BatchSize).toBe(STATS_STREAM_BATCH_SIZE);
    expect(mapping?.MaximumBatchingWindowInSeconds).toBe(STATS_STREAM_WINDOW_SECONDS);
    expect(mapping?.MaximumRetryAttempts).toBe(STATS_STREAM_RETRY_ATTEMPTS);
    expect(mapping?.BisectBatchOnFunctionError).toBe(true);
    expect(JSON.stringify(mapping?.DestinationConfig.OnFailure.Destination)).toContain(
      logicalId(stack.statsStream.deadLetters),
    );
  });

  it('encrypts the dead-letter queue with the data key and alarms on it', () => {
    const stack = s.built.stack;
    const dlq = logicalId(stack.statsStream?.deadLetters ?? stack);
    const queue = resourcesOf(s.template, 'AWS::SQS::Queue')[dlq]?.Properties ?? {};
    expect(JSON.stringify(queue.KmsMasterKeyId)).toContain(logicalId(stack.keys.dataKey));
    const alarms = Object.values(resourcesOf(s.template, 'AWS::CloudWatch::Alarm'));
    expect(alarms.some((a) => JSON.stringify(a.Properties.Dimensions ?? []).includes(dlq))).toBe(true);
  });

  it('lets the function write the counters table and nothing else', () => {
    const statements = roleStatements(s, moduleRoleId(s, 'stats-stream'));
    const tables = s.built.stack.data.tables;
    const writes = statements.filter((st) => actionsOf(st).includes('dynamodb:UpdateItem'));
    const written = writes.map((st) => JSON.stringify(st.Resource)).join(' ');
    expect(written).toContain(logicalId(tables.counters));
    for (const t of [tables.cases, tables.ledger, tables.audit, tables.idempotency])
      expect(written).not.toContain(logicalId(t));
    expect(statements.flatMap(actionsOf)).not.toContain('kms:Sign');
    expect(statements.flatMap(actionsOf)).not.toContain('s3:PutObject');
  });

  it('leaves no cdk-nag finding', () => {
    expect(s.nagFindings).toEqual([]);
  });
});
