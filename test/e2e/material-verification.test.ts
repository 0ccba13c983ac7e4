/**
 * 一键核验 over HTTP against the local runtime: a licence issued, downloaded and uploaded as a material of
 * another case is ACCEPTED with the verdict VALID and the licence named; revoked, it refuses the case's
 * submit and a new upload of it; one byte changed, it is LICENCE_TAMPERED; PDFs signed by other CAs (the
 * pyHanko corpus) each get a definite answer, never a 5xx.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicant, makePdf, makePng, transportForm, transportRequired } from '../fixtures/cases.js';
import { pyhankoCorpusDir } from '../support/corpus.js';
import { approvedMedicalCase } from '../support/e2e-flows.js';
import { apiClient, type RunningRuntime, startRuntime } from '../support/local-runtime.js';
import { flip, layoutOf } from '../unit/verification/pdf-edits.js';

const MATERIAL = 'ROAD_TRANSPORT_BUSINESS_PERMIT';

let runtime: RunningRuntime;
let api: ReturnType<typeof apiClient>;
let certificateId: string;
let licence: Uint8Array;

beforeAll(async () => {
  runtime = await startRuntime();
  api = apiClient(runtime.url, runtime.apiKey);
  const caseId = await approvedMedicalCase(api, 1);
  const issued = await api('POST', `/v1/cases/${caseId}/certificates`, { json: {} });
  expect(issued.status, issued.text).toBe(201);
  certificateId = issued.body.certificates[0].certificateId as string;
  const pdf = await fetch(`${runtime.url}/v1/certificates/${certificateId}/pdf`, {
    headers: { authorization: `Bearer ${runtime.apiKey}` },
  });
  expect(pdf.status).toBe(200);
  licence = new Uint8Array(await pdf.arrayBuffer());
}, 120_000);
afterAll(async () => {
  await runtime?.stop();
});

async function openCase(): Promise<string> {
  const res = await api('POST', '/v1/cases', {
    json: { serviceItemCode: 'TRANSPORT_OVERSIZE_PERMIT', applicant, form: transportForm },
  });
  expect(res.status, res.text).toBe(201);
  return res.body.caseId as string;
}

const upload = (caseId: string, code: string, bytes: Uint8Array, contentType = 'application/pdf') =>
  api('PUT', `/v1/cases/${caseId}/materials/${code}`, { body: bytes, contentType });

interface ChecklistItem {
  materialCode: string;
  status: 'MISSING' | 'ACCEPTED' | 'REJECTED';
  problems: Array<{ code: string }>;
  verification?: { verdict: string };
}

/** Polls the case until the material's checklist item is no longer MISSING (the uploads handler ran). */
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

describe('一键核验 of uploaded materials, over HTTP', () => {
  it('accepts an issued licence as a material with the verdict VALID, then refuses it once revoked', async () => {
    // Prepare: a transport case with every other required material.
    const caseId = await openCase();
    for (const code of transportRequired.filter((c) => c !== MATERIAL)) {
      const photo = code === 'VEHICLE_LOAD_PHOTOS';
      const res = photo
        ? await upload(caseId, code, makePng(800, 1000, 21), 'image/png')
        : await upload(caseId, code, await makePdf(`${caseId} ${code}`));
      expect(res.body.status, res.text).toBe('ACCEPTED');
    }

    // Act
    const accepted = await upload(caseId, MATERIAL, licence);
    const revoke = await api('POST', `/v1/certificates/${certificateId}/revoke`, {
      json: { reason: '许可证被吊销' },
    });
    const submit = await api('POST', `/v1/cases/${caseId}/submit`);
    const again = await upload(caseId, MATERIAL, licence);

    // Assess
    expect(accepted.status, accepted.text).toBe(200);
    expect(accepted.body).toMatchObject({
      status: 'ACCEPTED',
      problems: [],
      verification: {
        verdict: 'VALID',
        certificate: { certificateId, status: 'VALID' },
        // Issued B-LT: the seal covers its revision, the DSS update follows it (issue 17).
        signature: { coversWholeDocument: true, level: 'B-LT' },
      },
    });
    expect(revoke.status, revoke.text).toBe(200);
    expect(submit.status, submit.text).toBe(422);
    expect(submit.body.error.code).toBe('MATERIALS_INCOMPLETE');
    expect(submit.body.error.details.rejected).toEqual([
      { materialCode: MATERIAL, problems: [expect.objectContaining({ code: 'LICENCE_REVOKED' })] },
    ]);
    expect(again.body).toMatchObject({
      status: 'REJECTED',
      problems: [{ code: 'LICENCE_REVOKED' }],
      verification: { verdict: 'REVOKED', certificate: { certificateId, status: 'REVOKED' } },
    });
  });

  it('rejects the licence with one byte changed as LICENCE_TAMPERED, PUT or uploaded to a presigned URL', async () => {
    // Prepare: a byte in the middle of the first signed range (the licence's XMP names it either way).
    const caseId = await openCase();
    const [, firstLength] = layoutOf(licence).byteRange;
    const tampered = flip(licence, Math.floor(firstLength / 2));
    const presigned = await api('POST', `/v1/cases/${caseId}/materials/VEHICLE_DOCUMENTS/upload-url`, {
      json: { contentType: 'application/pdf' },
    });
    expect(presigned.status, presigned.text).toBe(200);

    // Act
    const res = await upload(caseId, MATERIAL, tampered);
    const put = await fetch(presigned.body.url, {
      method: 'PUT',
      headers: presigned.body.headers,
      body: Buffer.from(tampered),
    });
    const landed = await settledItem(caseId, 'VEHICLE_DOCUMENTS', 5000);

    // Assess
    expect(res.status, res.text).toBe(200);
    expect(res.body.status).toBe('REJECTED');
    expect(res.body.verification.verdict).toBe('TAMPERED');
    expect(res.body.problems.map((p: { code: string }) => p.code)).toContain('LICENCE_TAMPERED');
    expect(put.status).toBe(200);
    expect(landed.status).toBe('REJECTED');
    expect(landed.verification?.verdict).toBe('TAMPERED');
    expect(landed.problems.map((p) => p.code)).toContain('LICENCE_TAMPERED');
  });

  it('gives every PDF signed by another CA a definite answer with its verdict, never VALID or a 5xx', async () => {
    // Prepare
    const caseId = await openCase();
    const signed = (readdirSync(pyhankoCorpusDir, { recursive: true }) as string[])
      .filter((name) => name.endsWith('.pdf'))
      .map((name) => ({ name, bytes: new Uint8Array(readFileSync(path.join(pyhankoCorpusDir, name))) }))
      .filter(({ bytes }) => Buffer.from(bytes).includes('/ByteRange'));
    expect(signed.length).toBeGreaterThanOrEqual(30);

    // Act
    const answers: Array<{ name: string; status: number; material: string; verdict?: string }> = [];
    for (const { name, bytes } of signed) {
      const res = await upload(caseId, MATERIAL, bytes);
      answers.push({
        name,
        status: res.status,
        material: res.body?.status,
        verdict: res.body?.verification?.verdict,
      });
    }

    // Assess
    const odd = answers.filter(
      (a) =>
        a.status !== 200 ||
        !['ACCEPTED', 'REJECTED'].includes(a.material) ||
        (a.verdict !== undefined && !['UNKNOWN_SIGNER', 'TAMPERED', 'MALFORMED'].includes(a.verdict)),
    );
    expect(odd).toEqual([]);
    expect(answers.filter((a) => a.verdict !== undefined).length).toBeGreaterThanOrEqual(30);
  });
});
