/**
 * Environment → typed configuration, validated once per process (cold start). Nothing else reads
 * `process.env`; the composition root receives this object.
 */
import * as z from 'zod';
import { type BucketKey, buckets, type TableKey, tables } from './adapters/schema.js';

const tableEnv = (key: TableKey) => `TABLE_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
const bucketEnv = (key: BucketKey) => `BUCKET_${key.toUpperCase()}`;

const envSchema = z.object({
  AWS_REGION: z.string().min(1).default('cn-north-1'),
  PUBLIC_BASE_URL: z.url(),
  DYNAMODB_ENDPOINT: z.url().optional(),
  S3_ENDPOINT: z.url().optional(),
  KMS_ENDPOINT: z.url().optional(),
  SEAL_KEY_ID: z.string().min(1).default('alias/zhengzhao-seal'),
  ROOT_KEY_ID: z.string().min(1).default('alias/zhengzhao-root'),
  /** The HMAC key (HMAC_256) the holder lookup keys and list cursors are derived from. */
  MAC_KEY_ID: z.string().min(1).default('alias/zhengzhao-mac'),
  /** The ECC_NIST_P256 key the token status lists are signed with (ES256). */
  STATUS_KEY_ID: z.string().min(1).default('alias/zhengzhao-status'),
  /** The ECC_NIST_P256 key the licence QR's offline payload is signed with (ES256, COSE_Sign1). */
  QR_KEY_ID: z.string().min(1).default('alias/zhengzhao-qr'),
  /**
   * A SYMMETRIC_DEFAULT key under which KMS makes the QR's data key pairs (one per 30 days, decrypted once per
   * process and period, signing in memory: no KMS request per licence). Unset: every QR is signed through
   * KMS Sign with QR_KEY_ID, which stays in the published key set either way.
   */
  QR_WRAP_KEY_ID: z.string().min(1).optional(),
  /**
   * The OFD rendition's SM2 keys (KeySpec SM2, SM2DSA): the seal holder's and the seal maker's. Set together,
   * only where the stage has an SM2 seal (the China regions on AWS; the local runtime). Unset: no OFD
   * (OFD_NOT_AVAILABLE).
   */
  OFD_SEAL_KEY_ID: z.string().min(1).optional(),
  OFD_MAKER_KEY_ID: z.string().min(1).optional(),
  /** A status list token's `ttl` and the longest one is served before it is built again (≤ 300 s). */
  /**
   * Base of the status lists' URLs (`statusList.uri`, the tokens' `sub`): on AWS the CloudFront edge that caches
   * them (the stack sets it). Unset: PUBLIC_BASE_URL.
   */
  STATUS_LIST_BASE_URL: z.url().optional(),
  STATUS_LIST_TTL_SECONDS: z.coerce.number().int().min(1).max(300).default(300),
  PRESIGN_EXPIRES_SECONDS: z.coerce.number().int().min(60).max(3600).default(900),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  /** Local runtime only: SMS go to this JSON-lines outbox file instead of SNS. */
  SMS_OUTBOX_FILE: z.string().min(1).optional(),
  SMS_SENDER_ID: z.string().min(1).max(11).optional(),
  /** On AWS: SMS are enqueued here and sent by the `sms` function (the async path with retries and a DLQ). */
  SMS_QUEUE_URL: z.url().optional(),
  SMS_LINK_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** Set on Lambda (CDK): logs and metrics through Powertools. */
  POWERTOOLS_SERVICE_NAME: z.string().min(1).optional(),
  POWERTOOLS_METRICS_NAMESPACE: z.string().min(1).default('Zhengzhao'),
  /** Local runtime only: start the clock at this instant (then it advances in real time). */
  NOW: z.iso.datetime({ offset: true }).optional(),
  /**
   * Local runtime only: webhooks may go to loopback addresses (127.0.0.0/8, ::1), over plain http too. The
   * stack never sets it, so on AWS every webhook address must be public and https.
   */
  WEBHOOK_ALLOW_LOOPBACK: z.enum(['true', 'false']).default('false'),
  /** On AWS: the webhook queue (audit stream → pipe → queue), whose messages the delivery function postpones. */
  WEBHOOK_QUEUE_URL: z.url().optional(),
  /** On AWS: deliveries whose attempts ran out are sent here (the webhook dead-letter queue). */
  WEBHOOK_DEAD_LETTER_QUEUE_URL: z.url().optional(),
  /** On AWS: the bulk issuance queue (one message per chunk of rows), consumed by the `bulk-worker` function. */
  BULK_QUEUE_URL: z.url().optional(),
  /**
   * The RFC 3161 TSA of the seals (PAdES B-T/B-LT); the local runtime sets its own. Unset: seals are B-B (tests
   * that compose without a TSA).
   */
  TSA_URL: z.url().optional(),
  /** Per attempt; two retries with backoff follow a transient failure. */
  TSA_TIMEOUT_MS: z.coerce.number().int().min(100).max(10_000).default(3000),
});

export interface Config {
  region: string;
  publicBaseUrl: string;
  endpoints: { dynamodb?: string; s3?: string; kms?: string };
  tables: Record<TableKey, string>;
  buckets: Record<BucketKey, string>;
  kms: {
    sealKeyId: string;
    rootKeyId: string;
    macKeyId: string;
    statusKeyId: string;
    qrKeyId: string;
    /** Absent: the QR is signed through KMS Sign (see QR_WRAP_KEY_ID). */
    qrWrapKeyId?: string;
  };
  /** The OFD rendition's SM2 seal keys; absent where the stage has none (the OFD routes answer OFD_NOT_AVAILABLE). */
  ofd?: { sealKeyId: string; makerKeyId: string };
  /** Token status lists: `ttl` of a token (seconds) and the base of their URLs (the edge on AWS). */
  statusLists: { ttlSeconds: number; baseUrl: string };
  presignExpiresSeconds: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  clockStart?: Date;
  /** Powertools on Lambda: the service name and metrics namespace. */
  powertools?: { serviceName: string; namespace: string };
  sms: { outboxFile?: string; senderId?: string; queueUrl?: string; linkTtlDays: number };
  webhooks: { allowLoopback: boolean; queueUrl?: string; deadLetterQueueUrl?: string };
  /** Bulk issuance: its queue on AWS (the local runtime queues into its worker pool). */
  bulk: { queueUrl?: string };
  /** The seals' time-stamp authority; absent: B-B seals. */
  tsa?: { url: string; timeoutMs: number };
}

/** Thrown when the environment is incomplete or invalid; the message lists every problem. */
export class ConfigError extends Error {
  constructor(problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

const required = (env: Record<string, string | undefined>, names: string[], problems: string[]) =>
  Object.fromEntries(
    names.map((name) => {
      const value = env[name];
      if (!value) problems.push(`${name}: required`);
      return [name, value ?? ''];
    }),
  );

/** Read and validate the configuration from an environment (`process.env` in the runtimes). */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const problems: string[] = [];
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`${issue.path.join('.')}: ${issue.message}`);
  }
  const tableKeys = Object.keys(tables) as TableKey[];
  const bucketKeys = Object.keys(buckets) as BucketKey[];
  const tableValues = required(env, tableKeys.map(tableEnv), problems);
  const bucketValues = required(env, bucketKeys.map(bucketEnv), problems);
  if (
    parsed.success &&
    (parsed.data.OFD_SEAL_KEY_ID === undefined) !== (parsed.data.OFD_MAKER_KEY_ID === undefined)
  ) {
    problems.push('OFD_SEAL_KEY_ID, OFD_MAKER_KEY_ID: set both or neither');
  }
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;
  return {
    region: e.AWS_REGION,
    publicBaseUrl: e.PUBLIC_BASE_URL.replace(/\/+$/, ''),
    endpoints: { dynamodb: e.DYNAMODB_ENDPOINT, s3: e.S3_ENDPOINT, kms: e.KMS_ENDPOINT },
    tables: Object.fromEntries(tableKeys.map((k) => [k, tableValues[tableEnv(k)]])) as Record<
      TableKey,
      string
    >,
    buckets: Object.fromEntries(bucketKeys.map((k) => [k, bucketValues[bucketEnv(k)]])) as Record<
      BucketKey,
      string
    >,
    kms: {
      sealKeyId: e.SEAL_KEY_ID,
      rootKeyId: e.ROOT_KEY_ID,
      macKeyId: e.MAC_KEY_ID,
      statusKeyId: e.STATUS_KEY_ID,
      qrKeyId: e.QR_KEY_ID,
      ...(e.QR_WRAP_KEY_ID ? { qrWrapKeyId: e.QR_WRAP_KEY_ID } : {}),
    },
    ...(e.OFD_SEAL_KEY_ID && e.OFD_MAKER_KEY_ID
      ? { ofd: { sealKeyId: e.OFD_SEAL_KEY_ID, makerKeyId: e.OFD_MAKER_KEY_ID } }
      : {}),
    statusLists: {
      ttlSeconds: e.STATUS_LIST_TTL_SECONDS,
      baseUrl: (e.STATUS_LIST_BASE_URL ?? e.PUBLIC_BASE_URL).replace(/\/+$/, ''),
    },
    presignExpiresSeconds: e.PRESIGN_EXPIRES_SECONDS,
    logLevel: e.LOG_LEVEL,
    ...(e.NOW ? { clockStart: new Date(e.NOW) } : {}),
    ...(e.POWERTOOLS_SERVICE_NAME
      ? { powertools: { serviceName: e.POWERTOOLS_SERVICE_NAME, namespace: e.POWERTOOLS_METRICS_NAMESPACE } }
      : {}),
    sms: {
      ...(e.SMS_OUTBOX_FILE ? { outboxFile: e.SMS_OUTBOX_FILE } : {}),
      ...(e.SMS_SENDER_ID ? { senderId: e.SMS_SENDER_ID } : {}),
      ...(e.SMS_QUEUE_URL ? { queueUrl: e.SMS_QUEUE_URL } : {}),
      linkTtlDays: e.SMS_LINK_TTL_DAYS,
    },
    webhooks: {
      allowLoopback: e.WEBHOOK_ALLOW_LOOPBACK === 'true',
      ...(e.WEBHOOK_QUEUE_URL ? { queueUrl: e.WEBHOOK_QUEUE_URL } : {}),
      ...(e.WEBHOOK_DEAD_LETTER_QUEUE_URL ? { deadLetterQueueUrl: e.WEBHOOK_DEAD_LETTER_QUEUE_URL } : {}),
    },
    bulk: { ...(e.BULK_QUEUE_URL ? { queueUrl: e.BULK_QUEUE_URL } : {}) },
    ...(e.TSA_URL ? { tsa: { url: e.TSA_URL, timeoutMs: e.TSA_TIMEOUT_MS } } : {}),
  };
}

/** The environment variables that name tables and buckets, for the runtimes that set them. */
export const storageEnvironment = (
  tableNames: Record<TableKey, string>,
  bucketNames: Record<BucketKey, string>,
): Record<string, string> => ({
  ...Object.fromEntries((Object.keys(tableNames) as TableKey[]).map((k) => [tableEnv(k), tableNames[k]])),
  ...Object.fromEntries((Object.keys(bucketNames) as BucketKey[]).map((k) => [bucketEnv(k), bucketNames[k]])),
});
