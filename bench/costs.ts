/**
 * The cost model (issue 8 §3): measured durations, memory and object sizes → US$ per million licences on
 * AWS, from list prices with their source, region and the date they were read. Request counts per licence
 * that the bench cannot observe (DynamoDB request units) are estimates read from the issuance code and are
 * marked as such in docs/COSTS.md.
 */

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
  /** Lambda memory of the certificates and verify functions (lib/permissions.ts), MB. */
  issueMemoryMb: number;
  verifyMemoryMb: number;
}

/** One line of the model. */
export interface CostLine {
  item: string;
  quantityPerLicence: number;
  price: Price;
  usdPerMillion: number;
}

/** Estimated request units per licence, from reading issue-certificates.ts and the Dynamo adapters. */
export const DYNAMO_ESTIMATE = {
  issueWru: 14,
  issueRru: 6,
  verifyRru: 2,
  downloadRru: 2,
  itemBytes: 2048,
  note:
    'counter reserve 1, case updates 2×3 (≈3 KB item), ledger put + activate 2×2, audit append 2; reads: ' +
    'client, case ×2–3, ledger — estimates, not measured (dynalite does not meter request units)',
};

const line = (item: string, quantityPerLicence: number, price: Price): CostLine => ({
  item,
  quantityPerLicence,
  price,
  usdPerMillion: Math.round(quantityPerLicence * price.usd * 1e6 * 100) / 100,
});

/**
 * Lines for one licence issued with one request per licence, downloaded once and verified once by QR,
 * stored for one month. `perBatch` spreads one batch request over 54 licences instead.
 */
export function costLines(inputs: CostInputs, perBatch = false): CostLine[] {
  const issueSeconds = perBatch ? inputs.batch54Seconds / 54 : inputs.issueMs / 1000;
  const issueRequests = perBatch ? 1 / 54 : 1;
  const gbS = (seconds: number, mb: number) => seconds * (mb / 1024);
  const verifyGbS = gbS(inputs.verifyMs / 1000, inputs.verifyMemoryMb);
  return [
    line('Lambda duration: issue', gbS(issueSeconds, inputs.issueMemoryMb), PRICES.lambdaArmGbSecond),
    line('Lambda duration: QR verify + PDF download', 2 * verifyGbS, PRICES.lambdaArmGbSecond),
    line('Lambda requests (issue, verify, download)', issueRequests + 2, PRICES.lambdaRequest),
    line('API Gateway HTTP API requests', issueRequests + 2, PRICES.httpApiRequest),
    line('KMS Sign (one per licence)', 1, PRICES.kmsAsymmetricRequest),
    line('S3 PUT (licence PDF)', 1, PRICES.s3Put),
    line('S3 GET (existence check on issue, download)', 2, PRICES.s3Get),
    line('S3 storage, first month', inputs.licenceBytes / 1024 ** 3, PRICES.s3GbMonth),
    line('DynamoDB writes (estimate)', DYNAMO_ESTIMATE.issueWru, PRICES.dynamoWru),
    line(
      'DynamoDB reads (estimate)',
      DYNAMO_ESTIMATE.issueRru + DYNAMO_ESTIMATE.verifyRru + DYNAMO_ESTIMATE.downloadRru,
      PRICES.dynamoRru,
    ),
    line('DynamoDB storage, first month', DYNAMO_ESTIMATE.itemBytes / 1024 ** 3, PRICES.dynamoGbMonth),
  ];
}

/** Sum of the lines in US$ per million licences. */
export const totalUsd = (lines: CostLine[]): number =>
  Math.round(lines.reduce((sum, l) => sum + l.usdPerMillion, 0) * 100) / 100;
