/**
 * The real AWS SDK clients, configured for the local runtime's endpoints (dynamo-gateway, s3-server). Only
 * the endpoint and dummy credentials differ from AWS; adapters get these clients injected like any other.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import {
  BucketAlreadyExists,
  BucketAlreadyOwnedByYou,
  CreateBucketCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { type BucketKey, buckets } from '../../functions/adapters/schema.js';

/** Region used for signing locally; nothing local checks it, but the SDK needs one. */
export const LOCAL_REGION = 'cn-north-1';

/** dynalite checks only that requests are signed, never with what. */
const dynamoCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/** s3rver rejects access keys it does not know; this is the one it ships with. */
const s3Credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/** A DynamoDB client for the local gateway at `endpoint`. */
export function localDynamoClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: dynamoCredentials });
}

/** A KMS client for the local KMS endpoint at `endpoint` (it checks no signature either). */
export function localKmsClient(endpoint: string): KMSClient {
  return new KMSClient({ endpoint, region: LOCAL_REGION, credentials: dynamoCredentials });
}

/**
 * An S3 client for the local S3 server at `endpoint`. Path-style addressing, because `bucket.127.0.0.1`
 * does not resolve; checksums only when required, because with the SDK's default (streamed, trailing
 * checksums) s3rver would store the aws-chunked framing inside the object, and presigned PUT URLs would
 * carry an empty-body CRC that a real upload does not match.
 */
export function localS3Client(endpoint: string): S3Client {
  return new S3Client({
    endpoint,
    region: LOCAL_REGION,
    credentials: s3Credentials,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** Physical bucket names for a prefix, e.g. `zz-` → `{ materials: 'zz-materials', licences: 'zz-licences' }`. */
export const bucketNames = (prefix: string): Record<BucketKey, string> =>
  Object.fromEntries(
    Object.entries(buckets).map(([key, def]) => [key, `${prefix}${def.logicalName}`.toLowerCase()]),
  ) as Record<BucketKey, string>;

/**
 * Create every bucket of `schema.ts` under the given names; buckets that already exist are left alone.
 * s3rver answers `BucketAlreadyExists` for a bucket of its single account, so both errors mean "done".
 */
export async function createBuckets(s3: S3Client, names: Record<BucketKey, string>): Promise<void> {
  for (const key of Object.keys(buckets) as BucketKey[]) {
    try {
      await s3.send(new CreateBucketCommand({ Bucket: names[key] }));
    } catch (error) {
      if (!(error instanceof BucketAlreadyOwnedByYou || error instanceof BucketAlreadyExists)) throw error;
    }
  }
}
