/**
 * The metered pass: what each step of a licence's life consumes on AWS's meters, counted on a runtime whose
 * DynamoDB gateway meters request units as DynamoDB bills them (indexes and transactions included;
 * bin/local/dynamo-metering.ts) and whose storage thread records every S3 and KMS request. Nothing here is
 * timed — metering reads every written item before and after, so this runtime is not the one the timings
 * come from. The cost model (costs.ts) takes these counts instead of estimates.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { RequestTiming } from '../bin/local/request-timings.js';
import { approvedCase } from './cases.js';
import { type BenchApi, benchApi, expectStatus } from './http-client.js';
import { epochWindow, type IssueWindow, requestsIn } from './issue-timeline.js';
import { startRuntimeProcess } from './runtime-process.js';
import { quantile } from './stats.js';

/** What one step consumed (medians over its repetitions): DynamoDB units and the S3/KMS requests. */
export interface StepUsage {
  writeUnits: number;
  readUnits: number;
  s3Puts: number;
  s3Gets: number;
  kmsSigns: number;
  /** KMS requests of the QR's data keys (GenerateDataKeyPairWithoutPlaintext, Decrypt; symmetric pricing). */
  kmsDataKeyRequests?: number;
  /** HTTP requests the step is made of (each an API Gateway request and a Lambda invocation on AWS). */
  httpRequests: number;
  /** Where the write units went: per table and kind of write (`Ledger PutItem`), medians like the rest. */
  writeUnitsByTable?: Record<string, number>;
}

/** Usage per step of a licence's life. */
export interface MeteredUsage {
  /** One case from creation to APPROVED (create, four material uploads, submit, one decision). */
  intakePerCase: StepUsage;
  /** Issuing one licence with one request. */
  issueSingle: StepUsage;
  /** One licence's share of a 54-licence request. */
  issueBatchPerLicence: StepUsage;
  /** One `GET /verify/{id}?code=` (the QR). */
  verifyByCode: StepUsage;
  /** One `GET /v1/certificates/{id}/pdf`. */
  download: StepUsage;
  /**
   * The statistics aggregator's share of one licence issued alone: what it wrote for the whole life of the
   * single-licence cases (intake and issue) when their change records came in one stream batch, divided by
   * those cases. `invocations`: its Lambda invocations per licence; `seconds`: its time per licence.
   */
  statsPerLicence: StepUsage & { invocations: number; seconds: number };
  /** The same for a 54-licence case, per licence. */
  statsPerBatchLicence: StepUsage & { invocations: number; seconds: number };
  /** QR data key requests (Generate…, Decrypt) over the pass's licences: one per process and period. */
  kmsDataKeyRequestsPerLicence: number;
}

/** Sums what the storage answered inside `window` (by the midpoint of each request). */
function usageIn(window: IssueWindow, timings: RequestTiming[], httpRequests: number): StepUsage {
  const inside = requestsIn(window, timings);
  const count = (service: RequestTiming['service'], operation: string) =>
    inside.filter((t) => t.service === service && t.operation === operation).length;
  const byTable: Record<string, number> = {};
  for (const t of inside) {
    const transaction = t.operation === 'TransactWriteItems' ? ' (transaction)' : '';
    for (const part of (t.writeItems ?? '').split(',').filter(Boolean)) {
      const [table = '', units = '0'] = part.split('=');
      // Physical names carry the deployment's prefix (`zz-Ledger`): the logical name is what reads.
      const name = `${table.replace(/^.*-/, '')}${transaction || ` ${t.operation}`}`;
      byTable[name] = (byTable[name] ?? 0) + Number(units);
    }
  }
  return {
    writeUnitsByTable: byTable,
    writeUnits: inside.reduce((sum, t) => sum + (t.writeUnits ?? 0), 0),
    readUnits: inside.reduce((sum, t) => sum + (t.readUnits ?? 0), 0),
    s3Puts: count('s3', 'PUT object'),
    s3Gets: count('s3', 'GET object') + count('s3', 'HEAD object'),
    kmsSigns: count('kms', 'Sign'),
    kmsDataKeyRequests: count('kms', 'Decrypt') + count('kms', 'GenerateDataKeyPairWithoutPlaintext'),
    httpRequests,
  };
}

/** Waits until the statistics aggregator has taken every change so far; its total batches. */
async function settleStats(api: BenchApi): Promise<number> {
  const reply = expectStatus(await api('POST', '/local/jobs/stats-feed'), 200, 'stats feed');
  return Number(reply.json.result.batches);
}

/** The aggregator's writes in `window` (a flush of the feed) spread over `licences`. */
function statsUsage(
  window: IssueWindow,
  timings: RequestTiming[],
  batches: number,
  licences: number,
): StepUsage & { invocations: number; seconds: number } {
  const used = medianUsage([usageIn(window, timings, 0)], licences);
  const seconds = (window.endMs - window.startMs) / 1000;
  return {
    ...used,
    invocations: Math.round((batches / licences) * 1000) / 1000,
    seconds: Math.round((seconds / licences) * 10000) / 10000,
  };
}

/** Medians of each field over the repetitions of a step, divided by `per` (licences per request). */
function medianUsage(samples: StepUsage[], per = 1): StepUsage {
  const field = (key: Exclude<keyof StepUsage, 'writeUnitsByTable'>) =>
    Math.round(
      (quantile(
        samples.map((s) => s[key] ?? 0).sort((a, b) => a - b),
        0.5,
      ) /
        per) *
        1000,
    ) / 1000;
  const tables = [...new Set(samples.flatMap((s) => Object.keys(s.writeUnitsByTable ?? {})))].sort();
  const byTable = Object.fromEntries(
    tables.map((t) => {
      const values = samples.map((s) => s.writeUnitsByTable?.[t] ?? 0).sort((a, b) => a - b);
      return [t, Math.round((quantile(values, 0.5) / per) * 1000) / 1000];
    }),
  );
  return {
    writeUnitsByTable: Object.fromEntries(Object.entries(byTable).filter(([, v]) => v > 0)),
    writeUnits: field('writeUnits'),
    readUnits: field('readUnits'),
    s3Puts: field('s3Puts'),
    s3Gets: field('s3Gets'),
    kmsSigns: field('kmsSigns'),
    kmsDataKeyRequests: field('kmsDataKeyRequests'),
    httpRequests: field('httpRequests'),
  };
}

async function timed(action: () => Promise<unknown>): Promise<IssueWindow> {
  const started = performance.now();
  await action();
  return epochWindow(started, performance.now());
}

/** Requests of `approvedCase` (bench/cases.ts): create, four uploads, submit, one decision. */
const INTAKE_REQUESTS = 7;

/** Runs the metered pass on a runtime of its own under `dataDir`; `repetitions` of each step. */
export async function measureUsage(dataDir: string, repetitions: number): Promise<MeteredUsage> {
  // Without the event consumers' rounds (webhooks, the applicant's SMS): they write on their own timer, so
  // their writes would land in whichever step's window is open then — a QR check or a download seemed to
  // write 1–2 WRU, which were an SMS's. Each step's figure is then what its own requests write.
  const runtime = await startRuntimeProcess(path.join(dataDir, 'metered'), {
    metering: true,
    // The statistics feed is held until the pass flushes it: the aggregator's writes are counted on their own,
    // for the cases whose changes one stream batch carries, instead of landing in a step's window.
    env: {
      WEBHOOK_INTERVAL_SECONDS: '0',
      PROGRESS_SMS_INTERVAL_SECONDS: '0',
      ZZ_CHANGE_FEED_WINDOW_MS: String(24 * 3600_000),
    },
  });
  try {
    const api: BenchApi = benchApi(runtime.url, runtime.apiKey);
    const publicApi = benchApi(runtime.url);
    const windows = { intake: [] as IssueWindow[], issue: [] as IssueWindow[], verify: [] as IssueWindow[] };
    const download: IssueWindow[] = [];
    await approvedCase(api, 1); // warm-up: first requests compose the handlers, create the chain
    let batches = await settleStats(api);
    const cases: string[] = [];
    for (let i = 0; i < repetitions; i++) {
      let caseId = '';
      windows.intake.push(await timed(async () => (caseId = await approvedCase(api, 1))));
      cases.push(caseId);
    }
    const issued: Array<{ certificateId: string; verificationCode: string }> = [];
    for (const caseId of cases) {
      windows.issue.push(
        await timed(async () => {
          const reply = await api('POST', `/v1/cases/${caseId}/certificates`, { json: {} });
          issued.push(expectStatus(reply, 201, 'issue').json.certificates[0]);
        }),
      );
    }
    let singleBatches = 0;
    const statsSingles = await timed(async () => {
      const total = await settleStats(api);
      singleBatches = total - batches;
      batches = total;
    });
    for (const c of issued) {
      windows.verify.push(
        await timed(async () => {
          const reply = await publicApi('GET', `/verify/${c.certificateId}?code=${c.verificationCode}`, {
            headers: { accept: 'application/json' },
          });
          if (reply.json?.verdict !== 'VALID') throw new Error(`verify by code: ${reply.status}`);
        }),
      );
      download.push(
        await timed(async () =>
          expectStatus(await api('GET', `/v1/certificates/${c.certificateId}/pdf`), 200, 'download'),
        ),
      );
    }
    const batchCase = await approvedCase(api, 54);
    const batch = await timed(async () =>
      expectStatus(await api('POST', `/v1/cases/${batchCase}/certificates`, { json: {} }), 201, 'issue 54'),
    );
    let batchBatches = 0;
    const statsBatch = await timed(async () => {
      const total = await settleStats(api);
      batchBatches = total - batches;
    });
    await new Promise((resolve) => setTimeout(resolve, 200)); // the timings file is appended asynchronously
    const timings = await runtime.storageTimings();
    const usage = (ws: IssueWindow[], requests: number) => ws.map((w) => usageIn(w, timings, requests));
    return {
      intakePerCase: medianUsage(usage(windows.intake, INTAKE_REQUESTS)),
      issueSingle: medianUsage(usage(windows.issue, 1)),
      issueBatchPerLicence: medianUsage(usage([batch], 1), 54),
      verifyByCode: medianUsage(usage(windows.verify, 1)),
      download: medianUsage(usage(download, 1)),
      statsPerLicence: statsUsage(statsSingles, timings, singleBatches, repetitions),
      statsPerBatchLicence: statsUsage(statsBatch, timings, batchBatches, 54),
      kmsDataKeyRequestsPerLicence:
        Math.round(
          (timings.filter((t) => t.service === 'kms' && /^(Decrypt|GenerateDataKeyPair)/.test(t.operation))
            .length /
            (repetitions + 54)) *
            10000,
        ) / 10000,
    };
  } finally {
    await runtime.stop();
  }
}
