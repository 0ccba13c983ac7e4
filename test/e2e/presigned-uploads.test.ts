/**
 * A material uploaded to its presigned URL is validated when it lands, locally as on AWS: the local S3's
 * ObjectCreated events go to the same `uploads` handler the bucket notification invokes there, so the
 * checklist says ACCEPTED or REJECTED seconds after the PUT — not MISSING until submit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicant, makePdf, makePng, transportForm } from '../fixtures/cases.js';
import { apiClient, type RunningRuntime, startRuntime } from '../support/local-runtime.js';
import { zipArchive } from '../unit/materials/hostile-fixtures.js';

let runtime: RunningRuntime;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  runtime = await startRuntime();
  api = apiClient(runtime.url, runtime.apiKey);
}, 60_000);
afterAll(async () => {
  await runtime?.stop();
});

interface ChecklistItem {
  materialCode: string;
  status: 'MISSING' | 'ACCEPTED' | 'REJECTED';
  problems: Array<{ code: string; message: string }>;
}

async function createCase(): Promise<string> {
  const res = await api('POST', '/v1/cases', {
    json: { serviceItemCode: 'TRANSPORT_OVERSIZE_PERMIT', applicant, form: transportForm },
  });
  expect(res.status, res.text).toBe(201);
  return res.body.caseId as string;
}

/** Asks for the presigned URL and PUTs `bytes` to it as an upstream system would (plain HTTP, no SDK). */
async function uploadPresigned(caseId: string, code: string, bytes: Uint8Array, contentType: string) {
  const presigned = await api('POST', `/v1/cases/${caseId}/materials/${code}/upload-url`, {
    json: { contentType },
  });
  expect(presigned.status, presigned.text).toBe(200);
  const put = await fetch(presigned.body.url, {
    method: 'PUT',
    headers: presigned.body.headers,
    body: Buffer.from(bytes),
  });
  expect(put.status).toBe(200);
}

/** Polls the case until the material's checklist item is no longer MISSING, for at most `withinMs`. */
async function settledItem(caseId: string, code: string, withinMs: number): Promise<ChecklistItem> {
  const started = Date.now();
  for (;;) {
    const res = await api('GET', `/v1/cases/${caseId}`);
    const item = (res.body.checklist as ChecklistItem[]).find((i) => i.materialCode === code);
    if (!item) throw new Error(`${code} not in the checklist`);
    if (item.status !== 'MISSING' || Date.now() - started > withinMs) return item;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('presigned uploads, locally', () => {
  it('shows a good upload ACCEPTED within seconds of the PUT, before any submit', async () => {
    // Prepare
    const caseId = await createCase();

    // Act
    await uploadPresigned(caseId, 'APPLICATION_FORM', await makePdf(`${caseId} form`), 'application/pdf');
    const item = await settledItem(caseId, 'APPLICATION_FORM', 5000);

    // Assess
    expect(item).toMatchObject({ status: 'ACCEPTED', problems: [] });
    expect((await api('GET', `/v1/cases/${caseId}`)).body.status).toBe('DRAFT');
  });

  it('shows a bad upload REJECTED with its problems within seconds of the PUT', async () => {
    // Prepare: a PDF+ZIP polyglot, and a PNG sent where a PDF is expected (declared as a PDF).
    const caseId = await createCase();
    const pdf = await makePdf(`${caseId} permit`);
    const polyglot = Buffer.concat([pdf, zipArchive([{ name: 'a.txt', data: Buffer.from('hidden') }])]);

    // Act
    await uploadPresigned(caseId, 'ROAD_TRANSPORT_BUSINESS_PERMIT', polyglot, 'application/pdf');
    await uploadPresigned(caseId, 'VEHICLE_DOCUMENTS', makePng(800, 1000, 3), 'application/pdf');
    const polyglotItem = await settledItem(caseId, 'ROAD_TRANSPORT_BUSINESS_PERMIT', 5000);
    const mismatchItem = await settledItem(caseId, 'VEHICLE_DOCUMENTS', 5000);

    // Assess
    expect(polyglotItem.status).toBe('REJECTED');
    expect(polyglotItem.problems.map((p) => p.code)).toEqual(['EMBEDDED_ARCHIVE']);
    expect(mismatchItem.status).toBe('REJECTED');
    expect(mismatchItem.problems.map((p) => p.code)).toContain('CONTENT_TYPE_MISMATCH');
  });
});
