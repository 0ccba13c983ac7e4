/**
 * End to end over HTTP with the runtime's clock set in the past (`NOW`): a 20-working-day case submitted on
 * 4 December 2026 reaches into 2027, for which no holiday notice is shipped, and still gets a (provisional)
 * deadline; licences sealed at that clock verify VALID, also after a restart with a clock before the chain.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePdf } from '../fixtures/cases.js';
import { drugForm } from '../fixtures/forms.js';
import { contractFetch } from '../support/contract.js';
import { organisation } from '../support/e2e-flows.js';
import { apiClient, type RunningRuntime, startRuntime } from '../support/local-runtime.js';
import { formOn } from '../support/provisional-cases.js';

type Api = ReturnType<typeof apiClient>;

const DECEMBER = '2026-12-04T02:00:00.000Z'; // Fri 4 Dec 2026, 10:00 in Shanghai
const EARLIER = '2025-03-03T02:00:00.000Z';

let runtime: RunningRuntime;
let api: Api;

beforeAll(async () => {
  runtime = await startRuntime({ env: { NOW: DECEMBER } });
  api = apiClient(runtime.url, runtime.apiKey);
});
afterAll(async () => {
  await runtime?.stop();
});

async function uploadAll(client: Api, caseId: string, codes: string[]) {
  for (const code of codes) {
    const put = await client('PUT', `/v1/cases/${caseId}/materials/${code}`, {
      body: await makePdf(`${caseId}/${code}`),
      contentType: 'application/pdf',
    });
    expect(put.body.status, put.text).toBe('ACCEPTED');
  }
}

/** One medical-device export licence issued at the runtime's clock; its PDF and the verifier's verdict. */
async function issueAndVerify(client: Api, base: string, key: string) {
  const created = await client('POST', '/v1/cases', {
    json: {
      serviceItemCode: 'MEDICAL_DEVICE_EXPORT_CERT',
      applicant: organisation,
      form: formOn('MEDICAL_DEVICE_EXPORT_CERT', '2025-01-01'),
    },
  });
  expect(created.status, created.text).toBe(201);
  const caseId = created.body.caseId as string;
  await uploadAll(client, caseId, [
    'APPLICATION_FORM',
    'BUSINESS_LICENCE',
    'PRODUCTION_LICENCE',
    'PRODUCT_LIST',
  ]);
  expect((await client('POST', `/v1/cases/${caseId}/submit`)).status).toBe(200);
  await client('POST', `/v1/cases/${caseId}/decisions`, {
    json: { department: '药品监督管理', decision: 'APPROVE' },
  });
  const issued = await client('POST', `/v1/cases/${caseId}/certificates`, { json: {} });
  expect(issued.status, issued.text).toBe(201);
  const certificate = issued.body.certificates[0] as { certificateId: string; issuedAt: string };
  const pdf = await contractFetch(`${base}/v1/certificates/${certificate.certificateId}/pdf`, {
    headers: { authorization: `Bearer ${key}` },
  });
  const bytes = new Uint8Array(await pdf.arrayBuffer());
  const verified = await client('POST', '/v1/verifications', { body: bytes, contentType: 'application/pdf' });
  return { certificate, verification: verified.body };
}

describe('any day, with NOW in the past', () => {
  it('submits DRUG_PRODUCTION_LICENSE on 4 December 2026 with a PROVISIONAL deadline in January 2027', async () => {
    // Prepare
    const created = await api('POST', '/v1/cases', {
      json: { serviceItemCode: 'DRUG_PRODUCTION_LICENSE', applicant: organisation, form: drugForm },
    });
    expect(created.status, created.text).toBe(201);
    const caseId = created.body.caseId as string;
    await uploadAll(
      api,
      caseId,
      (created.body.checklist as Array<{ materialCode: string; required: boolean }>)
        .filter((c) => c.required)
        .map((c) => c.materialCode),
    );

    // Act
    const submitted = await api('POST', `/v1/cases/${caseId}/submit`);

    // Assess: 19 working days left in December; Fri 1 Jan is 元旦; Mon 4 Jan 2027 is the 20th
    expect(submitted.status, submitted.text).toBe(200);
    expect(submitted.body).toMatchObject({
      status: 'SUBMITTED',
      dueAt: '2027-01-04T15:59:59.999Z',
      dueAtBasis: 'PROVISIONAL',
    });
    expect((await api('GET', `/v1/cases/${caseId}`)).body.dueAtBasis).toBe('PROVISIONAL');
    const job = await api('POST', `/local/jobs/recompute-deadlines?now=${encodeURIComponent(DECEMBER)}`);
    expect(job.status, job.text).toBe(200);
    expect(job.body.result).toMatchObject({ examined: 1, stillProvisional: 1, extended: 0, kept: 0 });
    const openapi = await api('GET', '/openapi.json');
    expect(JSON.stringify(openapi.body)).toContain('dueAtBasis');
  });

  it('verifies a licence sealed at the runtime’s clock as VALID', async () => {
    // Act
    const { certificate, verification } = await issueAndVerify(api, runtime.url, runtime.apiKey);

    // Assess
    expect(certificate.issuedAt.slice(0, 10)).toBe('2026-12-04');
    expect(verification.verdict, JSON.stringify(verification.reasons)).toBe('VALID');
  });

  it('issues the chain again after a restart with an earlier NOW, and its licences verify VALID', async () => {
    // Prepare: the same data, the clock set before the stored chain begins
    await runtime.stop();
    runtime = await startRuntime({ dataDir: runtime.dataDir, env: { NOW: EARLIER } });
    api = apiClient(runtime.url, runtime.apiKey);

    // Act
    const { certificate, verification } = await issueAndVerify(api, runtime.url, runtime.apiKey);

    // Assess
    expect(runtime.output()).toContain('Issued the seal certificate chain again');
    expect(certificate.issuedAt.slice(0, 10)).toBe('2025-03-03');
    expect(verification.verdict, JSON.stringify(verification.reasons)).toBe('VALID');
  });
});
