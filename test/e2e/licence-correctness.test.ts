/**
 * End to end over HTTP: what can only go wrong at issuance is refused at intake (cross-field form rules,
 * credit codes, characters no licence font draws), a licence is never sealed already expired and such a
 * refusal costs no serial, a licence not yet in force verifies NOT_YET_VALID (未生效), and an enterprise's
 * licence names the enterprise.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicant, makePdf, makePng, transportForm, transportRequired } from '../fixtures/cases.js';
import { contractFetch } from '../support/contract.js';
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

const enterprise = { ...applicant, organization: '湖南长大件物流有限公司', creditCode: '91430100MA4L12345A' };

const create = (form: Record<string, unknown>, who: object = applicant) =>
  api('POST', '/v1/cases', { json: { serviceItemCode: 'TRANSPORT_OVERSIZE_PERMIT', applicant: who, form } });

async function approvedTransportCase(who: object): Promise<string> {
  const created = await create(transportForm, who);
  expect(created.status, created.text).toBe(201);
  const caseId = created.body.caseId as string;
  for (const code of transportRequired) {
    const photo = code === 'VEHICLE_LOAD_PHOTOS';
    await api('PUT', `/v1/cases/${caseId}/materials/${code}`, {
      body: photo ? makePng(800, 1000, 7) : await makePdf(`${caseId} ${code}`),
      contentType: photo ? 'image/png' : 'application/pdf',
    });
  }
  expect((await api('POST', `/v1/cases/${caseId}/submit`)).status).toBe(200);
  for (const department of ['交通运输', '住房和城乡建设', '公安']) {
    await api('POST', `/v1/cases/${caseId}/decisions`, { json: { department, decision: 'APPROVE' } });
  }
  return caseId;
}

const serialOf = (identifier: string) => Number(identifier.split('.').at(-3));

describe('refused at intake, not after approval', () => {
  it('answers 422 INVALID_FORM naming /tripStart and /tripEnd, Chinese first, for a trip that ends before it starts', async () => {
    const res = await create({
      ...transportForm,
      tripStart: transportForm.tripEnd,
      tripEnd: transportForm.tripStart,
    });

    expect(res.status, res.text).toBe(422);
    expect(res.body.error.code).toBe('INVALID_FORM');
    expect(res.body.error.message).toMatch(/^申请表内容不符合要求：通行截止日期不得早于通行起始日期 \/ /);
    expect(res.body.error.details.failures).toEqual([
      expect.objectContaining({ fields: ['/tripStart', '/tripEnd'], rule: 'TRIP_ENDS_BEFORE_START' }),
    ]);
  });

  it('answers 422 INVALID_APPLICANT for a credit code whose check character is wrong', async () => {
    const res = await create(transportForm, { ...enterprise, creditCode: '91430100MA4L12345X' });

    expect(res.status, res.text).toBe(422);
    expect(res.body.error).toMatchObject({
      code: 'INVALID_APPLICANT',
      details: { failures: [expect.objectContaining({ path: '/applicant/creditCode' })] },
    });
  });

  it.each([
    [
      'a right-to-left override in the form',
      { carrierName: '湖南\u202E司公限有' },
      {},
      '/form/carrierName',
      'U+202E',
    ],
    ['a lone surrogate in the name', {}, { name: '张\uD800丰' }, '/applicant/name', 'U+D800'],
    ['𠀋, which no licence font draws', {}, { name: '张𠀋' }, '/applicant/name', 'U+2000B'],
  ])(
    'answers 422 UNSUPPORTED_CHARACTER for %s, naming the field and the code point',
    async (_, form, who, path, codePoint) => {
      const res = await create({ ...transportForm, ...form }, { ...applicant, ...who });

      expect(res.status, res.text).toBe(422);
      expect(res.body.error.code).toBe('UNSUPPORTED_CHARACTER');
      expect(res.body.error.message).toContain(codePoint);
      expect(res.body.error.details.failures).toEqual([expect.objectContaining({ path, codePoint })]);
    },
  );
});

describe('issuance and verification', () => {
  it('never seals an expired licence (no serial taken), names the enterprise, and verifies NOT_YET_VALID before the trip', async () => {
    // Prepare: one licence issued, then a second case whose first request asks for an ended validity
    const first = await approvedTransportCase(enterprise);
    const issuedFirst = await api('POST', `/v1/cases/${first}/certificates`, {
      json: { certificates: [{ fields: { route: '长沙—岳阳' } }] },
    });
    expect(issuedFirst.status, issuedFirst.text).toBe(201);
    const caseId = await approvedTransportCase(enterprise);

    // Act
    const expired = await api('POST', `/v1/cases/${caseId}/certificates`, {
      json: {
        certificates: [{ fields: { route: '长沙—岳阳' }, validFrom: '2020-01-01', validUntil: '2020-01-31' }],
      },
    });
    const issued = await api('POST', `/v1/cases/${caseId}/certificates`, {
      json: { certificates: [{ fields: { route: '长沙—岳阳' } }] },
    });

    // Assess: the refusal
    expect(expired.status, expired.text).toBe(422);
    expect(expired.body.error).toMatchObject({ code: 'INVALID_VALIDITY', details: { reason: 'ENDED' } });
    expect(expired.body.error.message).toMatch(/^有效期已于2020-01-31届满/);
    // …took no serial: the next licence of the type follows the one before it
    expect(issued.status, issued.text).toBe(201);
    const licence = issued.body.certificates[0];
    expect(serialOf(licence.identifier)).toBe(serialOf(issuedFirst.body.certificates[0].identifier) + 1);
    // …the enterprise holds it
    expect(licence.holder).toEqual({
      type: 'ORGANIZATION',
      name: '湖南长大件物流有限公司',
      idType: '001',
      idNumber: '914***********345A',
    });
    expect(licence.validFrom).toBe(transportForm.tripStart);

    // Assess: not in force before the trip starts
    const path = `/verify/${licence.certificateId}?code=${licence.verificationCode}`;
    const json = await api('GET', path, { headers: { accept: 'application/json' } });
    const zh = await contractFetch(`${runtime.url}${path}`).then((r) => r.text());
    const en = await contractFetch(`${runtime.url}${path}&lang=en`).then((r) => r.text());
    expect(json.body).toMatchObject({
      verdict: 'NOT_YET_VALID',
      certificate: { validFrom: transportForm.tripStart, holderMasked: '湖南长大件物流有限公司' },
    });
    expect(zh).toContain('未生效');
    expect(zh).not.toContain('证照真实有效');
    expect(en).toContain('Not yet valid');
  });
});
