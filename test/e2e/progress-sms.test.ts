/**
 * 办件提醒 over the local runtime: the applicant gets one SMS per progress event of a case (submitted,
 * approved, rejected, issued), driven by the progress-SMS job over the audit chain — the same events webhooks
 * read — and an issuance of 54 export certificates sends ONE message whose link lists all 54 with their
 * products, in Chinese and (`?lang=en`) in English. Running the job again sends nothing. Every reply is held
 * to /openapi.json (contractFetch).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePdf, medicalForm } from '../fixtures/cases.js';
import { contractFetch } from '../support/contract.js';
import { approvedMedicalCase, organisation } from '../support/e2e-flows.js';
import { apiClient, type RunningRuntime, startRuntime } from '../support/local-runtime.js';

let runtime: RunningRuntime;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  runtime = await startRuntime();
  api = apiClient(runtime.url, runtime.apiKey);
}, 60_000);

afterAll(async () => {
  await runtime?.stop();
});

interface Sms {
  to: string;
  body: string;
  link?: string;
  sentAt: string;
}

const outbox = async (): Promise<Sms[]> => (await api('GET', '/local/sms')).body.messages as Sms[];
const runProgressSms = async () => {
  const reply = await api('POST', '/local/jobs/progress-sms');
  expect(reply.status, reply.text).toBe(200);
  return reply.body.result as { sent: number; already: number; failed?: string };
};
/** The messages that arrived since `before` (the outbox only grows). */
const since = async (before: number) => (await outbox()).slice(before);

describe('办件提醒: one SMS per progress event', () => {
  it('texts the applicant once when a case is submitted, approved, and once when another is rejected', async () => {
    // Prepare: drain what earlier tests left, then a submitted and approved case.
    await runProgressSms();
    const before = (await outbox()).length;
    const caseId = await approvedMedicalCase(api, 2);

    // Act
    const first = await runProgressSms();
    const again = await runProgressSms();

    // Assess: SUBMITTED and APPROVED, one each, to the applicant, naming the item; the rerun sends nothing.
    const sent = await since(before);
    expect(first.sent).toBe(2);
    expect(again.sent).toBe(0);
    expect(sent).toHaveLength(2);
    expect(sent.every((m) => m.to === organisation.mobile)).toBe(true);
    expect(sent[0]?.body).toMatch(
      /^【湘证照】您申请的医疗器械出口销售证明已受理，承诺\d{4}-\d{2}-\d{2}前办结/,
    );
    expect(sent[1]?.body).toContain('医疗器械出口销售证明已审批通过');
    const trail = await api('GET', `/v1/audit?subject=${caseId}`);
    const audited = (
      trail.body.entries as Array<{ action: string; details: Record<string, unknown> }>
    ).filter((e) => e.action === 'case.sms-sent');
    expect(audited.map((e) => e.details.kind)).toEqual(['SUBMITTED', 'APPROVED']);
    // The mobile is masked in the audit trail.
    expect(audited.every((e) => e.details.mobile === '138****8000')).toBe(true);

    // A rejected case: one message for its submission, one for the rejection.
    const created = await api('POST', '/v1/cases', {
      json: { serviceItemCode: 'MEDICAL_DEVICE_EXPORT_CERT', applicant: organisation, form: medicalForm(1) },
    });
    const rejectedId = created.body.caseId as string;
    for (const code of ['APPLICATION_FORM', 'BUSINESS_LICENCE', 'PRODUCTION_LICENCE', 'PRODUCT_LIST']) {
      await api('PUT', `/v1/cases/${rejectedId}/materials/${code}`, {
        body: await makePdf(`${rejectedId}/${code}`),
        contentType: 'application/pdf',
      });
    }
    await api('POST', `/v1/cases/${rejectedId}/submit`);
    const rejected = await api('POST', `/v1/cases/${rejectedId}/decisions`, {
      json: { department: '药品监督管理', decision: 'REJECT', comment: '注册证与产品不符' },
    });
    expect(rejected.body.status).toBe('REJECTED');
    const beforeReject = (await outbox()).length;
    expect((await runProgressSms()).sent).toBe(2);
    const rejectedSms = await since(beforeReject);
    expect(rejectedSms.map((m) => m.body.includes('不予批准'))).toEqual([false, true]);
  }, 120_000);

  it('sends one SMS for an issuance of 54 export certificates, whose link lists all 54 in zh and en', async () => {
    // Prepare
    const caseId = await approvedMedicalCase(api, 54);
    await runProgressSms();
    const before = (await outbox()).length;

    // Act: issue without `notify` (the applicant is texted), then run the reader twice.
    const issued = await api('POST', `/v1/cases/${caseId}/certificates`, { json: {} });
    expect(issued.status, issued.text).toBe(201);
    const first = await runProgressSms();
    const again = await runProgressSms();

    // Assess: exactly one message, with one link.
    expect(first.sent).toBe(1);
    expect(again.sent).toBe(0);
    const sent = await since(before);
    expect(sent).toHaveLength(1);
    const [sms] = sent;
    expect(sms?.to).toBe(organisation.mobile);
    expect(sms?.body).toContain('医疗器械出口销售证明已签发54份');
    expect(sms?.link).toMatch(new RegExp(`^${runtime.url}/s/[A-Za-z0-9_-]{22}$`));
    expect(sms?.body).toContain(sms?.link);

    const zh = await contractFetch(sms?.link ?? '');
    const zhPage = await zh.text();
    expect(zh.status).toBe(200);
    const en = await contractFetch(`${sms?.link}?lang=en`);
    const enPage = await en.text();
    expect(en.status).toBe(200);
    const certificates = issued.body.certificates as Array<{ certificateId: string; number: string }>;
    for (const [i, c] of certificates.entries()) {
      expect(zhPage).toContain(c.number);
      expect(zhPage).toContain(`一次性使用无菌注射器${i + 1}<`);
      expect(enPage).toContain(`Sterile syringe for single use ${i + 1}<`);
      expect(zhPage).toContain(`/licences/${c.certificateId}/pdf`);
    }
    expect(zhPage).toContain('产品名称');
    expect(zhPage).toContain('本次共签发 54 份证照');
    expect(enPage).toContain('Certificate of Export Sales for Medical Devices');
    expect(enPage).toContain('Product');
    expect(enPage).toContain('54 licences issued');
    // No Chinese item, type or product name is left on the English page (the holder is the enterprise's
    // registered name, which has no English form on the licence).
    expect(enPage).not.toContain('医疗器械出口销售证明');
    expect(enPage).not.toContain('一次性使用无菌注射器');

    // Each licence's file opens under the same token; another token's licence does not.
    const pdf = await contractFetch(`${sms?.link}/licences/${certificates[53]?.certificateId}/pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const foreign = await contractFetch(`${sms?.link}/licences/CERT-NOT-IN-THIS-REQUEST/pdf`);
    expect(foreign.status).toBe(404);
  }, 240_000);

  it('with notify, the issuing request sends its one SMS itself and the reader does not send it again', async () => {
    // Prepare
    const caseId = await approvedMedicalCase(api, 3);
    await runProgressSms();
    const before = (await outbox()).length;

    // Act
    const issued = await api('POST', `/v1/cases/${caseId}/certificates`, {
      json: { notify: { mobile: '13912345678' } },
    });
    const rerun = await runProgressSms();

    // Assess
    expect(issued.status, issued.text).toBe(201);
    const notifications = issued.body.notifications as Array<{ status: string; messageId: string }>;
    expect(notifications).toHaveLength(3);
    expect(new Set(notifications.map((n) => `${n.status}:${n.messageId}`)).size).toBe(1);
    expect(notifications[0]?.status).toBe('SENT');
    expect(rerun.sent).toBe(0);
    const sent = await since(before);
    expect(sent.map((m) => m.to)).toEqual(['13912345678']);
  }, 120_000);
});
