/**
 * S3ObjectStore against s3rver (behind the conditional-write proxy) through the real SDK: exact bytes,
 * missing keys, If-None-Match, and a presigned PUT that a plain HTTP client can use.
 */
import { randomBytes } from 'node:crypto';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3ObjectStore } from '../../../functions/adapters/s3-object-store.js';
import { ObjectExistsError } from '../../../functions/ports/object-store.js';
import { startTestS3, type TestS3 } from '../../support/storage.js';

let s3: TestS3;
let store: S3ObjectStore;

beforeAll(async () => {
  s3 = await startTestS3();
  store = new S3ObjectStore({ client: s3.client, bucket: s3.buckets.materials });
});
afterAll(async () => s3?.close());

const same = (a: Uint8Array | undefined, b: Uint8Array) =>
  a !== undefined && Buffer.from(a).equals(Buffer.from(b));

describe('S3ObjectStore', () => {
  it('returns exactly the bytes put, including every byte value, and nothing after delete', async () => {
    // Prepare
    const bytes = new Uint8Array(randomBytes(300_000));
    bytes.set(Uint8Array.from({ length: 256 }, (_, i) => i));
    const key = 'cases/CASE-1/materials/APPLICATION_FORM/OBJ-1';

    // Act
    await store.put(key, bytes, { contentType: 'application/pdf' });
    const read = await store.get(key);
    await store.delete(key);
    const afterDelete = await store.get(key);

    // Assess
    expect(same(read, bytes)).toBe(true);
    expect(afterDelete).toBeUndefined();
  });

  it('answers undefined for a missing key and deletes a missing key without error', async () => {
    // Act
    const missing = await store.get('cases/none/OBJ-404');
    const deleted = await store.delete('cases/none/OBJ-404');

    // Assess
    expect(missing).toBeUndefined();
    expect(deleted).toBeUndefined();
  });

  it('stores an empty object as zero bytes', async () => {
    // Act
    await store.put('cases/empty/OBJ-0', new Uint8Array(0), { contentType: 'application/pdf' });

    // Assess
    expect((await store.get('cases/empty/OBJ-0'))?.byteLength).toBe(0);
  });

  it('refuses a second conditional write with ObjectExistsError and keeps the first bytes', async () => {
    // Prepare
    const key = 'licences/CERT-1.pdf';
    const first = new TextEncoder().encode('%PDF first');
    await store.put(key, first, { contentType: 'application/pdf', ifNoneMatch: true });

    // Act
    const error = await store
      .put(key, new TextEncoder().encode('%PDF second'), {
        contentType: 'application/pdf',
        ifNoneMatch: true,
      })
      .catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(ObjectExistsError);
    expect((error as ObjectExistsError).key).toBe(key);
    expect(same(await store.get(key), first)).toBe(true);
  });

  it('lets exactly one of several racing conditional writes land', async () => {
    // Prepare
    const key = 'licences/CERT-RACE.pdf';
    const versions = Array.from({ length: 6 }, (_, i) => new TextEncoder().encode(`%PDF version ${i}`));

    // Act
    const results = await Promise.allSettled(
      versions.map((v) => store.put(key, v, { contentType: 'application/pdf', ifNoneMatch: true })),
    );

    // Assess
    const winners = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
    expect(winners).toHaveLength(1);
    expect(same(await store.get(key), versions[winners[0] ?? 0] as Uint8Array)).toBe(true);
  });

  it('presigns a PUT that plain fetch can use, and the object lands with its content type', async () => {
    // Prepare
    const key = 'cases/CASE-2/uploads/VEHICLE_LOAD_PHOTOS/OBJ-2';
    const bytes = new Uint8Array(randomBytes(50_000));

    // Act
    const { url, headers } = await store.presignPut(key, { contentType: 'image/png', expiresInSeconds: 300 });
    const response = await fetch(url, { method: 'PUT', headers, body: bytes });
    const head = await s3.client.send(new HeadObjectCommand({ Bucket: s3.buckets.materials, Key: key }));

    // Assess
    expect(response.status).toBe(200);
    expect(headers).toEqual({ 'content-type': 'image/png' });
    expect(new URL(url).searchParams.get('X-Amz-Expires')).toBe('300');
    expect(head.ContentType).toBe('image/png');
    expect(same(await store.get(key), bytes)).toBe(true);
  });
});
