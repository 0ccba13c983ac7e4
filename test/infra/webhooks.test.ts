/**
 * The webhook path on AWS: the audit table's stream → a pipe that passes only new entries of the event
 * actions → the webhook queue (encrypted, redriven to a dead-letter queue with an alarm) → the
 * webhook-deliveries function with partial batch responses; least-privilege roles; the loopback flag never set.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { WEBHOOK_EVENT_TYPES, WEBHOOK_SOURCE_ACTIONS } from '../../functions/core/events/domain-events.js';
import { WEBHOOK_MAX_RECEIVE_COUNT } from '../../lib/webhooks.js';
import {
  actionsOf,
  logicalId,
  moduleRoleId,
  resourcesOf,
  roleStatements,
  type Synthesized,
  synthesize,
} from './synth.js';

describe('webhooks on AWS (bundling skipped)', () => {
  let s: Synthesized;
  let ids: { queue: string; dlq: string; audit: string; dataKey: string; macKey: string };
  beforeAll(() => {
    s = synthesize({ stage: 'prod' });
    const stack = s.built.stack;
    ids = {
      queue: logicalId(stack.webhooks.queue),
      dlq: logicalId(stack.webhooks.deadLetters),
      audit: logicalId(stack.data.tables.audit),
      dataKey: logicalId(stack.keys.dataKey),
      macKey: logicalId(stack.keys.macKey),
    };
  });

  it('streams new audit images and pipes only INSERTs of the event actions to the webhook queue', () => {
    const audit = resourcesOf(s.template, 'AWS::DynamoDB::Table')[ids.audit];
    expect(audit?.Properties.StreamSpecification).toEqual({ StreamViewType: 'NEW_IMAGE' });
    const pipes = Object.values(resourcesOf(s.template, 'AWS::Pipes::Pipe'));
    expect(pipes).toHaveLength(1);
    const pipe = pipes[0]?.Properties ?? {};
    expect(JSON.stringify(pipe.Source)).toContain(ids.audit);
    expect(JSON.stringify(pipe.Source)).toContain('StreamArn');
    expect(JSON.stringify(pipe.Target)).toContain(ids.queue);
    const pattern = JSON.parse(pipe.SourceParameters.FilterCriteria.Filters[0].Pattern);
    expect(pattern).toEqual({
      eventName: ['INSERT'],
      dynamodb: { NewImage: { action: { S: [...WEBHOOK_SOURCE_ACTIONS] } } },
    });
    // The listings a batch's and a bulk chunk's licences are issued by pass too (one event per licence).
    expect(pattern.dynamodb.NewImage.action.S).toEqual(
      expect.arrayContaining([...WEBHOOK_EVENT_TYPES, 'case.issued', 'case.issued.licences', 'bulk.issued']),
    );
    expect(JSON.stringify(pipe.SourceParameters.DynamoDBStreamParameters.DeadLetterConfig)).toContain(
      ids.dlq,
    );
  });

  it('gives the pipe only the stream, the two queues and the data key', () => {
    const pipeRole = logicalId(s.built.stack.webhooks.pipeRole);
    const statements = roleStatements(s, pipeRole);
    const actions = statements.flatMap(actionsOf).sort();
    expect(actions).toEqual(
      [
        'dynamodb:DescribeStream',
        'dynamodb:GetRecords',
        'dynamodb:GetShardIterator',
        'dynamodb:ListStreams',
        'kms:Decrypt',
        'kms:GenerateDataKey',
        'sqs:SendMessage',
        'sqs:SendMessage',
      ].sort(),
    );
    for (const st of statements) expect(JSON.stringify(st.Resource)).not.toBe('"*"');
  });

  it('encrypts the queues, redrives to the dead-letter queue and outlives the retry schedule', () => {
    const queues = resourcesOf(s.template, 'AWS::SQS::Queue');
    const queue = queues[ids.queue]?.Properties ?? {};
    expect(JSON.stringify(queue.KmsMasterKeyId)).toContain(ids.dataKey);
    expect(JSON.stringify(queues[ids.dlq]?.Properties.KmsMasterKeyId)).toContain(ids.dataKey);
    expect(queue.RedrivePolicy.maxReceiveCount).toBe(WEBHOOK_MAX_RECEIVE_COUNT);
    expect(JSON.stringify(queue.RedrivePolicy.deadLetterTargetArn)).toContain(ids.dlq);
    expect(queue.MessageRetentionPeriod).toBeGreaterThanOrEqual(2 * 86_400);
    const alarms = Object.values(resourcesOf(s.template, 'AWS::CloudWatch::Alarm'));
    expect(alarms.some((a) => JSON.stringify(a.Properties.Dimensions ?? []).includes(ids.dlq))).toBe(true);
  });

  it('feeds the webhook-deliveries function from the queue with partial batch responses and its queue URLs', () => {
    const fn = s.built.stack.handlers.functions.get('webhook-deliveries');
    if (!fn) throw new Error('no webhook-deliveries function');
    const mapping = Object.values(resourcesOf(s.template, 'AWS::Lambda::EventSourceMapping')).find((m) =>
      JSON.stringify(m.Properties.EventSourceArn).includes(ids.queue),
    );
    expect(JSON.stringify(mapping?.Properties.FunctionName)).toContain(logicalId(fn));
    expect(mapping?.Properties.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    const env = resourcesOf(s.template, 'AWS::Lambda::Function')[logicalId(fn)]?.Properties.Environment
      .Variables;
    expect(JSON.stringify(env.WEBHOOK_QUEUE_URL)).toContain(ids.queue);
    expect(JSON.stringify(env.WEBHOOK_DEAD_LETTER_QUEUE_URL)).toContain(ids.dlq);
  });

  it('lets the consumer steer its queue and write only the delivery log; the webhooks function no queue', () => {
    const consumer = roleStatements(s, moduleRoleId(s, 'webhook-deliveries'));
    const sqs = consumer.filter((st) => actionsOf(st).some((a) => a.startsWith('sqs:')));
    expect([...new Set(sqs.flatMap(actionsOf))].sort()).toEqual(
      [
        'sqs:ChangeMessageVisibility',
        'sqs:DeleteMessage',
        'sqs:GetQueueAttributes',
        'sqs:GetQueueUrl',
        'sqs:ReceiveMessage',
        'sqs:SendMessage',
      ].sort(),
    );
    for (const st of sqs) expect(JSON.stringify(st.Resource)).not.toBe('"*"');
    const send = sqs.find((st) => actionsOf(st).includes('sqs:SendMessage'));
    expect(JSON.stringify(send?.Resource)).toContain(ids.dlq);
    expect(JSON.stringify(send?.Resource)).not.toContain(ids.queue);
    const writes = consumer.filter((st) => actionsOf(st).includes('dynamodb:PutItem'));
    const tables = s.built.stack.data.tables;
    expect(writes.map((st) => JSON.stringify(st.Resource))).toEqual([
      expect.stringContaining(logicalId(tables.webhookDeliveries)),
    ]);
    expect(consumer.some((st) => actionsOf(st).includes('kms:GenerateMac'))).toBe(true);
    const registration = roleStatements(s, moduleRoleId(s, 'webhooks'));
    expect(registration.flatMap(actionsOf).some((a) => a.startsWith('sqs:'))).toBe(false);
    expect(registration.some((st) => actionsOf(st).includes('kms:GenerateMac'))).toBe(true);
  });

  it('never lets a function deliver to loopback: WEBHOOK_ALLOW_LOOPBACK is set by the local runtime only', () => {
    for (const fn of Object.values(resourcesOf(s.template, 'AWS::Lambda::Function')))
      expect(Object.keys(fn.Properties.Environment?.Variables ?? {})).not.toContain('WEBHOOK_ALLOW_LOOPBACK');
  });
});
