/**
 * Part 2 over HTTP against the local runtime: issuing one licence per request (sequentially, then from
 * several concurrent clients), the 54-licence batch, and `GET /verify/{id}?code=` throughput.
 */
import { performance } from 'node:perf_hooks';
import { approvedCase } from './cases.js';
import { type BenchApi, benchApi, expectStatus, runWorkers } from './http-client.js';
import { epochWindow, type IssueWindow } from './issue-timeline.js';
import { summarize, type Timing } from './stats.js';

/** One issued licence: what the verification parts need. */
export interface IssuedLicence {
  certificateId: string;
  verificationCode: string;
  sha256: string;
  api: BenchApi;
}

/** Sizes of the HTTP part (≥ 200 concurrent issue requests, as the brief asks). */
export interface LoadPlan {
  sequentialIssues: number;
  /** The sequential issues run in this many rounds, with `betweenRounds` after each. */
  sequentialRounds: number;
  concurrentIssues: number;
  clients: number;
  batchRuns: number;
  verifyRequests: number;
  verifyClients: number;
}

/** Results of the HTTP part. */
export interface LoadResults {
  /** A case's intake (create, four uploads, submit, decision), one case at a time. */
  intake: Timing;
  issueSequential: Timing;
  /** When each sequential issue was in flight (ms since the epoch). */
  issueWindows: IssueWindow[];
  issueConcurrent: Timing & { clients: number; licencesPerSecond: number };
  batch54: { runsSeconds: number[]; medianSeconds: number };
  verifyByCode: Timing & { clients: number; requestsPerSecond: number };
  issued: IssuedLicence[];
}

/** Upstream API clients (each with its own key), made through the local admin route. */
async function makeClients(base: string, adminKey: string, count: number): Promise<BenchApi[]> {
  const admin = benchApi(base, adminKey);
  const clients: BenchApi[] = [];
  for (let i = 0; i < count; i++) {
    const reply = expectStatus(
      await admin('POST', '/local/clients', {
        json: { clientId: `bench-${i}`, name: `压测客户端 ${i}`, serviceItems: ['*'], departments: ['*'] },
      }),
      201,
      'create client',
    );
    clients.push(benchApi(base, reply.json.apiKey as string));
  }
  return clients;
}

async function issueOne(
  api: BenchApi,
  caseId: string,
): Promise<{ ms: number; window: IssueWindow; licence: IssuedLicence }> {
  const started = performance.now();
  const reply = await api('POST', `/v1/cases/${caseId}/certificates`, { json: {} });
  const ended = performance.now();
  expectStatus(reply, 201, 'issue');
  const c = reply.json.certificates[0];
  return {
    ms: ended - started,
    // Since the epoch, to match the storage thread's request timings (another process).
    window: epochWindow(started, ended),
    licence: { certificateId: c.certificateId, verificationCode: c.verificationCode, sha256: c.sha256, api },
  };
}

/**
 * Prepares `perClient` approved one-product cases per client, the clients in parallel and each one case at a
 * time; `took` receives the duration of each intake (ms).
 */
async function prepare(
  clients: BenchApi[],
  perClient: number,
  took: number[] = [],
): Promise<Array<{ api: BenchApi; caseId: string }>> {
  const jobs = clients.flatMap((api) => Array.from({ length: perClient }, () => api));
  const cases: Array<{ api: BenchApi; caseId: string }> = [];
  await runWorkers(jobs, clients.length, async (api) => {
    const started = performance.now();
    cases.push({ api, caseId: await approvedCase(api, 1) });
    took.push(performance.now() - started);
  });
  return cases;
}

async function measureBatch(api: BenchApi, runs: number): Promise<LoadResults['batch54']> {
  const runsSeconds: number[] = [];
  for (let i = 0; i < runs; i++) {
    const caseId = await approvedCase(api, 54);
    const started = performance.now();
    const reply = await api('POST', `/v1/cases/${caseId}/certificates`, { json: {} });
    runsSeconds.push((performance.now() - started) / 1000);
    expectStatus(reply, 201, 'issue 54');
    if (reply.json.certificates.length !== 54) throw new Error('batch did not issue 54 licences');
  }
  return { runsSeconds, medianSeconds: summarize(runsSeconds).medianMs };
}

async function measureVerifyByCode(
  base: string,
  issued: IssuedLicence[],
  plan: LoadPlan,
): Promise<LoadResults['verifyByCode']> {
  const api = benchApi(base);
  const targets = Array.from(
    { length: plan.verifyRequests },
    (_, i) => issued[i % issued.length] as IssuedLicence,
  );
  for (const t of targets.slice(0, 20))
    await api('GET', `/verify/${t.certificateId}?code=${t.verificationCode}`);
  const samples: number[] = [];
  const started = performance.now();
  await runWorkers(targets, plan.verifyClients, async (t) => {
    const at = performance.now();
    const reply = await api('GET', `/verify/${t.certificateId}?code=${t.verificationCode}`, {
      headers: { accept: 'application/json' },
    });
    samples.push(performance.now() - at);
    if (reply.json?.verdict !== 'VALID') throw new Error(`verify by code: ${reply.status}`);
  });
  const seconds = (performance.now() - started) / 1000;
  return {
    ...summarize(samples),
    clients: plan.verifyClients,
    requestsPerSecond: Math.round(targets.length / seconds),
  };
}

/** Runs the whole HTTP part against a started runtime. */
export async function runHttpLoad(
  base: string,
  adminKey: string,
  plan: LoadPlan,
  log: (line: string) => void,
  /** Runs after each round of sequential issues, e.g. to sample the baselines they are compared with. */
  betweenRounds: () => Promise<void> = async () => undefined,
): Promise<LoadResults> {
  const clients = await makeClients(base, adminKey, plan.clients);
  const [first] = clients as [BenchApi];
  log(`  preparing ${plan.sequentialIssues + plan.concurrentIssues + 5} approved cases…`);
  const warm = await prepare([first], 5);
  const intake: number[] = [];
  const sequentialCases = await prepare([first], plan.sequentialIssues, intake);
  const concurrentCases = await prepare(clients, Math.ceil(plan.concurrentIssues / clients.length));
  const issued: IssuedLicence[] = [];
  for (const c of warm) issued.push((await issueOne(c.api, c.caseId)).licence);

  const sequential: number[] = [];
  const issueWindows: IssueWindow[] = [];
  const perRound = Math.ceil(sequentialCases.length / Math.max(plan.sequentialRounds, 1));
  for (let from = 0; from < sequentialCases.length; from += perRound) {
    for (const c of sequentialCases.slice(from, from + perRound)) {
      const { ms, window, licence } = await issueOne(c.api, c.caseId);
      sequential.push(ms);
      issueWindows.push(window);
      issued.push(licence);
    }
    await betweenRounds();
  }
  log(`  issued ${sequential.length} licences one request at a time, in rounds of ${perRound}`);

  const concurrent: number[] = [];
  const started = performance.now();
  await runWorkers(concurrentCases, plan.clients, async (c) => {
    const { ms, licence } = await issueOne(c.api, c.caseId);
    concurrent.push(ms);
    issued.push(licence);
  });
  const seconds = (performance.now() - started) / 1000;
  log(
    `  issued ${concurrent.length} licences from ${plan.clients} concurrent clients in ${seconds.toFixed(1)} s`,
  );

  const batch54 = await measureBatch(first, plan.batchRuns);
  log(`  54-licence batch: ${batch54.runsSeconds.map((s) => s.toFixed(2)).join(' s, ')} s`);
  const verifyByCode = await measureVerifyByCode(base, issued, plan);
  return {
    intake: summarize(intake),
    issueSequential: summarize(sequential),
    issueWindows,
    issueConcurrent: {
      ...summarize(concurrent),
      clients: plan.clients,
      licencesPerSecond: Math.round((concurrent.length / seconds) * 10) / 10,
    },
    batch54,
    verifyByCode,
    issued,
  };
}
