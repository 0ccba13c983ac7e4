import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  type S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bucketNames, createBuckets, localS3Client } from '../../bin/local/aws-clients.js';
import { type S3EventNotification, startS3Server } from '../../bin/local/s3-server.js';
import { startTestS3, type TestS3 } from '../support/storage.js';

let s3: TestS3;
beforeAll(async () => {
  s3 = await startTestS3();
});
afterAll(async () => s3.close());

const getBytes = async (client: S3Client, bucket: string, key: string) =>
  (await client
    .send(new GetObjectCommand({ Bucket: bucket, Key: key }))
    .then((o) => o.Body?.transformToByteArray())) ?? new Uint8Array();

const putIfAbsent = (key: string, body: Uint8Array) =>
  s3.client.send(
    new PutObjectCommand({ Bucket: s3.buckets.licences, Key: key, Body: body, IfNoneMatch: '*' }),
  );

describe('local S3 through the real SDK', () => {
  it('round-trips binary bytes exactly and deletes them', async () => {
    // Prepare
    const bytes = new Uint8Array(randomBytes(200_000));
    const key = 'materials/case-1/scan.pdf';

    // Act
    await s3.client.send(
      new PutObjectCommand({
        Bucket: s3.buckets.materials,
        Key: key,
        Body: bytes,
        ContentType: 'application/pdf',
      }),
    );
    const stored = await getBytes(s3.client, s3.buckets.materials, key);
    await s3.client.send(new DeleteObjectCommand({ Bucket: s3.buckets.materials, Key: key }));
    const afterDelete = await getBytes(s3.client, s3.buckets.materials, key).catch((e: unknown) => e);

    // Assess
    expect(Buffer.from(stored).equals(Buffer.from(bytes))).toBe(true);
    expect(afterDelete).toBeInstanceOf(NoSuchKey);
  });

  it('accepts an upload to a presigned PUT URL made with plain fetch', async () => {
    // Prepare
    const bytes = new Uint8Array(randomBytes(5_000));
    const key = 'materials/case-2/photo.jpg';
    const url = await getSignedUrl(
      s3.client,
      new PutObjectCommand({ Bucket: s3.buckets.materials, Key: key, ContentType: 'image/jpeg' }),
      { expiresIn: 300 },
    );

    // Act
    const response = await fetch(url, {
      method: 'PUT',
      headers: { 'content-type': 'image/jpeg' },
      body: bytes,
    });

    // Assess
    expect(response.status).toBe(200);
    expect(url).not.toMatch(/x-amz-checksum|x-amz-sdk-checksum/i);
    expect(Buffer.from(await getBytes(s3.client, s3.buckets.materials, key)).equals(Buffer.from(bytes))).toBe(
      true,
    );
  });

  it('rejects a conditional put on an existing key with 412 PreconditionFailed and keeps the first object', async () => {
    // Prepare
    const key = 'licences/L-0001.pdf';
    await putIfAbsent(key, new Uint8Array([1, 2, 3]));

    // Act
    const error = await putIfAbsent(key, new Uint8Array([9])).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(S3ServiceException);
    expect((error as S3ServiceException).name).toBe('PreconditionFailed');
    expect((error as S3ServiceException).$metadata.httpStatusCode).toBe(412);
    expect([...(await getBytes(s3.client, s3.buckets.licences, key))]).toEqual([1, 2, 3]);
  });

  it('lets exactly one of ten racing conditional puts of one key win', async () => {
    // Prepare
    const key = 'licences/L-race.pdf';
    const bodies = Array.from({ length: 10 }, (_, i) => new Uint8Array(randomBytes(1_000 + i)));

    // Act
    const results = await Promise.allSettled(bodies.map((body) => putIfAbsent(key, body)));

    // Assess
    const winners = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
    const losers = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as Error).name] : []));
    expect(winners).toHaveLength(1);
    expect(losers).toEqual(Array(9).fill('PreconditionFailed'));
    const stored = await getBytes(s3.client, s3.buckets.licences, key);
    expect(Buffer.from(stored).equals(Buffer.from(bodies[winners[0] ?? -1] ?? []))).toBe(true);
  });

  it('keeps objects in a given directory across a restart', async () => {
    // Prepare
    const directory = await mkdtemp(join(tmpdir(), 'zz-s3-test-'));
    const names = bucketNames('persist-');
    const session = async <T>(work: (client: S3Client) => Promise<T>): Promise<T> => {
      const server = await startS3Server({ directory });
      const client = localS3Client(server.endpoint);
      try {
        await createBuckets(client, names);
        return await work(client);
      } finally {
        client.destroy();
        await server.close();
      }
    };

    try {
      // Act
      await session((client) =>
        client.send(
          new PutObjectCommand({ Bucket: names.licences, Key: 'kept.pdf', Body: new Uint8Array([4, 2]) }),
        ),
      );
      const stored = await session((client) => getBytes(client, names.licences, 'kept.pdf'));

      // Assess
      expect([...stored]).toEqual([4, 2]);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('emits the S3 event notification of a presigned upload once it is stored, with the key encoded as S3 does', async () => {
    // Prepare
    const events: S3EventNotification[] = [];
    const server = await startS3Server({ onEvent: (event) => events.push(event) });
    const client = localS3Client(server.endpoint);
    const names = bucketNames('events-');
    try {
      await createBuckets(client, names);
      const key = 'cases/CASE-1/uploads/A B/scan 1.pdf';
      const url = await getSignedUrl(client, new PutObjectCommand({ Bucket: names.materials, Key: key }));

      // Act
      const put = await fetch(url, { method: 'PUT', body: new Uint8Array([1, 2, 3]) });

      // Assess: the event names the object as S3 does (the uploads handler decodes it back), and the object
      // is there to read when it arrives.
      expect(put.status).toBe(200);
      expect(
        events.map((e) => e.Records.map((r) => [r.eventName, r.s3.bucket.name, r.s3.object.key])),
      ).toEqual([[['ObjectCreated:Put', names.materials, 'cases/CASE-1/uploads/A+B/scan+1.pdf']]]);
      expect([...(await getBytes(client, names.materials, key))]).toEqual([1, 2, 3]);
    } finally {
      client.destroy();
      await server.close();
    }
  });
});
