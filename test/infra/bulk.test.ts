/**
 * Bulk issuance on AWS: the bulk queue (encrypted, redriven to an alarmed dead-letter queue, an age alarm for a
 * stalled job) → the bulk-worker function through an event source whose maximum concurrency keeps the seal's
 * KMS Sign calls within the quota; least privilege: the API queues and never signs, the worker signs and
 * steers only its own queue.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { BULK_FILES_RETENTION_DAYS, BULK_PREFIX } from '../../functions/core/bulk/model.js';
import {
  BULK_MAX_RECEIVE_COUNT,
  BULK_QUOTA_SHARE,
  bulkWorkerConcurrency,
  DEFAULT_KMS_RSA_SIGN_QUOTA,
  SIGNS_PER_WORKER_PER_SECOND,
} from '../../lib/bulk.js';
import {
  actionsOf,
  logicalId,
  moduleRoleId,
  resourcesOf,
  roleStatements,
  type Synthesized,
  synthesize,
} from './synth.js';

describe('bulk issuance on AWS (bundling skipped)', () => {
  let s: Synthesized;
  let ids: { queue: string; dlq: string; dataKey: string; sealKey: string };
  beforeAll(() => {
    s = synthesize({ stage: 'prod' });
    const stack = s.built.stack;
    ids = {
      queue: logicalId(stack.bulk.queue),
      dlq: logicalId(stack.bulk.deadLetters),
      dataKey: logicalId(stack.keys.dataKey),
      sealKey: logicalId(stack.keys.sealKey),
    };
  });

  it('bounds the workers by the KMS Sign quota: their Sign calls stay within bulk’s share of it', () => {
    for (const quota of [DEFAULT_KMS_RSA_SIGN_QUOTA, 2000, 10_000]) {
      const workers = bulkWorkerConcurrency(quota);
      expect(workers).toBeGreaterThanOrEqual(2);
      if (workers > 2)
        expect(workers * SIGNS_PER_WORKER_PER_SECOND).toBeLessThanOrEqual(quota * BULK_QUOTA_SHARE);
    }
    expect(bulkWorkerConcurrency(2000)).toBeGreaterThan(bulkWorkerConcurrency(DEFAULT_KMS_RSA_SIGN_QUOTA));
    const fn = s.built.stack.handlers.functions.get('bulk-worker');
    if (!fn) throw new Error('no bulk-worker function');
    const mapping = Object.values(resourcesOf(s.template, 'AWS::Lambda::EventSourceMapping')).find((m) =>
      JSON.stringify(m.Properties.EventSourceArn).includes(ids.queue),
    );
    expect(JSON.stringify(mapping?.Properties.FunctionName)).toContain(logicalId(fn));
    expect(mapping?.Properties.ScalingConfig).toEqual({ MaximumConcurrency: bulkWorkerConcurrency() });
    expect(mapping?.Properties.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    expect(mapping?.Properties.BatchSize).toBe(1);
    const props = resourcesOf(s.template, 'AWS::Lambda::Function')[logicalId(fn)]?.Properties;
    expect(JSON.stringify(props?.Environment.Variables.BULK_QUEUE_URL)).toContain(ids.queue);
    expect(props?.Timeout).toBe(900);
  });

  it('encrypts the queues, redrives to the dead-letter queue and alarms on its depth and on a stalled chunk', () => {
    const queues = resourcesOf(s.template, 'AWS::SQS::Queue');
    const queue = queues[ids.queue]?.Properties ?? {};
    expect(JSON.stringify(queue.KmsMasterKeyId)).toContain(ids.dataKey);
    expect(JSON.stringify(queues[ids.dlq]?.Properties.KmsMasterKeyId)).toContain(ids.dataKey);
    expect(queue.RedrivePolicy.maxReceiveCount).toBe(BULK_MAX_RECEIVE_COUNT);
    expect(JSON.stringify(queue.RedrivePolicy.deadLetterTargetArn)).toContain(ids.dlq);
    // The visibility outlasts the worker's longest run (Lambda's six times the timeout).
    expect(queue.VisibilityTimeout).toBe(6 * 900);
    const alarms = Object.values(resourcesOf(s.template, 'AWS::CloudWatch::Alarm'));
    const on = (id: string, metric: string) =>
      alarms.some(
        (a) =>
          a.Properties.MetricName === metric && JSON.stringify(a.Properties.Dimensions ?? []).includes(id),
      );
    expect(on(ids.dlq, 'ApproximateNumberOfMessagesVisible')).toBe(true);
    expect(on(ids.queue, 'ApproximateAgeOfOldestMessage')).toBe(true);
  });

  it('deletes the jobs’ files (rows with personal data, results) after 30 days, sooner than the materials', () => {
    const bucket = resourcesOf(s.template, 'AWS::S3::Bucket')[
      logicalId(s.built.stack.data.buckets.materials)
    ];
    const rules = bucket?.Properties.LifecycleConfiguration.Rules as Array<Record<string, unknown>>;
    const bulk = rules.find((r) => r.Prefix === BULK_PREFIX);
    expect(bulk).toMatchObject({ ExpirationInDays: BULK_FILES_RETENTION_DAYS, Status: 'Enabled' });
    const all = rules.find((r) => r.Prefix === undefined && r.ExpirationInDays !== undefined);
    expect(Number(all?.ExpirationInDays)).toBeGreaterThan(BULK_FILES_RETENTION_DAYS);
  });

  it('lets the API queue jobs but never sign; the worker sign and steer its own queue only', () => {
    const api = roleStatements(s, moduleRoleId(s, 'bulk'));
    const apiActions = api.flatMap(actionsOf);
    expect(apiActions).not.toContain('kms:Sign');
    expect(apiActions.filter((a) => a.startsWith('sqs:'))).toEqual(['sqs:SendMessage']);
    const send = api.find((st) => actionsOf(st).includes('sqs:SendMessage'));
    expect(JSON.stringify(send?.Resource)).toContain(ids.queue);
    const worker = roleStatements(s, moduleRoleId(s, 'bulk-worker'));
    const sqs = worker.filter((st) => actionsOf(st).some((a) => a.startsWith('sqs:')));
    for (const st of sqs) {
      expect(JSON.stringify(st.Resource)).toContain(ids.queue);
      expect(JSON.stringify(st.Resource)).not.toContain(ids.dlq);
    }
    expect(new Set(sqs.flatMap(actionsOf))).toContain('sqs:ChangeMessageVisibility');
    const signs = worker.filter((st) => actionsOf(st).includes('kms:Sign'));
    expect(signs.some((st) => JSON.stringify(st.Resource).includes(ids.sealKey))).toBe(true);
    // Its bucket grants are the licences and the `bulk/` files, nothing else of the materials bucket.
    const objects = worker.filter((st) => actionsOf(st).includes('s3:PutObject'));
    expect(JSON.stringify(objects.map((st) => st.Resource))).toContain('bulk/*');
    // The results file is a multipart upload the worker may abort: under `bulk/` only, and the API never.
    const aborts = worker.filter((st) => actionsOf(st).includes('s3:AbortMultipartUpload'));
    expect(aborts.length).toBe(1);
    expect(JSON.stringify(aborts[0]?.Resource)).toContain('/bulk/*');
    expect(JSON.stringify(aborts[0]?.Resource)).not.toContain('licences/*');
    expect(apiActions).not.toContain('s3:AbortMultipartUpload');
  });
});
