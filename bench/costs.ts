/**
 * The cost model (issue 8 §3): measured durations, memory and object sizes → US$ per million licences on
 * AWS, from list prices with their source, region and the date they were read. The requests each step makes
 * — DynamoDB request units (indexes and transactions included), S3 PUTs and GETs, KMS Signs, HTTP requests —
 * are counted by the bench's metered pass (metered-pass.ts), not estimated.
 */
import type { MeteredUsage, StepUsage } from './metered-pass.js';

/** A list price with where it comes from. */
export interface Price {
  usd: number;
  unit: string;
  source: string;
}

/** When and where the prices were read (us-east-1 list prices; cn-north-1 is priced in CNY by Sinnet/NWCD). */
export const PRICES_AS_OF = '2026-03 (us-east-1 list prices, on-demand, no free tier)';

/** List prices used by the model. */
export const PRICES = {
  lambdaArmGbSecond: {
    usd: 0.0000133334,
    unit: 'GB-second (arm64, first 7.5 B GB-s/month)',
    source: 'https://aws.amazon.com/lambda/pricing/',
  },
  lambdaRequest: { usd: 0.2 / 1e6, unit: 'request', source: 'https://aws.amazon.com/lambda/pricing/' },
  httpApiRequest: {
    usd: 1.0 / 1e6,
    unit: 'request (HTTP API, first 300 M/month)',
    source: 'https://aws.amazon.com/api-gateway/pricing/',
  },
  kmsAsymmetricRequest: {
    usd: 0.15 / 1e4,
    unit: 'Sign request, RSA_3072 ("asymmetric requests except RSA 2048")',
    source: 'https://aws.amazon.com/kms/pricing/',
  },
  kmsSymmetricRequest: {
    usd: 0.03 / 1e4,
    unit: 'request, symmetric (Decrypt, GenerateDataKeyPairWithoutPlaintext: the QR data keys)',
    source: 'https://aws.amazon.com/kms/pricing/',
  },
  tsaTimeStamp: {
    usd: 0,
    unit:
      'RFC 3161 time-stamp (B-LT), assumed 0: a provincial CA includes its TSA in the service contract; ' +
      'each US$ 0.001 a stamp would add US$ 1,000 per million',
    source: 'assumption (no public per-stamp list price); TSA_URL in docs/DEPLOY.md',
  },
  kmsKeyMonth: {
    usd: 1,
    unit: 'key-month (seal + root key: 2)',
    source: 'https://aws.amazon.com/kms/pricing/',
  },
  s3Put: { usd: 0.005 / 1000, unit: 'PUT (S3 Standard)', source: 'https://aws.amazon.com/s3/pricing/' },
  s3Get: { usd: 0.0004 / 1000, unit: 'GET (S3 Standard)', source: 'https://aws.amazon.com/s3/pricing/' },
  s3GbMonth: {
    usd: 0.023,
    unit: 'GB-month (S3 Standard, first 50 TB)',
    source: 'https://aws.amazon.com/s3/pricing/',
  },
  dynamoWru: {
    usd: 0.625 / 1e6,
    unit: 'write request unit (on-demand, after the Nov 2024 price cut)',
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
  },
  dynamoRru: {
    usd: 0.125 / 1e6,
    unit: 'read request unit (on-demand)',
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
  },
  dynamoGbMonth: {
    usd: 0.25,
    unit: 'GB-month',
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
  },
} satisfies Record<string, Price>;

/** What the bench measured that the model needs. */
export interface CostInputs {
  /** Median HTTP time of issuing one licence (one request), ms. */
  issueMs: number;
  /** A 54-licence batch in seconds (one request). */
  batch54Seconds: number;
  /** Median `GET /verify` time, ms (also used for the PDF download). */
  verifyMs: number;
  licenceBytes: number;
  /** Median time of a case's intake over HTTP (create, four uploads, submit, decision), ms. */
  intakeMs: number;
  /** Lambda memory of the certificates, verify, cases and stats-stream functions (lib/permissions.ts), MB. */
  issueMemoryMb: number;
  statsMemoryMb?: number;
  verifyMemoryMb: number;
  casesMemoryMb: number;
  /** What each step consumed, from the metered pass. */
  usage: MeteredUsage;
}

/** One line of the model. */
export interface CostLine {
  item: string;
  quantityPerLicence: number;
  price: Price;
  usdPerMillion: number;
}

/**
 * DynamoDB storage per licence: its ledger record and audit entry, its share of the case, the serial
 * counter and the SMS link — an estimate from the item sizes (≈ 2.6 KB), the one figure here not counted.
 */
export const DYNAMO_BYTES_PER_LICENCE = 2048 + 600;

const line = (item: string, quantityPerLicence: number, price: Price): CostLine => ({
  item,
  quantityPerLicence,
  price,
  usdPerMillion: Math.round(quantityPerLicence * price.usd * 1e6 * 100) / 100,
});

const sum = (steps: StepUsage[], key: Exclude<keyof StepUsage, 'writeUnitsByTable'>) =>
  steps.reduce((total, step) => total + (step[key] ?? 0), 0);

/**
 * Lines for one licence issued with one request per licence, downloaded once and verified once by QR,
 * stored for one month. `perBatch` spreads one batch request over 54 licences instead. The statistics
 * aggregator's share is counted too (its writes are off the request's path but still billed), and so are the
 * QR data keys' KMS requests (one Decrypt per process and period) and the seal's time-stamp (B-LT).
 */
export function costLines(inputs: CostInputs, perBatch = false): CostLine[] {
  const { usage } = inputs;
  const issue = perBatch ? usage.issueBatchPerLicence : usage.issueSingle;
  const stats = perBatch ? usage.statsPerBatchLicence : usage.statsPerLicence;
  const steps = [issue, usage.verifyByCode, usage.download];
  const issueSeconds = perBatch ? inputs.batch54Seconds / 54 : inputs.issueMs / 1000;
  const gbS = (seconds: number, mb: number) => seconds * (mb / 1024);
  const verifyGbS = gbS(inputs.verifyMs / 1000, inputs.verifyMemoryMb);
  return [
    line('Lambda duration: issue', gbS(issueSeconds, inputs.issueMemoryMb), PRICES.lambdaArmGbSecond),
    line('Lambda duration: QR verify + PDF download', 2 * verifyGbS, PRICES.lambdaArmGbSecond),
    line('Lambda requests (issue, verify, download)', sum(steps, 'httpRequests'), PRICES.lambdaRequest),
    line('API Gateway HTTP API requests', sum(steps, 'httpRequests'), PRICES.httpApiRequest),
    line('KMS Sign', sum(steps, 'kmsSigns'), PRICES.kmsAsymmetricRequest),
    line(
      'KMS Decrypt / GenerateDataKeyPair (QR data keys, amortised)',
      usage.kmsDataKeyRequestsPerLicence,
      PRICES.kmsSymmetricRequest,
    ),
    line('RFC 3161 time-stamp of the seal (B-LT)', 1, PRICES.tsaTimeStamp),
    line('S3 PUT (licence PDF)', sum(steps, 's3Puts'), PRICES.s3Put),
    line('S3 GET (download)', sum(steps, 's3Gets'), PRICES.s3Get),
    line('S3 storage, first month', inputs.licenceBytes / 1024 ** 3, PRICES.s3GbMonth),
    line('DynamoDB writes (metered)', sum(steps, 'writeUnits'), PRICES.dynamoWru),
    line('DynamoDB reads (metered)', sum(steps, 'readUnits'), PRICES.dynamoRru),
    line('DynamoDB writes: statistics aggregator (metered, amortised)', stats.writeUnits, PRICES.dynamoWru),
    line('Lambda: statistics aggregator (invocations)', stats.invocations, PRICES.lambdaRequest),
    line(
      'Lambda duration: statistics aggregator',
      gbS(stats.seconds, inputs.statsMemoryMb ?? 256),
      PRICES.lambdaArmGbSecond,
    ),
    line(
      'DynamoDB storage, first month (estimate)',
      DYNAMO_BYTES_PER_LICENCE / 1024 ** 3,
      PRICES.dynamoGbMonth,
    ),
  ];
}

/**
 * Lines for the intake of one case (create, four material uploads, submit, one decision): what a licence of
 * a one-licence case costs before it is issued. Material storage is left out: it depends on what applicants
 * upload and on the retention the stack configures.
 */
export function intakeLines(inputs: CostInputs): CostLine[] {
  const intake = inputs.usage.intakePerCase;
  return [
    line(
      'Lambda duration: intake',
      (inputs.intakeMs / 1000) * (inputs.casesMemoryMb / 1024),
      PRICES.lambdaArmGbSecond,
    ),
    line('Lambda requests', intake.httpRequests, PRICES.lambdaRequest),
    line('API Gateway HTTP API requests', intake.httpRequests, PRICES.httpApiRequest),
    line('S3 PUT (materials)', intake.s3Puts, PRICES.s3Put),
    line('S3 GET', intake.s3Gets, PRICES.s3Get),
    line('DynamoDB writes (metered)', intake.writeUnits, PRICES.dynamoWru),
    line('DynamoDB reads (metered)', intake.readUnits, PRICES.dynamoRru),
  ];
}

/** Sum of the lines in US$ per million licences. */
export const totalUsd = (lines: CostLine[]): number =>
  Math.round(lines.reduce((sum, l) => sum + l.usdPerMillion, 0) * 100) / 100;

/** Write units a licence cannot go below: its ledger record and its audit entry, each at least one. */
export const LEAST_WRU_PER_LICENCE = 2;

/** `lines` against what they can come down to (US$ per million licences). */
export interface CostFloor {
  /** As measured. */
  measuredUsd: number;
  /** The same lines with `wru` write units per licence in place of the metered ones (issue and aggregator). */
  atWruUsd: (wru: number) => number;
  /**
   * The least these lines could be: no Lambda time at all, no read, `LEAST_WRU_PER_LICENCE` write units, and
   * everything fixed per licence as it is — the Sign, the PUT and storage of the PDF, the requests of the issue,
   * the download and the QR check.
   */
  floorUsd: number;
}

const isDynamoUnits = (l: CostLine) =>
  l.item.startsWith('DynamoDB writes') || l.item.startsWith('DynamoDB reads');
const isLambdaTime = (l: CostLine) => l.item.startsWith('Lambda duration');

/** What `lines` cost, at a given number of write units, and at the floor (see `CostFloor`). */
export function costFloor(lines: CostLine[]): CostFloor {
  const rest = lines.filter((l) => !isDynamoUnits(l));
  const withWrites = (kept: CostLine[], wru: number) =>
    totalUsd([...kept, line('DynamoDB writes', wru, PRICES.dynamoWru)]);
  const reads = lines.filter((l) => l.item.startsWith('DynamoDB reads'));
  return {
    measuredUsd: totalUsd(lines),
    atWruUsd: (wru) => withWrites([...rest, ...reads], wru),
    floorUsd: withWrites(
      rest.filter((l) => !isLambdaTime(l)),
      LEAST_WRU_PER_LICENCE,
    ),
  };
}
