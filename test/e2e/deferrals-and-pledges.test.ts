/**
 * 容缺受理 and 告知承诺 over HTTP against the local runtime, with its clock started on Thursday 26 March 2026:
 * a transport case submitted without its load photo (deferred, due in 3 working days), approved, refused
 * issuance until the photo comes; another one left past its due time and returned by the job (audited, SMS);
 * a road transport case whose drivers' certificates are replaced by a signed pledge (a stored, hashed PDF),
 * issued, its check listed and recorded FALSE — the licence revoked PLEDGE_FALSE, the holder's next pledge 403.
 */
import { createHash } from 'node:crypto';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bucketNames, localS3Client } from '../../bin/local/aws-clients.js';
import {
  applicant,
  carrierApplicant,
  makePdf,
  makePng,
  roadForm,
  transportForm,
  transportRequired,
} from '../fixtures/cases.js';
import { apiClient, type RunningRuntime, startRuntime } from '../support/local-runtime.js';
import { hasTool, pdfText } from '../support/pdf-tools.js';

let runtime: RunningRuntime;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  // Thursday 26 March 2026, 10:00 in Shanghai.
  runtime = await startRuntime({ env: { NOW: '2026-03-26T02:00:00Z' } });
  api = apiClient(runtime.url, runtime.apiKey);
});
afterAll(async () => {
  await runtime?.stop();
});

const PHOTO = 'VEHICLE_LOAD_PHOTOS';
// 27, 30, 31 March: the photo is due at the end of Tuesday 31 March (Shanghai).
const PHOTO_DUE = '2026-03-31T15:59:59.999Z';

const job = async (name: string, now: string) => {
  const res = await api('POST', `/local/jobs/${name}?now=${encodeURIComponent(now)}`);
  expect(res.status, res.text).toBe(200);
  return res.body.result as Record<string, number>;
};

const upload = async (caseId: string, code: string) => {
  const photo = code === PHOTO;
  const res = await api('PUT', `/v1/cases/${caseId}/materials/${code}`, {
    body: photo ? makePng(800, 1000, caseId.length + 7) : await makePdf(`${caseId}/${code}`),
    contentType: photo ? 'image/png' : 'application/pdf',
  });
  expect(res.body.status, `${code}: ${res.text}`).toBe('ACCEPTED');
  return res;
};

async function transportCaseWithoutPhoto(): Promise<string> {
  const created = await api('POST', '/v1/cases', {
    json: { serviceItemCode: 'TRANSPORT_OVERSIZE_PERMIT', applicant, form: transportForm },
  });
  const caseId = created.body.caseId as string;
  for (const code of transportRequired.filter((c) => c !== PHOTO)) await upload(caseId, code);
  const submitted = await api('POST', `/v1/cases/${caseId}/submit`);
  expect(submitted.status, submitted.text).toBe(200);
  expect(submitted.body).toMatchObject({
    status: 'SUBMITTED',
    deferred: [{ materialCode: PHOTO, dueAt: PHOTO_DUE }],
  });
  return caseId;
}

const trailOf = async (caseId: string) =>
  (await api('GET', `/v1/audit?subject=${caseId}`)).body.entries as Array<{
    action: string;
    details: Record<string, unknown>;
  }>;
const sms = async () => (await api('GET', '/local/sms')).body.messages as Array<{ to: string; body: string }>;

describe('容缺受理 (accept now, supplement later)', () => {
  it('accepts a case without its load photo, refuses issuance until the photo comes, then issues', async () => {
    // Prepare
    const caseId = await transportCaseWithoutPhoto();
    for (const department of ['交通运输', '住房和城乡建设', '公安'])
      await api('POST', `/v1/cases/${caseId}/decisions`, { json: { department, decision: 'APPROVE' } });
    const request = { json: { certificates: [{ fields: { route: '长沙—岳阳' } }] } };

    // Act
    const refused = await api('POST', `/v1/cases/${caseId}/certificates`, request);
    await upload(caseId, PHOTO);
    const after = await api('GET', `/v1/cases/${caseId}`);
    const issued = await api('POST', `/v1/cases/${caseId}/certificates`, request);

    // Assess
    expect(refused.status, refused.text).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: 'MATERIALS_DEFERRED',
      details: { deferred: [{ materialCode: PHOTO, dueAt: PHOTO_DUE }] },
    });
    expect(refused.body.error.message).toMatch(/容缺/);
    expect(after.body.status).toBe('APPROVED');
    expect(after.body.deferred).toBeUndefined();
    expect(issued.status, issued.text).toBe(201);
  });

  it('reminds the applicant before the due day and returns the case once it has passed (audited, SMS)', async () => {
    // Prepare
    const caseId = await transportCaseWithoutPhoto();
    const before = (await sms()).length;

    // Act: Monday 30 March (the working day before the due day), then Wednesday 1 April 08:10.
    const reminded = await job('deferred-materials', '2026-03-30T01:00:00Z');
    const remindedAgain = await job('deferred-materials', '2026-03-30T01:00:00Z');
    const messagesAfterReminder = (await sms()).slice(before);
    const returned = await job('deferred-materials', '2026-04-01T00:10:00Z');
    const view = await api('GET', `/v1/cases/${caseId}`);
    const late = await api('PUT', `/v1/cases/${caseId}/materials/${PHOTO}`, {
      body: makePng(800, 1000, 11),
      contentType: 'image/png',
    });
    const messages = (await sms()).slice(before);

    // Assess
    expect(reminded.reminded).toBeGreaterThanOrEqual(1);
    expect(remindedAgain.reminded).toBe(0);
    expect(returned.returned).toBeGreaterThanOrEqual(1);
    expect(view.body).toMatchObject({ status: 'RETURNED', returnedAt: '2026-04-01T00:10:00.000Z' });
    expect(late.status).toBe(409);
    expect(late.body.error).toMatchObject({ code: 'CASE_NOT_EDITABLE', details: { status: 'RETURNED' } });
    const trail = await trailOf(caseId);
    expect(trail.find((e) => e.action === 'case.deferred-material-due')?.details).toEqual({
      materialCodes: [PHOTO],
      dueAt: PHOTO_DUE,
    });
    expect(trail.find((e) => e.action === 'case.returned')?.details).toEqual({
      reason: 'DEFERRED_MATERIALS_OVERDUE',
      materialCodes: [PHOTO],
      dueAt: PHOTO_DUE,
    });
    expect(messagesAfterReminder.map((m) => m.body)).toContainEqual(
      expect.stringMatching(/车货装载照片.*补交/),
    );
    expect(messages.map((m) => m.body)).toContainEqual(expect.stringMatching(/退件/));
    expect(messages.every((m) => m.to === '13800138000')).toBe(true);
  });
});

describe('告知承诺 (a signed pledge in place of proof)', () => {
  const openRoadCase = async () => {
    const created = await api('POST', '/v1/cases', {
      json: {
        serviceItemCode: 'ROAD_TRANSPORT_BUSINESS_LICENSE',
        applicant: carrierApplicant,
        form: roadForm,
      },
    });
    expect(created.status, created.text).toBe(201);
    return created.body.caseId as string;
  };

  it('takes the pledge for the drivers’ certificates; a FALSE check revokes the licence and bars the next pledge', async () => {
    // Prepare
    const caseId = await openRoadCase();

    // Act: pledge, the other materials, submit, approve, issue.
    const pledged = await api('POST', `/v1/cases/${caseId}/pledge`, {
      json: { signatory: '陈卫', accepted: true },
    });
    for (const code of [
      'APPLICATION_FORM',
      'LEGAL_REPRESENTATIVE_ID',
      'VEHICLE_DOCUMENTS',
      'SAFETY_MANAGEMENT_SYSTEM',
    ])
      await upload(caseId, code);
    const submitted = await api('POST', `/v1/cases/${caseId}/submit`);
    const approved = await api('POST', `/v1/cases/${caseId}/decisions`, {
      json: { department: '交通运输', decision: 'APPROVE' },
    });
    const issued = await api('POST', `/v1/cases/${caseId}/certificates`, {
      json: { certificates: [{ fields: { businessScope: '道路普通货物运输' } }] },
    });
    const certificateId = issued.body.certificates?.[0]?.certificateId as string;
    const notYet = await api('GET', '/v1/pledge-checks?dueBefore=2026-04-23');
    const listed = await api('GET', '/v1/pledge-checks?dueBefore=2026-04-24');
    const checked = await api('POST', `/v1/cases/${caseId}/pledge-check`, {
      json: { department: '交通运输', outcome: 'FALSE', comment: '驾驶人员从业资格证核查不符' },
    });
    const licence = await api('GET', `/v1/certificates/${certificateId}`);
    const code = issued.body.certificates?.[0]?.verificationCode as string;
    const page = await fetch(`${runtime.url}/verify/${certificateId}?code=${code}`, {
      headers: { accept: 'text/html' },
    });
    const next = await openRoadCase();
    const barred = await api('POST', `/v1/cases/${next}/pledge`, {
      json: { signatory: '陈卫', accepted: true },
    });

    // Assess: the pledge and its document.
    expect(pledged.status, pledged.text).toBe(200);
    expect(pledged.body.pledge).toMatchObject({ signatory: '陈*', replaces: ['DRIVER_QUALIFICATIONS'] });
    expect(
      pledged.body.checklist.find(
        (c: { materialCode: string }) => c.materialCode === 'DRIVER_QUALIFICATIONS',
      ),
    ).toMatchObject({ status: 'ACCEPTED', source: 'PLEDGE' });
    const signedEntry = (await trailOf(caseId)).find((e) => e.action === 'case.pledge-signed');
    expect(signedEntry?.details.sha256).toBe(pledged.body.pledge.sha256);
    const s3 = localS3Client(/Local S3 endpoint: (\S+)/.exec(runtime.output())?.[1] ?? '');
    const stored = await s3.send(
      new GetObjectCommand({
        Bucket: bucketNames('zz-').materials,
        Key: String(signedEntry?.details.objectKey),
      }),
    );
    const pdf = await stored.Body?.transformToByteArray();
    expect(
      createHash('sha256')
        .update(pdf ?? new Uint8Array())
        .digest('hex'),
    ).toBe(pledged.body.pledge.sha256);
    if (pdf && (await hasTool('pdftotext'))) {
      const text = (await pdfText(pdf)).replace(/\s+/g, '');
      expect(text).toContain('证明事项告知承诺书');
      expect(text).toContain('签署人：陈卫');
    }
    // The check: due 20 working days after approval (across Qingming), listed, recorded FALSE.
    expect(submitted.status, submitted.text).toBe(200);
    expect(approved.body.pledge.check).toEqual({ dueAt: '2026-04-24T15:59:59.999Z', status: 'PENDING' });
    expect(issued.status, issued.text).toBe(201);
    expect(notYet.body.checks.map((c: { caseId: string }) => c.caseId)).not.toContain(caseId);
    expect(listed.body.checks).toContainEqual({
      caseId,
      serviceItemCode: 'ROAD_TRANSPORT_BUSINESS_LICENSE',
      dueAt: '2026-04-24T15:59:59.999Z',
      status: 'PENDING',
    });
    expect(checked.status, checked.text).toBe(200);
    expect(checked.body.pledge.check).toMatchObject({ status: 'FALSE', department: '交通运输' });
    expect(licence.body).toMatchObject({ status: 'REVOKED', revocationReason: 'PLEDGE_FALSE' });
    // What the QR opens says why, in words.
    expect(await page.text()).toContain('告知承诺经事后核查不实');
    expect(barred.status, barred.text).toBe(403);
    expect(barred.body.error.code).toBe('PLEDGE_BARRED');
    expect(barred.body.error.details.barredUntil).toMatch(/^2027-/);
    const after = await api('GET', '/v1/pledge-checks?dueBefore=2026-04-24');
    expect(after.body.checks).toContainEqual(expect.objectContaining({ caseId, status: 'FALSE' }));
  });
});
