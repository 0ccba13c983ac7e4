/**
 * S3BulkObjects.concatenate against s3rver (behind the conditional-write proxy) through the real SDK: a file
 * past one part is a multipart upload whose bytes are exactly the sources' in order; a small one is one PUT;
 * a missing source leaves the target as it was and the upload aborted.
 */
import { randomBytes } from 'node:crypto';
import { DeleteObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { localS3Client } from '../../../bin/local/aws-clients.js';
import { PART_BYTES, S3BulkObjects } from '../../../functions/adapters/s3-bulk-objects.js';
import { MissingObjectError } from '../../../functions/ports/bulk.js';
import { startTestS3, type TestS3 } from '../../support/storage.js';

let s3: TestS3;
let client: S3Client;
let objects: S3BulkObjects;
/** The S3 operations the adapter sent, in order (recorded by a middleware of its own client). */
let sent: string[] = [];

beforeAll(async () => {
  s3 = await startTestS3();
  client = localS3Client(s3.endpoint);
  client.middlewareStack.add(
    (next, context) => async (args) => {
      sent.push(context.commandName ?? '?');
      return next(args);
    },
    { step: 'initialize', name: 'recordCommands' },
  );
  objects = new S3BulkObjects({ client, bucket: s3.buckets.materials });
});
afterAll(async () => {
  client?.destroy();
  await s3?.close();
});
beforeEach(() => {
  sent = [];
});

const ndjson = 'application/x-ndjson';

/** Store each source under `prefix` and return their keys. */
async function storeSources(prefix: string, sources: Uint8Array[]): Promise<string[]> {
  const keys = sources.map((_, i) => `bulk/${prefix}/results/${i}.ndjson`);
  await Promise.all(sources.map((bytes, i) => objects.put(keys[i] as string, bytes, ndjson)));
  sent = [];
  return keys;
}

const exists = async (key: string) => (await objects.size(key)) !== undefined;

describe('S3BulkObjects.concatenate', () => {
  it('assembles sources past one part as a multipart upload, byte for byte in order', async () => {
    // Prepare: three sources whose boundaries fall inside parts (6 + 5 MiB + 1 + 7 MiB: parts 8, 8, 2 MiB).
    const sources = [6 * 2 ** 20, 5 * 2 ** 20 + 1, 7 * 2 ** 20].map((n) => new Uint8Array(randomBytes(n)));
    const keys = await storeSources('BULK-BIG', sources);
    const target = 'bulk/BULK-BIG/results.ndjson';

    // Act
    await objects.concatenate(target, keys, ndjson);
    const calls = [...sent];

    // Assess
    const stored = await objects.get(target);
    expect(stored && Buffer.from(stored).equals(Buffer.concat(sources))).toBe(true);
    const total = sources.reduce((n, s) => n + s.byteLength, 0);
    const uploads = calls.filter((c) => c === 'UploadPartCommand').length;
    expect(uploads).toBe(Math.ceil(total / PART_BYTES));
    expect(uploads).toBeGreaterThanOrEqual(2);
    expect(calls).toContain('CreateMultipartUploadCommand');
    expect(calls.at(-1)).toBe('CompleteMultipartUploadCommand');
    expect(calls).not.toContain('PutObjectCommand');
    const head = await client.send(new HeadObjectCommand({ Bucket: s3.buckets.materials, Key: target }));
    expect(head.ContentType).toBe(ndjson);
  });

  it('writes a file smaller than one part with a single PUT, empty sources included', async () => {
    // Prepare
    const lines = ['{"row":1}\n', '', '{"row":2}\n{"row":3}\n', '{"row":4}\n'];
    const keys = await storeSources(
      'BULK-SMALL',
      lines.map((l) => new TextEncoder().encode(l)),
    );
    const target = 'bulk/BULK-SMALL/results.ndjson';

    // Act
    await objects.concatenate(target, keys, ndjson);
    const calls = [...sent];

    // Assess
    expect(Buffer.from((await objects.get(target)) ?? []).toString('utf8')).toBe(lines.join(''));
    expect(calls.filter((c) => c.includes('Multipart') || c === 'UploadPartCommand')).toEqual([]);
    expect(calls.at(-1)).toBe('PutObjectCommand');
  });

  it('writes an empty file for no sources', async () => {
    // Act
    await objects.concatenate('bulk/BULK-NONE/results.ndjson', [], ndjson);

    // Assess
    expect((await objects.get('bulk/BULK-NONE/results.ndjson'))?.byteLength).toBe(0);
  });

  it('rewrites the same file when run again (idempotent), over an earlier different file', async () => {
    // Prepare
    const sources = [new Uint8Array(randomBytes(PART_BYTES + 3)), new Uint8Array(randomBytes(10))];
    const keys = await storeSources('BULK-AGAIN', sources);
    const target = 'bulk/BULK-AGAIN/results.ndjson';
    await objects.put(target, new TextEncoder().encode('stale'), ndjson);

    // Act
    await objects.concatenate(target, keys, ndjson);
    const first = await objects.get(target);
    await objects.concatenate(target, keys, ndjson);
    const second = await objects.get(target);

    // Assess
    expect(first && Buffer.from(first).equals(Buffer.concat(sources))).toBe(true);
    expect(second && Buffer.from(second).equals(Buffer.concat(sources))).toBe(true);
  });

  it('refuses a missing source after parts were uploaded: no target, the upload aborted', async () => {
    // Prepare: the third source is missing, after a full part of the first two went up.
    const sources = [6 * 2 ** 20, 3 * 2 ** 20, 1, 100].map((n) => new Uint8Array(randomBytes(n)));
    const keys = await storeSources('BULK-GAP', sources);
    await client.send(new DeleteObjectCommand({ Bucket: s3.buckets.materials, Key: keys[2] }));
    sent = [];
    const target = 'bulk/BULK-GAP/results.ndjson';

    // Act
    const failure = await objects.concatenate(target, keys, ndjson).catch((e: unknown) => e);
    const calls = [...sent];

    // Assess
    expect(failure).toBeInstanceOf(MissingObjectError);
    expect((failure as MissingObjectError).key).toBe(keys[2]);
    expect(await exists(target)).toBe(false);
    expect(calls).toContain('UploadPartCommand');
    expect(calls.at(-1)).toBe('AbortMultipartUploadCommand');
    expect(calls).not.toContain('CompleteMultipartUploadCommand');
  });

  it('refuses a missing first source before writing anything: an earlier file stays as it was', async () => {
    // Prepare
    const keys = await storeSources('BULK-FIRST', [new Uint8Array(randomBytes(100))]);
    const target = 'bulk/BULK-FIRST/results.ndjson';
    await objects.put(target, new TextEncoder().encode('earlier run'), ndjson);
    sent = [];

    // Act
    const failure = await objects
      .concatenate(target, ['bulk/BULK-FIRST/results/missing.ndjson', ...keys], ndjson)
      .catch((e: unknown) => e);
    const calls = [...sent];

    // Assess
    expect(failure).toBeInstanceOf(MissingObjectError);
    expect(Buffer.from((await objects.get(target)) ?? []).toString('utf8')).toBe('earlier run');
    expect(calls.filter((c) => c !== 'GetObjectCommand')).toEqual([]);
  });
});
