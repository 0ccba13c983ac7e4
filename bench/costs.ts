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

/**
 * Estimated request units per licence, from the issuance protocol (issue-certificates.ts) and the item sizes
 * (case ≈ 3 KB plus ≈ 0.5 KB per reserved licence, ledger record ≈ 2 KB, audit entry < 1 KB): a write costs
 * one WRU per started KB, twice inside a transaction; a consistent read one RRU per started 4 KB.
 */
export const DYNAMO_ESTIMATE = {
  // counter 1, reservation 4, ledger put 2, commit transaction 2 × (case 4 + 2 audit entries) = 12,
  // activation 2, statistics counters 3.
  single: { issueWru: 24, issueRru: 3 },
  // Per licence of 54: ledger put 2 + activation 2 + its audit entry in the commit transaction 2, and 1/54 of
  // the counter, the reservation (≈ 30 KB), the commit (2 × 30 KB) and the statistics.
  batch: { issueWru: 6 + (1 + 30 + 60 + 2 + 3) / 54, issueRru: 10 / 54 },
  verifyRru: 1,
  downloadRru: 1,
  itemBytes: 2048 + 600,
  note:
    'one licence per request: counter 1, reservation 4, ledger put 2, commit transaction 2 × 6 (case and two ' +
    'audit entries), activation 2, statistics 3 WRU; per licence of a 54 batch: ledger put and activation ' +
    '2 + 2, its audit entry in the commit transaction 2, plus its share of the case writes — estimates read ' +
    'from the protocol and item sizes, not metered (dynalite does not meter request units)',
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
  const units = perBatch ? DYNAMO_ESTIMATE.batch : DYNAMO_ESTIMATE.single;
  return [
    line('Lambda duration: issue', gbS(issueSeconds, inputs.issueMemoryMb), PRICES.lambdaArmGbSecond),
    line('Lambda duration: QR verify + PDF download', 2 * verifyGbS, PRICES.lambdaArmGbSecond),
    line('Lambda requests (issue, verify, download)', issueRequests + 2, PRICES.lambdaRequest),
    line('API Gateway HTTP API requests', issueRequests + 2, PRICES.httpApiRequest),
    line('KMS Sign (one per licence)', 1, PRICES.kmsAsymmetricRequest),
    line('S3 PUT (licence PDF)', 1, PRICES.s3Put),
    // A fresh batch reads nothing back from S3 (only a resumed one checks what is there).
    line('S3 GET (download)', 1, PRICES.s3Get),
    line('S3 storage, first month', inputs.licenceBytes / 1024 ** 3, PRICES.s3GbMonth),
    line('DynamoDB writes (estimate)', units.issueWru, PRICES.dynamoWru),
    line(
      'DynamoDB reads (estimate)',
      units.issueRru + DYNAMO_ESTIMATE.verifyRru + DYNAMO_ESTIMATE.downloadRru,
      PRICES.dynamoRru,
    ),
    line('DynamoDB storage, first month', DYNAMO_ESTIMATE.itemBytes / 1024 ** 3, PRICES.dynamoGbMonth),
  ];
}

/** Sum of the lines in US$ per million licences. */
export const totalUsd = (lines: CostLine[]): number =>
  Math.round(lines.reduce((sum, l) => sum + l.usdPerMillion, 0) * 100) / 100;
