/**
 * End to end over HTTP: an approved 54-product export case issues 54 sealed licences in one request, the
 * holder gets SMS links, anyone verifies by QR or upload, and revocation shows everywhere at once.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { medicalForm } from '../fixtures/cases.js';
import { contractFetch } from '../support/contract.js';
import { approvedMedicalCase as approvedFlow, organisation } from '../support/e2e-flows.js';
import { apiClient, type RunningRuntime, startRuntime } from '../support/local-runtime.js';

let runtime: RunningRuntime;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  runtime = await startRuntime();
  api = apiClient(runtime.url, runtime.apiKey);
});
afterAll(async () => {
  await runtime?.stop();
});

const approvedMedicalCase = (products: number) => approvedFlow(api, products);

const fetchBytes = async (url: string, headers: Record<string, string> = {}) => {
  const res = await contractFetch(url, { headers });
  return { status: res.status, headers: res.headers, bytes: new Uint8Array(await res.arrayBuffer()) };
};

describe('issuance, delivery, verification and revocation', () => {
  it('issues one licence per product (54) in one idempotent request and texts the holder', async () => {
    const caseId = await approvedMedicalCase(54);
    const request = { notify: { mobile: '13800138000' } };
    const first = await api('POST', `/v1/cases/${caseId}/certificates`, {
      json: request,
      headers: { 'idempotency-key': 'issue-54' },
    });
    expect(first.status, first.text).toBe(201);
    const certificates = first.body.certificates as Array<Record<string, any>>;
    expect(certificates).toHaveLength(54);
    expect(new Set(certificates.map((c) => c.identifier)).size).toBe(54);
    // The enterprise holds its export certificates, not the person who filed the case.
    expect(certificates[0]).toMatchObject({
      status: 'VALID',
      holder: {
        type: 'ORGANIZATION',
        name: medicalForm(1).enterpriseName,
        idType: '001',
        idNumber: '914***********111G',
      },
    });
    expect(certificates[0]?.identifier).toMatch(
      /^1\.2\.156\.3005\.2\.YJ0207\.11430000MB1D715235\.\d{7}\.001\.[0-9A-Z]$/,
    );
    expect(certificates[0]?.fields.productName).toBe('一次性使用无菌注射器1');
    expect(certificates[0]?.verificationCode).toMatch(/^[0-9A-Z]{26}$/);

    const replay = await api('POST', `/v1/cases/${caseId}/certificates`, {
      json: request,
      headers: { 'idempotency-key': 'issue-54' },
    });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body.certificates.map((c: { certificateId: string }) => c.certificateId)).toEqual(
      certificates.map((c) => c.certificateId),
    );
    const issuedCase = await api('GET', `/v1/cases/${caseId}`);
    expect(issuedCase.body.status).toBe('ISSUED');
    expect(issuedCase.body.certificateIds).toHaveLength(54);

    // One SMS for the request (办件提醒), not one per licence; the replay sends nothing.
    const outbox = await api('GET', '/local/sms');
    const mine = outbox.body.messages.filter((m: { body: string }) => m.body.includes('已签发54份'));
    expect(mine).toHaveLength(1);
    expect(first.body.notifications).toHaveLength(54);
    expect(new Set(first.body.notifications.map((n: { messageId: string }) => n.messageId)).size).toBe(1);
    expect([...mine[0].body].length).toBeLessThanOrEqual(134);
    expect(mine[0].body).toContain('医疗器械出口销售证明');
  });

  it('serves the exact signed bytes to the client and the citizen, and verifies them', async () => {
    const caseId = await approvedMedicalCase(1);
    const issued = await api('POST', `/v1/cases/${caseId}/certificates`, {
      json: { notify: { mobile: '13912345678' } },
    });
    const certificate = issued.body.certificates[0];
    const pdf = await fetchBytes(`${runtime.url}/v1/certificates/${certificate.certificateId}/pdf`, {
      authorization: `Bearer ${runtime.apiKey}`,
    });
    expect(pdf.status).toBe(200);
    expect(createHash('sha256').update(pdf.bytes).digest('hex')).toBe(certificate.sha256);

    const sms = (await api('GET', '/local/sms')).body.messages
      .filter((m: { to: string }) => m.to === '13912345678')
      .at(-1);
    const page = await contractFetch(sms.link);
    const pageText = await page.text();
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(pageText).toContain('有效');
    expect(pageText).toContain(certificate.number);
    expect(pageText).not.toContain('张三丰');
    const citizenPdf = await fetchBytes(`${sms.link}/pdf`);
    expect(Buffer.compare(Buffer.from(citizenPdf.bytes), Buffer.from(pdf.bytes))).toBe(0);

    const verified = await api('POST', '/v1/verifications', {
      body: pdf.bytes,
      contentType: 'application/pdf',
    });
    expect(verified.body.verdict, verified.text).toBe('VALID');
    expect(verified.body.signature.coversWholeDocument).toBe(true);
    expect(verified.body.certificate).toMatchObject({ number: certificate.number, status: 'VALID' });

    const tampered = Uint8Array.from(pdf.bytes);
    const at = tampered.indexOf(0x42 /* B */, 2000);
    tampered[at] = 0x43;
    expect(
      (await api('POST', '/v1/verifications', { body: tampered, contentType: 'application/pdf' })).body
        .verdict,
    ).toBe('TAMPERED');
    expect(
      (await api('POST', '/v1/verifications', { body: 'not a pdf', contentType: 'application/pdf' })).body
        .verdict,
    ).toBe('MALFORMED');
    expect((await api('POST', '/v1/verifications', { body: 'x', contentType: 'text/plain' })).status).toBe(
      415,
    );

    const byCode = await api(
      'GET',
      `/verify/${certificate.certificateId}?code=${certificate.verificationCode}`,
      {
        headers: { accept: 'application/json' },
      },
    );
    expect(byCode.body.verdict).toBe('VALID');
    const wrongCode = await api(
      'GET',
      `/verify/${certificate.certificateId}?code=AAAAAAAAAAAAAAAAAAAAAAAAAA`,
      { headers: { accept: 'application/json' } },
    );
    const wrongId = await api(
      'GET',
      `/verify/CERT-00000000000000000000000000?code=${certificate.verificationCode}`,
      { headers: { accept: 'application/json' } },
    );
    expect(wrongCode.body.verdict).toBe('NOT_FOUND');
    expect({ ...wrongId.body, checkedAt: 0 }).toEqual({ ...wrongCode.body, checkedAt: 0 });
    const htmlPage = await contractFetch(certificate.verifyUrl);
    expect(await htmlPage.text()).toContain('电子证照核验');

    const revoked = await api('POST', `/v1/certificates/${certificate.certificateId}/revoke`, {
      json: { reason: '企业申请注销' },
    });
    expect(revoked.body.status).toBe('REVOKED');
    expect(
      (await api('POST', '/v1/verifications', { body: pdf.bytes, contentType: 'application/pdf' })).body
        .verdict,
    ).toBe('REVOKED');
    expect(await (await contractFetch(sms.link)).text()).toContain('已撤销');
    const again = await api('POST', `/v1/certificates/${certificate.certificateId}/revoke`, {
      json: { reason: '重复' },
    });
    expect(again.status).toBe(409);
    const trail = await api('GET', `/v1/audit?subject=${caseId}`);
    expect(trail.body.entries.map((e: { action: string }) => e.action)).toContain('case.issued');
  });

  it('refuses issuance before approval and hides licences from other clients', async () => {
    const created = await api('POST', '/v1/cases', {
      json: { serviceItemCode: 'MEDICAL_DEVICE_EXPORT_CERT', applicant: organisation, form: medicalForm(1) },
    });
    const early = await api('POST', `/v1/cases/${created.body.caseId}/certificates`, { json: {} });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('CASE_NOT_APPROVED');

    const caseId = await approvedMedicalCase(1);
    const issued = await api('POST', `/v1/cases/${caseId}/certificates`, { json: {} });
    const id = issued.body.certificates[0].certificateId;
    const other = await api('POST', '/local/clients', {
      json: { clientId: 'other-system', name: '其他系统', serviceItems: ['*'], departments: ['*'] },
    });
    const stranger = apiClient(runtime.url, other.body.apiKey);
    expect((await stranger('GET', `/v1/certificates/${id}`)).status).toBe(404);
    expect((await stranger('GET', `/v1/certificates/${id}/pdf`)).status).toBe(404);
    expect(
      (await stranger('POST', `/v1/certificates/${id}/revoke`, { json: { reason: '恶意撤销' } })).status,
    ).toBe(404);
    const invalidMobile = await api('POST', `/v1/certificates/${id}/notifications`, {
      json: { mobile: '12345678901' },
    });
    expect(invalidMobile.body.error.code).toBe('INVALID_MOBILE');
    const resend = await api('POST', `/v1/certificates/${id}/notifications`, {
      json: { mobile: '+86 139-0000-1111' },
    });
    expect(resend.status).toBe(202);
  });

  it('issues exactly one batch for concurrent identical requests', async () => {
    const caseId = await approvedMedicalCase(3);
    const replies = await Promise.all(
      Array.from({ length: 8 }, () =>
        api('POST', `/v1/cases/${caseId}/certificates`, {
          json: {},
          headers: { 'idempotency-key': 'race-3' },
        }),
      ),
    );
    const ok = replies.filter((r) => r.status === 201);
    expect(ok.length).toBeGreaterThan(0);
    const ids = new Set(
      ok.flatMap((r) => r.body.certificates.map((c: { certificateId: string }) => c.certificateId)),
    );
    expect(ids.size).toBe(3);
    const issuedCase = await api('GET', `/v1/cases/${caseId}`);
    expect(issuedCase.body.certificateIds).toHaveLength(3);
    for (const r of replies.filter((x) => x.status !== 201))
      expect(r.body.error.code).toBe('REQUEST_IN_PROGRESS');
  });
});
