/**
 * The local S3 shows an object only once it is whole, as S3 does. s3rver creates an object's file before it
 * writes the bytes, so a GET that came in meanwhile answered 200 with an empty or partial body: an
 * issuance resuming a batch took that for the stored licence and wrote its hash to the ledger.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bucketNames, createBuckets, localS3Client } from '../../bin/local/aws-clients.js';
import { type LocalS3Server, startS3Server } from '../../bin/local/s3-server.js';

let directory: string;
let server: LocalS3Server;
const buckets = bucketNames('reads-');
const client = () => localS3Client(server.endpoint);

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'zz-s3-reads-'));
  server = await startS3Server({ directory });
  await createBuckets(client(), buckets);
});
afterAll(async () => {
  await server?.close();
  await rm(directory, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Wait until s3rver has created the file of `key` in `bucket` (its write has begun). */
async function fileCreated(bucket: string, key: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const names = await readdir(join(directory, bucket)).catch(() => [] as string[]);
    if (names.some((n) => n.startsWith(key))) return;
    await sleep(10);
  }
  throw new Error(`s3rver never created ${key}`);
}

describe('local S3: a read during a write', () => {
  it('answers a GET that arrives while a PUT of the key is under way with the whole object, after the PUT', async () => {
    // Prepare: a PUT whose body arrives in two halves, the second only when the test says so.
    const bytes = new Uint8Array(randomBytes(64 * 1024));
    const key = `licence-${Date.now()}.pdf`;
    const url = new URL(`${server.endpoint}/${buckets.licences}/${key}`);
    const put = request(url, {
      method: 'PUT',
      headers: { 'content-length': bytes.byteLength, 'content-type': 'application/pdf' },
    });
    const putDone = new Promise<number>((resolve, reject) => {
      put.on('response', (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      put.on('error', reject);
    });
    put.write(bytes.subarray(0, bytes.byteLength / 2));
    await fileCreated(buckets.licences, key);

    // Act
    let putFinished = false;
    let answeredBeforePutFinished = false;
    const read = client()
      .send(new GetObjectCommand({ Bucket: buckets.licences, Key: key }))
      .then(async (o) => {
        answeredBeforePutFinished = !putFinished;
        return (await o.Body?.transformToByteArray()) ?? new Uint8Array();
      });
    read.catch(() => undefined);
    await Promise.race([read, sleep(1000)]);
    putFinished = true;
    put.end(bytes.subarray(bytes.byteLength / 2));
    const status = await putDone;
    const body = await read;

    // Assess
    expect(status).toBe(200);
    expect(answeredBeforePutFinished).toBe(false);
    expect(body.byteLength).toBe(bytes.byteLength);
    expect(Buffer.from(body).equals(Buffer.from(bytes))).toBe(true);
  });
});
