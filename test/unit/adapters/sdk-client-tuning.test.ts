/**
 * The SDK client tuning (functions/adapters/sdk-client-tuning.ts) and the clients the composition root builds
 * with it, through the real SDK clients with a request handler that answers at once (no server): the unread
 * logger middleware is gone, a given logger still logs, errors still arrive typed, and S3 puts sent
 * concurrently each go to their own bucket and key with their own checksum (the SDK's `cacheMiddleware`
 * fails that: concurrent calls share its cached context, and every put went to the first bucket).
 */
import { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { tuneClient } from '../../../functions/adapters/sdk-client-tuning.js';
import { createDynamoClient, createKmsClient, createS3Client } from '../../../functions/composition.js';

interface Reply {
  statusCode: number;
  headers?: Record<string, string>;
  body?: string;
}

interface SeenRequest {
  hostname: string;
  path: string;
  headers: Record<string, string>;
}

/** Answers every request with `reply`, after `delayMs()` ms; records what it was sent. */
function cannedHandler(reply: Reply, delayMs: () => number = () => 0) {
  const seen: SeenRequest[] = [];
  const handler = {
    handle: async (request: SeenRequest) => {
      seen.push({ hostname: request.hostname, path: request.path, headers: { ...request.headers } });
      await new Promise((resolve) => setTimeout(resolve, delayMs()));
      const body = Readable.from([Buffer.from(reply.body ?? '')]);
      return { response: { statusCode: reply.statusCode, headers: { ...reply.headers }, body } };
    },
  };
  return { seen, handler: handler as any };
}

const dynamoJson = { 'content-type': 'application/x-amz-json-1.0' };
const region = 'cn-north-1';

beforeEach(() => {
  // The composed clients use the default credential chain: here, as in the local runtime, the environment.
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDTEST');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test-secret');
});
afterEach(() => vi.unstubAllEnvs());

describe('tuneClient', () => {
  it('removes the logger middleware of a client without a logger, and calls still answer', async () => {
    // Prepare
    const { handler } = cannedHandler({
      statusCode: 200,
      headers: dynamoJson,
      body: JSON.stringify({ Item: { id: { S: 'CERT-1' }, n: { N: '7' } } }),
    });
    const client = tuneClient(new DynamoDBClient({ region, requestHandler: handler }));
    const doc = DynamoDBDocumentClient.from(client);

    // Act
    const out = await doc.send(new GetCommand({ TableName: 'ledger', Key: { id: 'CERT-1' } }));

    // Assess
    expect(client.middlewareStack.identify().some((m) => m.startsWith('loggerMiddleware'))).toBe(false);
    expect(out.Item).toEqual({ id: 'CERT-1', n: 7 });
  });

  it('still rejects a refused call with the typed service error', async () => {
    // Prepare
    const { handler } = cannedHandler({
      statusCode: 400,
      headers: dynamoJson,
      body: JSON.stringify({
        __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException',
        message: 'The conditional request failed',
      }),
    });
    const doc = DynamoDBDocumentClient.from(
      tuneClient(new DynamoDBClient({ region, requestHandler: handler })),
    );

    // Act
    const put = doc.send(
      new PutCommand({
        TableName: 'ledger',
        Item: { id: 'CERT-1' },
        ConditionExpression: 'attribute_not_exists(id)',
      }),
    );

    // Assess
    await expect(put).rejects.toBeInstanceOf(ConditionalCheckFailedException);
  });

  it('keeps the logger middleware of a client given a logger, which still gets each call', async () => {
    // Prepare
    const logger = { trace: vi.fn(), debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const { handler } = cannedHandler({ statusCode: 200, headers: dynamoJson, body: '{}' });
    const client = tuneClient(new DynamoDBClient({ region, logger, requestHandler: handler }));

    // Act
    await DynamoDBDocumentClient.from(client).send(
      new PutCommand({ TableName: 'ledger', Item: { id: 'CERT-1' } }),
    );

    // Assess
    expect(logger.info).toHaveBeenCalledWith(expect.objectContaining({ commandName: 'PutItemCommand' }));
  });
});

describe('the composed storage clients', () => {
  const aws = { region, endpoints: {} };
  const local = { region, endpoints: { s3: 'http://127.0.0.1:4568', dynamodb: 'http://127.0.0.1:4567' } };

  it('are tuned: no logger middleware, no cached handlers, and the document client accepts them', () => {
    // Act
    const dynamo = createDynamoClient(aws);
    const s3 = createS3Client(aws);
    const kms = createKmsClient(aws);

    // Assess
    for (const client of [dynamo, s3, kms]) {
      expect(client.middlewareStack.identify().some((m) => m.startsWith('loggerMiddleware'))).toBe(false);
    }
    expect([dynamo, s3, kms].map((client) => client.config.cacheMiddleware ?? false)).toEqual([
      false,
      false,
      false,
    ]);
    expect(() => DynamoDBDocumentClient.from(dynamo)).not.toThrow();
  });

  /** 60 puts at once, alternating two buckets, each answered after a random delay: who got where. */
  async function concurrentPuts(s3: S3Client) {
    const { seen, handler } = cannedHandler(
      { statusCode: 200, headers: { etag: '"e"' } },
      () => Math.random() * 5,
    );
    s3.config.requestHandler = handler;
    const puts = Array.from({ length: 60 }, (_, i) => ({
      bucket: i % 2 ? 'zz-licences' : 'zz-materials',
      key: `objects/OBJ-${i}`,
      body: Buffer.from(`object ${i} `.repeat(50 + i)),
    }));
    await Promise.all(
      puts.map((p) =>
        s3.send(new PutObjectCommand({ Bucket: p.bucket, Key: p.key, Body: p.body, IfNoneMatch: '*' })),
      ),
    );
    return { puts, seen };
  }

  it('send concurrent S3 puts each to its own bucket and key, with its own CRC32 (AWS options)', async () => {
    // Act
    const { puts, seen } = await concurrentPuts(createS3Client(aws));

    // Assess
    for (const p of puts) {
      const request = seen.find((r) => r.path === `/${p.key}`);
      const crc = Buffer.alloc(4);
      crc.writeUInt32BE(crc32(p.body));
      expect(request?.hostname).toBe(`${p.bucket}.s3.${region}.amazonaws.com.cn`);
      expect(request?.headers['x-amz-checksum-crc32']).toBe(crc.toString('base64'));
      expect(request?.headers['if-none-match']).toBe('*');
      expect(request?.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 /);
    }
  });

  it('send concurrent S3 puts each to its own bucket and key (local options)', async () => {
    // Act
    const { puts, seen } = await concurrentPuts(createS3Client(local));

    // Assess
    expect(seen.map((r) => r.path).sort()).toEqual(puts.map((p) => `/${p.bucket}/${p.key}`).sort());
    expect(seen.every((r) => r.hostname === '127.0.0.1')).toBe(true);
  });
});
