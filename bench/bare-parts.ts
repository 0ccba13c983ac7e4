/**
 * The bare parts an issuance is made of, each measured alone: render one licence (to bytes), one RSA-3072
 * signature with node:crypto, one put into dynalite (behind the local gateway, on disk as the runtime runs
 * it) and one put of a licence-sized object into s3rver, both through the real AWS SDK — into the runtime's
 * own storage (its storage thread, the path every storage call of an issue takes: on AWS, the network), and,
 * for comparison, into a dynalite and s3rver running in this thread (no thread to wake: a cheaper path
 * than any the runtime has).
 *
 * They are sampled in rounds between rounds of the HTTP issues they are compared with (`issueVsBareParts`),
 * so that both sides of the ratio see the same machine: on a shared VM the speed drifts by ±40 % within
 * minutes, and measuring one side first and the other later compares two different machines.
 */
import { randomUUID, sign as rsaSign } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
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
import { summarize, type Timing } from './stats.js';

/** Medians/p95 of each bare part. */
export interface BareParts {
  render: Timing;
  rsaSign: Timing;
  /** Into the runtime's storage: the parts `issueVsBareParts` sums. */
  dynamoPut: Timing;
  s3Put: Timing;
  /** Into storage in the bench's own thread. */
  dynamoPutInThread: Timing;
  s3PutInThread: Timing;
}

/** Where a put goes: a DynamoDB and an S3 endpoint of the local stand-ins. */
interface StorageTarget {
  dynamoEndpoint: string;
  s3Endpoint: string;
}

/** Open bare-part measurements: sample them in rounds, then read the summary and close. */
export interface BarePartsSession {
  /** Measures each part `iterations` times, one part after another. */
  sample(iterations: number): Promise<void>;
  /** Summary over every sample taken so far. */
  result(): BareParts;
  close(): Promise<void>;
}

type PartName = keyof BareParts;

/**
 * Starts the storage the puts go to (its own dynalite and s3rver, like the runtime's, in this process) and
 * warms every part up `warmup` times; `licence` is the object put into S3.
 */
/** One put of each kind into `target`, through the real SDK clients (tables and buckets prefixed `bench-`). */
async function putsInto(target: StorageTarget, licence: Uint8Array) {
  const dynamo = localDynamoClient(target.dynamoEndpoint);
  const s3Client = localS3Client(target.s3Endpoint);
  const tables = tableNames('bench-');
  await createTables(dynamo, tables);
  const buckets = bucketNames('bench-');
  await createBuckets(s3Client, buckets);
  const doc = DynamoDBDocumentClient.from(dynamo);
  return {
    dynamoPut: () =>
      doc.send(
        new PutCommand({
          TableName: tables.ledger,
          Item: { certificateId: `CERT-${randomUUID()}`, sha256: randomUUID(), status: 'VALID', n: 1 },
        }),
      ),
    s3Put: () =>
      s3Client.send(
        new PutObjectCommand({
          Bucket: buckets.licences,
          Key: `bench/${randomUUID()}.pdf`,
          Body: licence,
          ContentType: 'application/pdf',
        }),
      ),
    close: () => {
      dynamo.destroy();
      s3Client.destroy();
    },
  };
}

export async function openBareParts(options: {
  fonts: LicenceFonts;
  licence: Uint8Array;
  warmup: number;
  /** The runtime's storage endpoints. */
  runtime: StorageTarget;
}): Promise<BarePartsSession> {
  const renderer = createLicenceRenderer(options.fonts);
  const { privateKey } = createCryptoSealSigner();
  const message = Buffer.from(options.licence.subarray(0, 1024));
  const dir = await mkdtemp(path.join(tmpdir(), 'zz-bench-bare-'));
  const gateway = await startDynamoGateway({ path: path.join(dir, 'dynamodb') });
  const s3 = await startS3Server({ directory: path.join(dir, 's3') });
  const inThread = await putsInto(
    { dynamoEndpoint: gateway.endpoint, s3Endpoint: s3.endpoint },
    options.licence,
  );
  const viaRuntime = await putsInto(options.runtime, options.licence);
  const parts: Record<PartName, () => Promise<unknown> | unknown> = {
    render: async () => (await renderer.render(sampleLicence(1))).doc.save(),
    rsaSign: () => rsaSign('sha256', message, privateKey),
    dynamoPut: viaRuntime.dynamoPut,
    s3Put: viaRuntime.s3Put,
    dynamoPutInThread: inThread.dynamoPut,
    s3PutInThread: inThread.s3Put,
  };
  const names = Object.keys(parts) as PartName[];
  const samples = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<
    PartName,
    number[]
  >;
  for (const name of names) for (let i = 0; i < options.warmup; i++) await parts[name]();
  return {
    async sample(iterations) {
      for (const name of names)
        for (let i = 0; i < iterations; i++) {
          const started = performance.now();
          await parts[name]();
          samples[name].push(performance.now() - started);
        }
    },
    result: () =>
      Object.fromEntries(names.map((name) => [name, summarize(samples[name])])) as unknown as BareParts,
    async close() {
      inThread.close();
      viaRuntime.close();
      await Promise.allSettled([gateway.close(), s3.close()]);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
