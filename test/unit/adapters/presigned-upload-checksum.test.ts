/**
 * Presigned uploads on AWS must not carry a checksum: since SDK 3.729 an S3 client's default
 * (`requestChecksumCalculation: WHEN_SUPPORTED`) signs `x-amz-checksum-crc32` into a presigned PutObject, and a
 * presigned request has no body yet — the URL names the CRC32 of nothing (`AAAAAA==`) and S3 refuses every real
 * upload through it (aws-sdk-js-v3#6994). s3rver ignores checksums, so only the URLs themselves show it: the
 * composition for AWS (no endpoints) is asked for the materials' and the bulk rows' upload URLs, offline.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bucketNames } from '../../../bin/local/aws-clients.js';
import { tableNames } from '../../../functions/adapters/dynamodb-tables.js';
import { S3ObjectStore } from '../../../functions/adapters/s3-object-store.js';
import { compose, createS3Client } from '../../../functions/composition.js';
import { loadConfig, storageEnvironment } from '../../../functions/config.js';

const config = loadConfig({
  AWS_REGION: 'cn-north-1',
  PUBLIC_BASE_URL: 'https://zz.test',
  ...storageEnvironment(tableNames('zz-'), bucketNames('zz-')),
});

/** The query parameters of a presigned URL that name a checksum. */
const checksumParameters = (url: string) =>
  [...new URL(url).searchParams.keys()].filter((name) => /checksum/i.test(name));

// Presigning signs with credentials but sends nothing: any well-formed pair will do.
const credentials = { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG' };
const saved: Record<string, string | undefined> = {};

beforeAll(() => {
  for (const [name, value] of Object.entries(credentials)) {
    saved[name] = process.env[name];
    process.env[name] = value;
  }
});

afterAll(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe('presigned uploads on AWS', () => {
  it('would carry the CRC32 of an empty body if presigned by the S3 client with the SDK defaults', async () => {
    // Prepare: the trap itself, so that this test fails if the SDK ever changes under it
    const store = new S3ObjectStore({ client: createS3Client(config), bucket: config.buckets.materials });

    // Act
    const { url } = await store.presignPut('materials/x', {
      contentType: 'application/pdf',
      expiresInSeconds: 60,
    });

    // Assess
    expect(new URL(url).searchParams.get('x-amz-checksum-crc32')).toBe('AAAAAA==');
  });

  it('name no checksum for a material or a bulk rows file, so S3 takes the real body', async () => {
    // Prepare
    const deps = compose(config, {}, {});

    // Act
    const material = await deps.cases.materials.presignPut('cases/C/materials/M/O', {
      contentType: 'application/pdf',
      expiresInSeconds: 60,
    });
    const rows = await deps.bulk.objects.presignPut('bulk/B/rows.ndjson', {
      contentType: 'application/x-ndjson',
      expiresInSeconds: 60,
      maxBytes: 1024,
    });

    // Assess
    for (const { url } of [material, rows]) {
      expect(new URL(url).hostname).toContain('amazonaws.com');
      expect(checksumParameters(url)).toEqual([]);
      expect(new URL(url).searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    }
  });
});
