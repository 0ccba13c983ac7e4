/**
 * 办件提醒 on AWS: the audit table's stream (the webhooks' event source) → the progress-sms function through an
 * event source mapping that passes only INSERTs of the progress actions, with partial batch responses, a
 * bounded retry and a dead-letter queue (encrypted, alarmed); the function may read cases, claim events in
 * the idempotency table, write links, append audit entries and enqueue SMS — nothing else; no cdk-nag finding.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { PROGRESS_ACTION_NAMES } from '../../functions/core/progress-sms/deliver.js';
import { PROGRESS_SMS_RETRY_ATTEMPTS } from '../../lib/progress-sms.js';
import {
  actionsOf,
  logicalId,
  moduleRoleId,
  resourcesOf,
  roleStatements,
  type Synthesized,
  synthesize,
} from './synth.js';

describe('progress SMS on AWS (bundling skipped)', () => {
  let s: Synthesized;
  beforeAll(() => {
    s = synthesize({ stage: 'prod' });
  });

  it('maps only new entries of the progress actions from the audit stream to the progress-sms function', () => {
    const stack = s.built.stack;
    const fn = stack.handlers.functions.get('progress-sms');
    if (!fn || !stack.progressSms) throw new Error('no progress-sms function');
    const audit = logicalId(stack.data.tables.audit);
    const mapping = Object.values(resourcesOf(s.template, 'AWS::Lambda::EventSourceMapping')).find((m) =>
      JSON.stringify(m.Properties.FunctionName).includes(logicalId(fn)),
    )?.Properties;
    expect(JSON.stringify(mapping?.EventSourceArn)).toContain(audit);
    expect(JSON.stringify(mapping?.EventSourceArn)).toContain('StreamArn');
    expect(mapping?.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    expect(mapping?.MaximumRetryAttempts).toBe(PROGRESS_SMS_RETRY_ATTEMPTS);
    expect(mapping?.BisectBatchOnFunctionError).toBe(true);
    expect(JSON.stringify(mapping?.DestinationConfig.OnFailure.Destination)).toContain(
      logicalId(stack.progressSms.deadLetters),
    );
    const pattern = JSON.parse(mapping?.FilterCriteria.Filters[0].Pattern);
    expect(pattern).toEqual({
      eventName: ['INSERT'],
      dynamodb: { NewImage: { action: { S: [...PROGRESS_ACTION_NAMES] } } },
    });
    // Exactly one message per issuance batch: the per-licence entries never reach the function.
    expect(PROGRESS_ACTION_NAMES).toContain('case.issued');
    expect(PROGRESS_ACTION_NAMES).not.toContain('certificate.issued');
  });

  it('encrypts the dead-letter queue with the data key and alarms on it', () => {
    const stack = s.built.stack;
    const dlq = logicalId(stack.progressSms?.deadLetters ?? stack);
    const queue = resourcesOf(s.template, 'AWS::SQS::Queue')[dlq]?.Properties ?? {};
    expect(JSON.stringify(queue.KmsMasterKeyId)).toContain(logicalId(stack.keys.dataKey));
    const alarms = Object.values(resourcesOf(s.template, 'AWS::CloudWatch::Alarm'));
    expect(alarms.some((a) => JSON.stringify(a.Properties.Dimensions ?? []).includes(dlq))).toBe(true);
  });

  it('lets the function write only the idempotency, SMS link and audit tables and enqueue SMS', () => {
    const statements = roleStatements(s, moduleRoleId(s, 'progress-sms'));
    const tables = s.built.stack.data.tables;
    const writes = statements.filter((st) => actionsOf(st).includes('dynamodb:PutItem'));
    const written = writes.map((st) => JSON.stringify(st.Resource)).join(' ');
    for (const t of [tables.idempotency, tables.smsLinks, tables.audit])
      expect(written).toContain(logicalId(t));
    for (const t of [tables.cases, tables.ledger, tables.webhooks, tables.counters])
      expect(written).not.toContain(logicalId(t));
    const sqs = statements.filter((st) => actionsOf(st).includes('sqs:SendMessage'));
    expect(JSON.stringify(sqs.map((st) => st.Resource))).toContain(
      logicalId(s.built.stack.notifications.smsQueue),
    );
    expect(statements.flatMap(actionsOf)).not.toContain('sns:Publish');
    // "*" only where AWS has no resource ARN: tracing, and the stream listing of the event source mapping.
    const unscoped = statements.filter((st) => JSON.stringify(st.Resource) === '"*"').flatMap(actionsOf);
    expect(unscoped.sort()).toEqual([
      'dynamodb:ListStreams',
      'xray:PutTelemetryRecords',
      'xray:PutTraceSegments',
    ]);
  });

  it('leaves no cdk-nag finding', () => {
    expect(s.nagFindings).toEqual([]);
  });
});
