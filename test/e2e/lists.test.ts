/**
 * The list endpoints over HTTP against the local runtime (every reply held to /openapi.json): 250 cases paged
 * through with limit 100 and the default, each exactly once, another client's never; licences of a person and
 * of an organisation listed by holder, scoped by the key; bad cursors, limits and holders → 400.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicant, medicalForm } from '../fixtures/cases.js';
import { approvedMedicalCase, organisation } from '../support/e2e-flows.js';
import { apiClient, type RunningRuntime, startRuntime } from '../support/local-runtime.js';

let runtime: RunningRuntime;
let api: ReturnType<typeof apiClient>;
/** A second upstream system, allowed the transport item only. */
let transport: ReturnType<typeof apiClient>;

const creditCode = medicalForm().creditCode;

beforeAll(async () => {
  runtime = await startRuntime();
  api = apiClient(runtime.url, runtime.apiKey);
  const created = await api('POST', '/local/clients', {
    json: {
      clientId: 'transport-bureau',
      name: '交通运输厅 transport bureau',
      serviceItems: ['TRANSPORT_OVERSIZE_PERMIT'],
      departments: ['*'],
    },
  });
  expect(created.status, created.text).toBe(201);
  transport = apiClient(runtime.url, created.body.apiKey as string);
}, 60_000);
afterAll(async () => {
  await runtime?.stop();
});

/** Every page of `path` (with `query`), following nextCursor; the page sizes and the ids in order. */
async function pageThrough(client: typeof api, path: string, key: 'cases' | 'certificates', query = '') {
  const ids: string[] = [];
  const sizes: number[] = [];
  let cursor: string | undefined;
  do {
    const params = new URLSearchParams(query);
    if (cursor) params.set('cursor', cursor);
    const page = await client('GET', `${path}?${params}`);
    expect(page.status, page.text).toBe(200);
    const items = page.body[key] as Array<{ caseId?: string; certificateId?: string }>;
    ids.push(...items.map((i) => (key === 'cases' ? i.caseId : i.certificateId) ?? ''));
    sizes.push(items.length);
    cursor = page.body.nextCursor;
  } while (cursor);
  return { ids, sizes };
}

const transportCase = () => ({
  serviceItemCode: 'TRANSPORT_OVERSIZE_PERMIT',
  applicant,
  form: {
    carrierName: '湖南长大件物流有限公司',
    vehiclePlate: '湘A12345',
    axleCount: 6,
    cargo: { name: '变压器', weightTonnes: 30, indivisible: true },
    dimensions: { lengthMetres: 18, widthMetres: 3.5, heightMetres: 4.2 },
    totalWeightTonnes: 60,
    route: { origin: '长沙市', destination: '岳阳市', via: [] },
    tripStart: new Date(Date.now() + 30 * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10),
    tripEnd: new Date(Date.now() + 39 * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10),
    submittedByAgent: false,
  },
});

describe('GET /v1/cases', () => {
  it('pages through 250 cases with limit 100 and the default, each exactly once, newest first, never another client’s', async () => {
    // Prepare: 250 cases of the demo client (10 at a time), 5 of the transport bureau
    const created: string[] = [];
    for (let i = 0; i < 250; i += 10) {
      const replies = await Promise.all(
        Array.from({ length: 10 }, () =>
          api('POST', '/v1/cases', {
            json: {
              serviceItemCode: 'MEDICAL_DEVICE_EXPORT_CERT',
              applicant: organisation,
              form: medicalForm(1),
            },
          }),
        ),
      );
      for (const reply of replies) {
        expect(reply.status, reply.text).toBe(201);
        created.push(reply.body.caseId);
      }
    }
    const theirs: string[] = [];
    for (let i = 0; i < 5; i++) {
      const reply = await transport('POST', '/v1/cases', { json: transportCase() });
      expect(reply.status, reply.text).toBe(201);
      theirs.push(reply.body.caseId);
    }
    // Act
    const by100 = await pageThrough(api, '/v1/cases', 'cases', 'limit=100');
    const byDefault = await pageThrough(api, '/v1/cases', 'cases');
    const theirList = await pageThrough(transport, '/v1/cases', 'cases');
    const drafts = await pageThrough(
      api,
      '/v1/cases',
      'cases',
      'status=DRAFT&serviceItemCode=MEDICAL_DEVICE_EXPORT_CERT&limit=100',
    );
    // Assess
    expect(by100.sizes.slice(0, 2)).toEqual([100, 100]);
    expect(by100.sizes.reduce((a, b) => a + b, 0)).toBe(250);
    expect(byDefault.sizes.slice(0, 5)).toEqual([50, 50, 50, 50, 50]);
    for (const listed of [by100.ids, byDefault.ids, drafts.ids]) {
      expect(listed).toHaveLength(250);
      expect(new Set(listed)).toEqual(new Set(created));
    }
    expect(by100.ids).toEqual(byDefault.ids);
    expect(theirList.ids.sort()).toEqual([...theirs].sort());
    for (const id of theirs) expect(by100.ids).not.toContain(id);
    // Newest first: the last case created (in the last batch of ten) comes within the first page's first ten.
    expect(by100.ids.slice(0, 10)).toContain(created.at(-1));
  }, 240_000);

  it('answers 400 for a cursor forged, altered or of another client, and a limit outside 1–100; 403 outside the scope', async () => {
    // Prepare
    const first = await api('GET', '/v1/cases?limit=2');
    const cursor = first.body.nextCursor as string;
    expect(cursor).toBeTruthy();
    const theirs = await transport('GET', '/v1/cases?limit=1');
    // Act
    const replies = {
      forged: await api('GET', '/v1/cases?cursor=eyJjbGllbnRJZCI6ImRlbW8ifQ'),
      altered: await api('GET', `/v1/cases?cursor=${cursor.slice(0, -3)}AAA`),
      otherClient: await transport('GET', `/v1/cases?cursor=${cursor}`),
      otherQuery: await api('GET', `/v1/cases?status=ISSUED&cursor=${cursor}`),
      fromOther: await api('GET', `/v1/cases?cursor=${theirs.body.nextCursor ?? cursor}&limit=1`),
      over: await api('GET', '/v1/cases?limit=101'),
      zero: await api('GET', '/v1/cases?limit=0'),
      scope: await transport('GET', '/v1/cases?serviceItemCode=MEDICAL_DEVICE_EXPORT_CERT'),
    };
    // Assess
    for (const name of ['forged', 'altered', 'otherClient', 'otherQuery'] as const) {
      expect(replies[name].status, name).toBe(400);
      expect(replies[name].body.error.code, name).toBe('INVALID_CURSOR');
    }
    expect(replies.fromOther.status).toBe(400);
    expect(replies.over.body.error).toMatchObject({ code: 'INVALID_LIMIT' });
    expect(replies.over.status).toBe(400);
    expect(replies.zero.status).toBe(400);
    expect(replies.scope.status).toBe(403);
  });
});

describe('GET /v1/certificates by holder', () => {
  it('lists the licences of an organisation and of a person, masked, newest first, scoped by the key', async () => {
    // Prepare: two export certificates held by the enterprise, one reissued… issued to a person
    const enterpriseCase = await approvedMedicalCase(api, 2);
    const issued = await api('POST', `/v1/cases/${enterpriseCase}/certificates`, { json: {} });
    expect(issued.status, issued.text).toBe(201);
    const personCase = await approvedMedicalCase(api, 1);
    const person = { type: 'PERSON', name: applicant.name, idType: '111', idNumber: applicant.idNumber };
    const personal = await api('POST', `/v1/cases/${personCase}/certificates`, {
      json: { certificates: [{ holder: person }] },
    });
    expect(personal.status, personal.text).toBe(201);
    // Act
    const ofEnterprise = await api('GET', `/v1/certificates?holderCreditCode=${creditCode}`);
    const ofPerson = await api('GET', `/v1/certificates?holderIdNumber=${applicant.idNumber.toLowerCase()}`);
    const paged = await pageThrough(
      api,
      '/v1/certificates',
      'certificates',
      `holderCreditCode=${creditCode}&limit=1`,
    );
    const outOfScope = await transport('GET', `/v1/certificates?holderCreditCode=${creditCode}`);
    const revokedOnly = await api('GET', `/v1/certificates?holderCreditCode=${creditCode}&status=REVOKED`);
    // Assess
    const enterpriseIds = (issued.body.certificates as Array<{ certificateId: string }>).map(
      (c) => c.certificateId,
    );
    expect(ofEnterprise.status, ofEnterprise.text).toBe(200);
    expect(
      ofEnterprise.body.certificates.map((c: { certificateId: string }) => c.certificateId).sort(),
    ).toEqual([...enterpriseIds].sort());
    expect(ofEnterprise.body.certificates[0].holder).toMatchObject({
      type: 'ORGANIZATION',
      idNumber: '914***********111G',
    });
    expect(ofEnterprise.body.nextCursor).toBeUndefined();
    expect(ofPerson.body.certificates).toHaveLength(1);
    expect(ofPerson.body.certificates[0].holder.idNumber).not.toBe(applicant.idNumber);
    expect(ofPerson.body.certificates[0].holder.idNumber).toMatch(/\*/);
    expect(paged.ids.sort()).toEqual([...enterpriseIds].sort());
    expect(outOfScope.status).toBe(200);
    expect(outOfScope.body.certificates).toEqual([]);
    expect(revokedOnly.body.certificates).toEqual([]);
    expect(ofPerson.text).not.toContain(applicant.idNumber);
  }, 120_000);

  it('answers 400 without a holder, with both, with a number failing its check, and for a bad cursor or limit', async () => {
    // Act
    const replies = {
      none: await api('GET', '/v1/certificates'),
      both: await api(
        'GET',
        `/v1/certificates?holderIdNumber=${applicant.idNumber}&holderCreditCode=${creditCode}`,
      ),
      badId: await api('GET', '/v1/certificates?holderIdNumber=110105194912310021'),
      badCode: await api('GET', '/v1/certificates?holderCreditCode=91430100MA4L01111H'),
      cursor: await api('GET', `/v1/certificates?holderCreditCode=${creditCode}&cursor=abc`),
      limit: await api('GET', `/v1/certificates?holderCreditCode=${creditCode}&limit=500`),
    };
    // Assess
    expect(replies.none.body.error.code).toBe('HOLDER_REQUIRED');
    expect(replies.both.body.error.code).toBe('HOLDER_REQUIRED');
    expect(replies.badId.body.error.code).toBe('INVALID_HOLDER_ID');
    expect(replies.badCode.body.error.code).toBe('INVALID_HOLDER_ID');
    expect(replies.cursor.body.error.code).toBe('INVALID_CURSOR');
    expect(replies.limit.body.error.code).toBe('INVALID_LIMIT');
    for (const reply of Object.values(replies)) expect(reply.status).toBe(400);
    expect(replies.badId.text).not.toContain('110105194912310021');
  });
});
