/**
 * Idempotency-Key on the intake routes through the real composition over dynalite: 20 identical requests at
 * once get the first answer or 409 REQUEST_IN_PROGRESS — for a refused request as for an accepted one — and
 * create at most one thing; sequential retries replay; the key with another request is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicant, makePdf, medicalForm } from '../fixtures/cases.js';
import { type ReliabilityApp, startReliabilityApp } from './app.js';
import { draftCase, submittedCase } from './flows.js';
import { countItems, expectFirstAnswerOrBusy, expectReplayedAndGuarded, race } from './idempotency-checks.js';

const CONCURRENT = 20;
const MATERIALS = ['APPLICATION_FORM', 'BUSINESS_LICENCE', 'PRODUCTION_LICENCE', 'PRODUCT_LIST'];
let app: ReliabilityApp;

beforeAll(async () => {
  app = await startReliabilityApp({ factory: 'fake' });
});
afterAll(async () => {
  await app?.close();
});

const organisation = { ...applicant, organization: '湖南康达医疗器械有限公司' };
const validCase = {
  serviceItemCode: 'MEDICAL_DEVICE_EXPORT_CERT',
  applicant: organisation,
  form: medicalForm(1),
};

/** A DRAFT case with every required material uploaded: ready to submit. */
async function completeDraft(): Promise<string> {
  const caseId = await draftCase(app);
  for (const code of MATERIALS) {
    const put = await app.call('PUT', `/v1/cases/${caseId}/materials/${code}`, {
      body: await makePdf(`idempotency ${code}`),
      contentType: 'application/pdf',
    });
    expect(put.status, put.text).toBe(200);
  }
  return caseId;
}

describe('POST /v1/cases with one Idempotency-Key', () => {
  const refused = [
    ['an unknown service item', { ...validCase, serviceItemCode: 'NO_SUCH_ITEM' }, 404],
    // GB 11643: the check character of this ID number is X, not 1.
    [
      'a bad ID number',
      { ...validCase, applicant: { ...organisation, idNumber: '110105194912310021' } },
      422,
    ],
  ] as const;
  for (const [what, json, status] of refused) {
    it(`answers ${CONCURRENT} concurrent requests with ${what} with the first ${status} or 409 REQUEST_IN_PROGRESS, never a 5xx`, async () => {
      // Prepare
      const before = await countItems(app, 'cases');
      const key = `refused-${status}`;
      const send = () => app.call('POST', '/v1/cases', { json, headers: { 'idempotency-key': key } });

      // Act
      const replies = await race(CONCURRENT, send);
      const retry = await send();

      // Assess
      const first = expectFirstAnswerOrBusy([...replies, retry]);
      expect(first.status, first.text).toBe(status);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(await countItems(app, 'cases')).toBe(before);
    });
  }

  it(`creates exactly one case for ${CONCURRENT} concurrent valid requests and replays it to the others`, async () => {
    // Prepare
    const before = await countItems(app, 'cases');
    const send = () =>
      app.call('POST', '/v1/cases', { json: validCase, headers: { 'idempotency-key': 'valid-case' } });

    // Act
    const replies = await race(CONCURRENT, send);

    // Assess
    const first = expectFirstAnswerOrBusy(replies);
    expect(first.status, first.text).toBe(201);
    expect(await countItems(app, 'cases')).toBe(before + 1);
    await expectReplayedAndGuarded(app, first, send, {
      method: 'POST',
      path: '/v1/cases',
      options: { json: { ...validCase, form: medicalForm(2) }, headers: { 'idempotency-key': 'valid-case' } },
    });
    expect(await countItems(app, 'cases')).toBe(before + 1);
  });
});

describe('POST /v1/cases/{caseId}/submit with one Idempotency-Key', () => {
  it(`submits once for ${CONCURRENT} concurrent requests, replays the 200 and refuses the key for another case`, async () => {
    // Prepare
    const caseId = await completeDraft();
    const otherCaseId = await completeDraft();
    const headers = { 'idempotency-key': `submit-${caseId}` };
    const send = () => app.call('POST', `/v1/cases/${caseId}/submit`, { json: {}, headers });

    // Act
    const replies = await race(CONCURRENT, send);
    const withoutKey = await app.call('POST', `/v1/cases/${caseId}/submit`, { json: {} });

    // Assess
    const first = expectFirstAnswerOrBusy(replies);
    expect([first.status, first.body.status], first.text).toEqual([200, 'SUBMITTED']);
    // Without the key the same request is run again and refused: the replays above were not re-runs.
    expect(withoutKey.status, withoutKey.text).toBe(409);
    await expectReplayedAndGuarded(app, first, send, {
      method: 'POST',
      path: `/v1/cases/${otherCaseId}/submit`,
      options: { json: {}, headers },
    });
    const trail = await app.deps.audit.listBySubject(caseId);
    expect(trail.filter((e) => e.action === 'case.submitted')).toHaveLength(1);
  });
});

describe('POST /v1/cases/{caseId}/decisions with one Idempotency-Key', () => {
  it(`records one decision for ${CONCURRENT} concurrent requests, replays it and refuses the key for another decision`, async () => {
    // Prepare
    const caseId = await submittedCase(app);
    const headers = { 'idempotency-key': `decide-${caseId}` };
    const decision = { department: '药品监督管理', decision: 'APPROVE' };
    const send = () => app.call('POST', `/v1/cases/${caseId}/decisions`, { json: decision, headers });

    // Act
    const replies = await race(CONCURRENT, send);
    const withoutKey = await app.call('POST', `/v1/cases/${caseId}/decisions`, { json: decision });

    // Assess
    const first = expectFirstAnswerOrBusy(replies);
    expect([first.status, first.body.status], first.text).toEqual([200, 'APPROVED']);
    expect(withoutKey.status, withoutKey.text).toBe(409);
    await expectReplayedAndGuarded(app, first, send, {
      method: 'POST',
      path: `/v1/cases/${caseId}/decisions`,
      options: { json: { ...decision, decision: 'REJECT' }, headers },
    });
    expect((await app.call('GET', `/v1/cases/${caseId}`)).body.decisions).toHaveLength(1);
  });
});
