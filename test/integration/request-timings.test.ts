import { PutObjectCommand } from '@aws-sdk/client-s3';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operationOf, type RequestTiming, recordRequestTimings } from '../../bin/local/request-timings.js';
import { startTestDynamo, startTestS3, type TestDynamo, type TestS3 } from '../support/storage.js';

let dynamo: TestDynamo;
let s3: TestS3;
beforeAll(async () => {
  [dynamo, s3] = await Promise.all([startTestDynamo(), startTestS3()]);
});
afterAll(async () => Promise.all([dynamo.close(), s3.close()]));

const portOf = (endpoint: string) => Number(new URL(endpoint).port);

describe('storage request timings (for the bench)', () => {
  it('names operations from the target header, or from the method and path for S3', () => {
    // Assess
    expect(operationOf('dynamodb', 'POST', '/', 'DynamoDB_20120810.TransactWriteItems')).toBe(
      'TransactWriteItems',
    );
    expect(operationOf('kms', 'POST', '/', 'TrentService.Sign')).toBe('Sign');
    expect(operationOf('s3', 'PUT', '/bucket/licences/a.pdf?x-id=PutObject')).toBe('PUT object');
    expect(operationOf('s3', 'PUT', '/bucket')).toBe('PUT bucket');
  });

  it('times each request the SDK makes once, without the S3 stand-in’s own hops to s3rver', async () => {
    // Prepare
    const timings: RequestTiming[] = [];
    const stop = recordRequestTimings(
      new Map([
        [portOf(dynamo.endpoint), 'dynamodb'],
        [portOf(s3.endpoint), 's3'],
      ]),
      (timing) => timings.push(timing),
    );
    const before = performance.timeOrigin + performance.now();

    // Act: a conditional PUT makes the S3 stand-in ask s3rver with a HEAD, then relay the PUT
    await s3.client.send(
      new PutObjectCommand({
        Bucket: s3.buckets.licences,
        Key: 'timed.pdf',
        Body: new Uint8Array(1000),
        IfNoneMatch: '*',
      }),
    );
    await dynamo.doc.send(new GetCommand({ TableName: dynamo.tables.ledger, Key: { certificateId: 'x' } }));
    const after = performance.timeOrigin + performance.now();
    stop();
    await s3.client.send(
      new PutObjectCommand({ Bucket: s3.buckets.licences, Key: 'untimed.pdf', Body: new Uint8Array(1) }),
    );

    // Assess
    expect(timings.map((t) => `${t.service} ${t.operation}`)).toEqual(['s3 PUT object', 'dynamodb GetItem']);
    for (const t of timings) {
      expect(t.startMs).toBeGreaterThanOrEqual(before);
      expect(t.startMs + t.durationMs).toBeLessThanOrEqual(after);
      expect(t.durationMs).toBeGreaterThan(0);
    }
  });
});
