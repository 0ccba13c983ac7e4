/**
 * Idempotency-Key over HTTP against the local runtime (its storage in a thread of its own, as on AWS the
 * tables are another machine): 20 identical requests at once get the first answer or 409 REQUEST_IN_PROGRESS
 * with Retry-After, never a 5xx — for a refused case as for a created one, and for an SMS resend, which is
 * sent once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { medicalForm } from '../fixtures/cases.js';
import { approvedMedicalCase, organisation } from '../support/e2e-flows.js';
import { expectFirstAnswerOrBusy as expectFirstAnswerOrBusyWith } from '../support/idempotent-answers.js';
import { apiClient, type Reply, type RunningRuntime, startRuntime } from '../support/local-runtime.js';

const CONCURRENT = 20;
let runtime: RunningRuntime;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  runtime = await startRuntime();
  api = apiClient(runtime.url, runtime.apiKey);
});
afterAll(async () => {
  await runtime?.stop();
});

const validCase = {
  serviceItemCode: 'MEDICAL_DEVICE_EXPORT_CERT',
  applicant: organisation,
  form: medicalForm(1),
};

const race = (send: () => Promise<Reply>) => Promise.all(Array.from({ length: CONCURRENT }, send));

const expectFirstAnswerOrBusy = (replies: Reply[]): Reply =>
  expectFirstAnswerOrBusyWith(replies, (reply, name) => reply.headers.get(name));

describe('Idempotency-Key over HTTP', () => {
  const refused = [
    ['an unknown service item', { ...validCase, serviceItemCode: 'NO_SUCH_ITEM' }, 404],
    [
      'a bad ID number',
      { ...validCase, applicant: { ...organisation, idNumber: '110105194912310021' } },
      422,
    ],
  ] as const;
  for (const [what, json, status] of refused) {
    it(`answers ${CONCURRENT} concurrent case requests with ${what} with the first ${status} or 409, never a 5xx`, async () => {
      // Act
      const replies = await race(() =>
        api('POST', '/v1/cases', { json, headers: { 'idempotency-key': `e2e-refused-${status}` } }),
      );

      // Assess
      expect(expectFirstAnswerOrBusy(replies).status).toBe(status);
    });
  }

  it(`creates one case for ${CONCURRENT} concurrent valid requests`, async () => {
    // Act
    const replies = await race(() =>
      api('POST', '/v1/cases', { json: validCase, headers: { 'idempotency-key': 'e2e-valid' } }),
    );

    // Assess
    const first = expectFirstAnswerOrBusy(replies);
    expect(first.status, first.text).toBe(201);
    const ids = new Set(replies.filter((r) => r.status === 201).map((r) => r.body.caseId));
    expect([...ids]).toEqual([first.body.caseId]);
  });

  it(`sends one SMS for ${CONCURRENT} concurrent resend requests with one key`, async () => {
    // Prepare
    const caseId = await approvedMedicalCase(api, 1);
    const issued = await api('POST', `/v1/cases/${caseId}/certificates`, { json: {} });
    expect(issued.status, issued.text).toBe(201);
    const certificateId = issued.body.certificates[0].certificateId as string;
    const outbox = async () => (await api('GET', '/local/sms')).body.messages.length as number;
    const before = await outbox();

    // Act
    const replies = await race(() =>
      api('POST', `/v1/certificates/${certificateId}/notifications`, {
        json: { mobile: '13800138000' },
        headers: { 'idempotency-key': `e2e-sms-${certificateId}` },
      }),
    );

    // Assess
    const first = expectFirstAnswerOrBusy(replies);
    expect(first.status, first.text).toBe(202);
    expect(await outbox()).toBe(before + 1);
  });
});
