import { describe, expect, it } from 'vitest';
import {
  type CostInputs,
  costFloor,
  costLines,
  intakeLines,
  LEAST_WRU_PER_LICENCE,
  PRICES,
  totalUsd,
} from '../../../bench/costs.js';
import type { StepUsage } from '../../../bench/metered-pass.js';

const step = (overrides: Partial<StepUsage>): StepUsage => ({
  writeUnits: 0,
  readUnits: 0,
  s3Puts: 0,
  s3Gets: 0,
  kmsSigns: 0,
  httpRequests: 1,
  ...overrides,
});

const inputs: CostInputs = {
  issueMs: 100,
  batch54Seconds: 1.08,
  verifyMs: 10,
  intakeMs: 200,
  licenceBytes: 50 * 1024,
  issueMemoryMb: 2048,
  verifyMemoryMb: 1024,
  casesMemoryMb: 1024,
  usage: {
    intakePerCase: step({ writeUnits: 60, readUnits: 10, s3Puts: 4, httpRequests: 7 }),
    issueSingle: step({ writeUnits: 30, readUnits: 2, s3Puts: 1, kmsSigns: 1 }),
    issueBatchPerLicence: step({
      writeUnits: 12,
      readUnits: 0.1,
      s3Puts: 1,
      kmsSigns: 1,
      httpRequests: 1 / 54,
    }),
    verifyByCode: step({ readUnits: 1 }),
    download: step({ readUnits: 1, s3Gets: 1 }),
    statsPerLicence: { ...step({ writeUnits: 4, httpRequests: 0 }), invocations: 0.2, seconds: 0.01 },
    statsPerBatchLicence: {
      ...step({ writeUnits: 0.3, httpRequests: 0 }),
      invocations: 0.02,
      seconds: 0.001,
    },
    kmsDataKeyRequestsPerLicence: 0.01,
  },
};

const usd = (lines: ReturnType<typeof costLines>, item: string) =>
  lines.find((l) => l.item === item)?.usdPerMillion;

describe('cost model (bench)', () => {
  it('prices what the metered pass counted: issue, QR check and download of one licence', () => {
    // Act
    const lines = costLines(inputs);

    // Assess: 30 WRU issuing, none verifying or downloading; 2 + 1 + 1 RRU; 3 HTTP requests
    expect(usd(lines, 'DynamoDB writes (metered)')).toBeCloseTo(30 * PRICES.dynamoWru.usd * 1e6, 2);
    expect(usd(lines, 'DynamoDB reads (metered)')).toBeCloseTo(4 * PRICES.dynamoRru.usd * 1e6, 2);
    expect(usd(lines, 'API Gateway HTTP API requests')).toBe(3);
    expect(usd(lines, 'KMS Sign')).toBe(15);
    expect(usd(lines, 'S3 PUT (licence PDF)')).toBe(5);
    // 0.1 s at 2 GB
    expect(usd(lines, 'Lambda duration: issue')).toBeCloseTo(0.2 * PRICES.lambdaArmGbSecond.usd * 1e6, 2);
    expect(totalUsd(lines)).toBeCloseTo(
      lines.reduce((sum, l) => sum + l.usdPerMillion, 0),
      2,
    );
  });

  it('counts the statistics aggregator, the QR data keys and the seal’s time-stamp for each licence', () => {
    // Act
    const single = costLines(inputs);
    const batched = costLines(inputs, true);

    // Assess: off the request path, still billed; one time-stamp a licence, priced as assumed (0)
    const aggregator = 'DynamoDB writes: statistics aggregator (metered, amortised)';
    expect(usd(single, aggregator)).toBeCloseTo(4 * PRICES.dynamoWru.usd * 1e6, 2);
    expect(usd(batched, aggregator)).toBeCloseTo(0.3 * PRICES.dynamoWru.usd * 1e6, 2);
    expect(usd(single, 'Lambda: statistics aggregator (invocations)')).toBeCloseTo(0.2 * 0.2, 2);
    expect(usd(single, 'KMS Decrypt / GenerateDataKeyPair (QR data keys, amortised)')).toBeCloseTo(
      0.01 * PRICES.kmsSymmetricRequest.usd * 1e6,
      4,
    );
    const stamp = single.find((l) => l.item === 'RFC 3161 time-stamp of the seal (B-LT)');
    expect(stamp?.quantityPerLicence).toBe(1);
    expect(stamp?.price.source).toContain('assumption');
  });

  it('spreads a batch request over its 54 licences and prices a case’s intake on its own', () => {
    // Act
    const batched = costLines(inputs, true);
    const intake = intakeLines(inputs);

    // Assess
    expect(usd(batched, 'DynamoDB writes (metered)')).toBeCloseTo(12 * PRICES.dynamoWru.usd * 1e6, 2);
    expect(usd(batched, 'Lambda duration: issue')).toBeCloseTo(
      (1.08 / 54) * 2 * PRICES.lambdaArmGbSecond.usd * 1e6,
      2,
    );
    expect(usd(intake, 'S3 PUT (materials)')).toBe(20);
    expect(usd(intake, 'API Gateway HTTP API requests')).toBe(7);
    expect(usd(intake, 'DynamoDB writes (metered)')).toBeCloseTo(60 * PRICES.dynamoWru.usd * 1e6, 2);
  });

  it('puts a licence against its floor: the fixed parts, two write units, no Lambda time and no reads', () => {
    // Prepare
    const lines = costLines(inputs);
    const fixed = ['API Gateway HTTP API requests', 'KMS Sign', 'S3 PUT (licence PDF)', 'S3 GET (download)']
      .concat(['Lambda requests (issue, verify, download)', 'S3 storage, first month'])
      .concat([
        'KMS Decrypt / GenerateDataKeyPair (QR data keys, amortised)',
        'RFC 3161 time-stamp of the seal (B-LT)',
      ])
      .concat(['Lambda: statistics aggregator (invocations)', 'DynamoDB storage, first month (estimate)'])
      .reduce((sum, item) => sum + (usd(lines, item) ?? Number.NaN), 0);

    // Act
    const floor = costFloor(lines);

    // Assess: the metered 30 + 4 WRU of the inputs replaced by 10 at the target, by 2 at the floor
    const wru = PRICES.dynamoWru.usd * 1e6;
    expect(floor.measuredUsd).toBe(totalUsd(lines));
    expect(floor.floorUsd).toBeCloseTo(fixed + LEAST_WRU_PER_LICENCE * wru, 1);
    expect(floor.measuredUsd - floor.atWruUsd(10)).toBeCloseTo((34 - 10) * wru, 1);
    expect(floor.floorUsd).toBeLessThan(floor.atWruUsd(10));
  });
});
