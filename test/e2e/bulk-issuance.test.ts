/**
 * Bulk issuance over HTTP against the local runtime: the same rows issued by the worker_threads pool through
 * the real licence production (render, PAdES seal with the local KMS, S3, ledger, audit) — a bulk licence is
 * a licence like any other (readable, downloadable, verifiable) — and the runtime killed mid-job, restarted
 * on the same data, finishing every row exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roadBulkRow } from '../fixtures/cases.js';
import { apiClient, type RunningRuntime, startRuntime } from '../support/local-runtime.js';

let runtime: RunningRuntime;
let api: ReturnType<typeof apiClient>;

const ROAD = 'ROAD_TRANSPORT_BUSINESS_LICENSE';
const row = roadBulkRow;

beforeAll(async () => {
  runtime = await startRuntime();
  api = apiClient(runtime.url, runtime.apiKey);
}, 60_000);
afterAll(async () => {
  await runtime?.stop();
});

async function completed(bulkId: string, withinMs: number) {
  const started = Date.now();
  for (;;) {
    const res = await api('GET', `/v1/bulk-issuances/${bulkId}`);
    expect(res.status, res.text).toBe(200);
    if (res.body.status !== 'RUNNING' || Date.now() - started > withinMs) return res.body;
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('bulk issuance (local runtime)', () => {
  it('issues inline rows as sealed licences, and lists a bad row in the results', async () => {
    const rows = [row(1), { ...row(2), fields: { ...row(2).fields, creditCode: 7 } }, row(3)];
    const res = await api('POST', '/v1/bulk-issuances', {
      json: { serviceItemCode: ROAD, basis: { reference: '湘交运〔2026〕12号' }, rows },
      headers: { 'idempotency-key': 'bulk-e2e-1' },
    });
    expect(res.status, res.text).toBe(202);
    expect(res.body.status).toBe('RUNNING');
    const job = await completed(res.body.bulkId, 60_000);
    expect(job).toMatchObject({ status: 'COMPLETED', total: 3, issued: 2, failed: 1 });
    const lines = (await (await fetch(job.resultsUrl)).text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.row)).toEqual([1, 2, 3]);
    expect(lines[1].error.code).toBe('INVALID_FIELDS');
    const licence = await api('GET', `/v1/certificates/${lines[0].certificateId}`);
    expect(licence.status, licence.text).toBe(200);
    expect(licence.body.number).toBe(lines[0].number);
    // The exact bytes (a text decoding would change them), verified as any uploaded licence is.
    const pdf = await fetch(`${runtime.url}/v1/certificates/${lines[2].certificateId}/pdf`, {
      headers: { authorization: `Bearer ${runtime.apiKey}` },
    });
    expect(pdf.status).toBe(200);
    const verified = await api('POST', '/v1/verifications', {
      body: new Uint8Array(await pdf.arrayBuffer()),
      contentType: 'application/pdf',
      key: null,
    });
    expect(verified.status).toBe(200);
    expect(verified.body.verdict).toBe('VALID');
    expect(verified.body.certificate?.certificateId).toBe(lines[2].certificateId);
  }, 120_000);

  it('finishes a job after the runtime is killed mid-job and restarted on its data, every row once', async () => {
    const rows = Array.from({ length: 240 }, (_, i) => row(i + 1));
    const started = await api('POST', '/v1/bulk-issuances', {
      json: { serviceItemCode: ROAD, basis: { reference: '湘交运〔2026〕13号' }, rows },
    });
    expect(started.status, started.text).toBe(202);
    const { bulkId } = started.body;
    // Killed (no shutdown at all) once some rows are issued and others are not.
    for (let i = 0; ; i++) {
      const job = (await api('GET', `/v1/bulk-issuances/${bulkId}`)).body;
      if (job.issued > 0 || i > 600) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await runtime.stop('SIGKILL');
    runtime = await startRuntime({ dataDir: runtime.dataDir });
    api = apiClient(runtime.url, runtime.apiKey);
    expect(runtime.output()).toMatch(/Resumed 1 unfinished bulk issuance job/);
    const job = await completed(bulkId, 120_000);
    expect(job).toMatchObject({ status: 'COMPLETED', total: 240, issued: 240, failed: 0 });
    const lines = (await (await fetch(job.resultsUrl)).text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.row)).toEqual(rows.map((_, i) => i + 1));
    expect(new Set(lines.map((l) => l.certificateId)).size).toBe(240);
    expect(new Set(lines.map((l) => l.number)).size).toBe(240);
    const sample = await api('GET', `/v1/certificates/${lines[239].certificateId}`);
    expect(sample.status).toBe(200);
  }, 300_000);
});
