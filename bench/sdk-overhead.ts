/**
 * `npx tsx bench/sdk-overhead.ts [N]` — the AWS SDK's own CPU per call, with no server: every client's
 * `requestHandler` answers at once with a canned HTTP response, so what is left is the SDK's work (middleware,
 * serialisation, signing, checksums, parsing). Each storage call of an issue goes through the command classes
 * the adapters use, N times (default 5,000) on a client with the SDK's defaults and N times on the client the
 * composition root builds (functions/composition.ts, tuned by functions/adapters/sdk-client-tuning.ts). The
 * two run interleaved in rounds, so that a shared machine's drift hits both alike; printed: the median over
 * rounds of µs of CPU (process.cpuUsage, user + system) per call. A second table compares, for a GetItem, the
 * document client the adapters use with the plain client and util-dynamodb.
 */
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { createDynamoClient, createKmsClient, createS3Client } from '../functions/composition.js';

interface CannedResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/** A client whose request handler can be swapped (every @aws-sdk v3 client). */
interface HandledClient {
  config: { requestHandler: unknown };
}

/** Makes `client` answer every request with `reply` at once: the body a stream, as node:http hands it over. */
function answering<C extends HandledClient>(client: C, reply: CannedResponse): C {
  const body = Buffer.from(reply.body);
  const handler = {
    handle: async () => ({
      response: { statusCode: reply.statusCode, headers: { ...reply.headers }, body: Readable.from([body]) },
    }),
  };
  client.config.requestHandler = handler as C['config']['requestHandler'];
  return client;
}

const jsonReply = (body: unknown, contentType: string): CannedResponse => ({
  statusCode: 200,
  headers: { 'content-type': contentType, 'x-amzn-requestid': 'bench' },
  body: JSON.stringify(body),
});
const dynamoReply = (body: unknown) => jsonReply(body, 'application/x-amz-json-1.0');

/** A stored ledger item of about 1.5 KB, in DynamoDB JSON (as GetItem returns it). */
function ledgerItem(): Record<string, unknown> {
  const s = (value: string) => ({ S: value });
  const field = (i: number) => [`field${i}`, s(`经营场所：郑州市金水区花园路 ${i} 号院 ${i} 号楼`)];
  return {
    certificateId: s('CERT-2026-000000123456'),
    caseId: s('CASE-2026-0000001234'),
    serviceItemId: s('food-business-licence'),
    holderKey: s(randomBytes(32).toString('base64url')),
    sha256: s(randomBytes(32).toString('hex')),
    status: s('VALID'),
    issuedAt: s('2026-12-07T02:00:00.000Z'),
    validUntil: s('2031-12-06T23:59:59.999Z'),
    statusList: { M: { listId: s('2026-12-a'), index: { N: '12345' } } },
    pdfKey: s('licences/CERT-2026-000000123456.pdf'),
    fields: { M: Object.fromEntries(Array.from({ length: 20 }, (_, i) => field(i))) },
    history: {
      L: Array.from({ length: 4 }, (_, i) => ({ M: { at: s(`2026-12-0${i + 1}`), n: { N: `${i}` } } })),
    },
  };
}

/** How a client is built: `tuned` by the composition root; `local` with the local runtime's endpoints. */
interface Build {
  tuned: boolean;
  local?: boolean;
}

const region = 'cn-north-1';
const endpointsOf = (build: Build) =>
  build.local ? { dynamodb: 'http://127.0.0.1:4567', s3: 'http://127.0.0.1:4568' } : {};

function documentClient(build: Build, reply: CannedResponse): DynamoDBDocumentClient {
  const client = build.tuned
    ? createDynamoClient({ region, endpoints: endpointsOf(build) })
    : new DynamoDBClient({ region });
  return DynamoDBDocumentClient.from(answering(client, reply), {
    marshallOptions: { removeUndefinedValues: true },
  });
}

function s3Client(build: Build, reply: CannedResponse): S3Client {
  if (build.tuned) return answering(createS3Client({ region, endpoints: endpointsOf(build) }), reply);
  // The SDK's defaults, with only what the local runtime cannot do without (as createS3Client sets them).
  const local = build.local
    ? {
        endpoint: 'http://127.0.0.1:4568',
        forcePathStyle: true,
        requestChecksumCalculation: 'WHEN_REQUIRED' as const,
        responseChecksumValidation: 'WHEN_REQUIRED' as const,
      }
    : {};
  return answering(new S3Client({ region, ...local }), reply);
}

const item = ledgerItem();
const licencePdf = randomBytes(75 * 1024);
const signature = randomBytes(384).toString('base64');

/** One storage call of an issue: `prepare` builds its client and returns the call. */
interface Case {
  name: string;
  prepare: (build: Build) => () => Promise<unknown>;
}

const putLicence = (s3: S3Client) => () =>
  s3.send(
    new PutObjectCommand({
      Bucket: 'zz-licences',
      Key: 'licences/CERT-2026-000000123456.pdf',
      Body: licencePdf,
      ContentType: 'application/pdf',
      ContentLength: licencePdf.byteLength,
      IfNoneMatch: '*',
    }),
  );
const s3Ok: CannedResponse = { statusCode: 200, headers: { etag: '"bench"' }, body: '' };

const cases: Case[] = [
  {
    name: 'DynamoDB GetItem (1.5 KB item)',
    prepare: (build) => {
      const doc = documentClient(build, dynamoReply({ Item: item }));
      return () => doc.send(new GetCommand({ TableName: 'ledger', Key: { certificateId: 'CERT-1' } }));
    },
  },
  {
    name: 'DynamoDB PutItem (conditional)',
    prepare: (build) => {
      const doc = documentClient(build, dynamoReply({}));
      const record = {
        pk: 'client#key',
        status: 'IN_PROGRESS',
        expiresAt: 1_800_000_000,
        hash: 'f'.repeat(64),
      };
      return () =>
        doc.send(
          new PutCommand({
            TableName: 'idempotency',
            Item: record,
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
    },
  },
  {
    name: 'DynamoDB UpdateItem (counter)',
    prepare: (build) => {
      const doc = documentClient(build, dynamoReply({ Attributes: { value: { N: '65' } } }));
      return () =>
        doc.send(
          new UpdateCommand({
            TableName: 'counters',
            Key: { name: 'status-position' },
            UpdateExpression: 'ADD #v :n',
            ExpressionAttributeNames: { '#v': 'value' },
            ExpressionAttributeValues: { ':n': 64 },
            ReturnValues: 'UPDATED_NEW',
          }),
        );
    },
  },
  {
    name: 'DynamoDB TransactWriteItems (3 puts)',
    prepare: (build) => {
      const doc = documentClient(build, dynamoReply({}));
      const put = (n: number) => ({
        Put: {
          TableName: 'audit',
          Item: { pk: `chain#${n}`, seq: n, hash: 'h'.repeat(64), at: '2026-12-07' },
        },
      });
      return () => doc.send(new TransactWriteCommand({ TransactItems: [put(1), put(2), put(3)] }));
    },
  },
  {
    name: 'S3 PutObject 75 KB (AWS options)',
    prepare: (build) => putLicence(s3Client(build, s3Ok)),
  },
  {
    name: 'S3 PutObject 75 KB (local options)',
    prepare: (build) => putLicence(s3Client({ ...build, local: true }, s3Ok)),
  },
  {
    name: 'KMS Sign (digest)',
    prepare: (build) => {
      const algorithm = 'RSASSA_PKCS1_V1_5_SHA_256';
      const reply = jsonReply(
        { KeyId: 'seal', Signature: signature, SigningAlgorithm: algorithm },
        'application/x-amz-json-1.1',
      );
      const kms = answering(
        build.tuned ? createKmsClient({ region, endpoints: {} }) : new KMSClient({ region }),
        reply,
      );
      const digest = licencePdf.subarray(0, 32);
      return () =>
        kms.send(
          new SignCommand({
            KeyId: 'alias/seal',
            Message: digest,
            MessageType: 'DIGEST',
            SigningAlgorithm: algorithm,
          }),
        );
    },
  },
];

/** µs of CPU (user + system) per call over `n` sequential calls. */
async function cpuPerCall(call: () => Promise<unknown>, n: number): Promise<number> {
  const before = process.cpuUsage();
  for (let i = 0; i < n; i++) await call();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / n;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

/** Median µs per call of `a` and of `b`, in `rounds` interleaved rounds of `n / rounds` calls each. */
async function compare(
  a: () => Promise<unknown>,
  b: () => Promise<unknown>,
  n: number,
  rounds: number,
): Promise<[number, number]> {
  const perRound = Math.max(1, Math.round(n / rounds));
  await cpuPerCall(a, Math.min(500, perRound));
  await cpuPerCall(b, Math.min(500, perRound));
  const samples: [number[], number[]] = [[], []];
  for (let r = 0; r < rounds; r++) {
    // Alternate which goes first: whatever the first leaves behind (garbage, JIT) is shared out evenly.
    const order = r % 2 ? ([1, 0] as const) : ([0, 1] as const);
    for (const which of order) samples[which].push(await cpuPerCall(which ? b : a, perRound));
  }
  return [median(samples[0]), median(samples[1])];
}

/** The per-call alternative to the document client: the plain client and util-dynamodb (both tuned). */
function rawGetItem(): () => Promise<unknown> {
  const client = answering(createDynamoClient({ region, endpoints: {} }), dynamoReply({ Item: item }));
  return async () => {
    const out = await client.send(
      new GetItemCommand({ TableName: 'ledger', Key: marshall({ certificateId: 'CERT-1' }) }),
    );
    return out.Item ? unmarshall(out.Item) : undefined;
  };
}

const row = (name: string, [a, b]: [number, number]) =>
  console.log(
    `${name.padEnd(38)}${a.toFixed(0).padStart(14)}${b.toFixed(0).padStart(12)}${`${(((a - b) / a) * 100).toFixed(0)} %`.padStart(9)}`,
  );

const n = Number(process.argv[2] ?? 5_000);
const rounds = 20;
// The default credential chain, as on AWS and in the local runtime (there from the environment).
process.env.AWS_ACCESS_KEY_ID ??= 'AKIDBENCH';
process.env.AWS_SECRET_ACCESS_KEY ??= 'bench-secret';
console.log(
  `SDK CPU per call, µs (median of ${rounds} interleaved rounds, N = ${n} each; node ${process.version})`,
);
console.log(
  `${'call'.padEnd(38)}${'SDK defaults'.padStart(14)}${'tuned'.padStart(12)}${'saved'.padStart(9)}`,
);
for (const c of cases)
  row(c.name, await compare(c.prepare({ tuned: false }), c.prepare({ tuned: true }), n, rounds));
console.log(
  `\n${'GetItem, 1.5 KB item (all tuned)'.padEnd(38)}${'document'.padStart(14)}${'alternative'.padStart(12)}`,
);
const documentGet = cases[0]?.prepare({ tuned: true }) ?? rawGetItem();
row('plain client + util-dynamodb', await compare(documentGet, rawGetItem(), n, rounds));
