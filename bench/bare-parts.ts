/**
 * The bare parts an issuance is made of, each measured alone: render one licence (to bytes), one RSA-3072
 * signature with node:crypto, one put into dynalite (behind the local gateway, on disk as the runtime runs
 * it) and one put of a licence-sized object into s3rver, both through the real AWS SDK.
 */
import { randomUUID, sign as rsaSign } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { bucketNames, createBuckets, localDynamoClient, localS3Client } from '../bin/local/aws-clients.js';
import { startDynamoGateway } from '../bin/local/dynamo-gateway.js';
import { startS3Server } from '../bin/local/s3-server.js';
import { createTables, tableNames } from '../functions/adapters/dynamodb-tables.js';
import type { LicenceFonts } from '../functions/core/licence/render/fonts.js';
import { createLicenceRenderer } from '../functions/core/licence/render/render-licence.js';
import { sampleLicence } from './licence-sample.js';
import { createCryptoSealSigner } from './signers.js';
import { measure, type Timing } from './stats.js';

/** Medians/p95 of each bare part. */
export interface BareParts {
  render: Timing;
  rsaSign: Timing;
  dynamoPut: Timing;
  s3Put: Timing;
}

/** Measures each part `iterations` times after `warmup` runs; `licence` is the object put into S3. */
export async function measureBareParts(options: {
  fonts: LicenceFonts;
  licence: Uint8Array;
  warmup: number;
  iterations: number;
}): Promise<BareParts> {
  const runs = { warmup: options.warmup, iterations: options.iterations };
  const renderer = createLicenceRenderer(options.fonts);
  const render = await measure(async () => (await renderer.render(sampleLicence(1))).doc.save(), runs);
  const { privateKey } = createCryptoSealSigner();
  const message = Buffer.from(options.licence.subarray(0, 1024));
  const rsaSignTiming = await measure(() => rsaSign('sha256', message, privateKey), runs);

  const dir = await mkdtemp(path.join(tmpdir(), 'zz-bench-bare-'));
  const gateway = await startDynamoGateway({ path: path.join(dir, 'dynamodb') });
  const s3 = await startS3Server({ directory: path.join(dir, 's3') });
  const dynamo = localDynamoClient(gateway.endpoint);
  const s3Client = localS3Client(s3.endpoint);
  try {
    const tables = tableNames('bench-');
    await createTables(dynamo, tables);
    const buckets = bucketNames('bench-');
    await createBuckets(s3Client, buckets);
    const doc = DynamoDBDocumentClient.from(dynamo);
    const dynamoPut = await measure(
      () =>
        doc.send(
          new PutCommand({
            TableName: tables.ledger,
            Item: { certificateId: `CERT-${randomUUID()}`, sha256: randomUUID(), status: 'VALID', n: 1 },
          }),
        ),
      runs,
    );
    const s3Put = await measure(
      () =>
        s3Client.send(
          new PutObjectCommand({
            Bucket: buckets.licences,
            Key: `bench/${randomUUID()}.pdf`,
            Body: options.licence,
            ContentType: 'application/pdf',
          }),
        ),
      runs,
    );
    return { render, rsaSign: rsaSignTiming, dynamoPut, s3Put };
  } finally {
    dynamo.destroy();
    s3Client.destroy();
    await Promise.allSettled([gateway.close(), s3.close()]);
    await rm(dir, { recursive: true, force: true });
  }
}
