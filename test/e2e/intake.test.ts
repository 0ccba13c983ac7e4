/**
 * End to end over HTTP against the local runtime started as `npm start` would: a case from creation to
 * APPROVED, every error path of the intake contract, races, and a restart in the middle of a case.
 */
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDynamoClient } from '../../bin/local/aws-clients.js';
import {
  applicant,
  makePdf,
  makePng,
  medicalForm,
  transportForm,
  transportRequired,
} from '../fixtures/cases.js';
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

const createTransportCase = async () => {
  const res = await api('POST', '/v1/cases', {
    json: { serviceItemCode: 'TRANSPORT_OVERSIZE_PERMIT', applicant, form: transportForm },
  });
  expect(res.status, res.text).toBe(201);
  return res.body.caseId as string;
};

const uploadAll = async (caseId: string, codes: string[]) => {
  for (const code of codes) {
    const isPhoto = code === 'VEHICLE_LOAD_PHOTOS';
    const res = await api('PUT', `/v1/cases/${caseId}/materials/${code}`, {
      body: isPhoto ? makePng(800, 1000, code.length) : await makePdf(`${caseId} ${code}`),
      contentType: isPhoto ? 'image/png' : 'application/pdf',
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body.status, res.text).toBe('ACCEPTED');
  }
};

describe('intake over HTTP', () => {
  it('takes a transport case from creation to APPROVED with three departments deciding in parallel', async () => {
    const caseId = await createTransportCase();
    const created = await api('GET', `/v1/cases/${caseId}`);
    expect(created.body.status).toBe('DRAFT');
    expect(created.body.applicant).toEqual({
      name: '张*丰',
      idNumber: '110***********002X',
      mobile: '138****8000',
    });
    const required = created.body.checklist
      .filter((c: { required: boolean }) => c.required)
      .map((c: { materialCode: string }) => c.materialCode);
    expect(required.sort()).toEqual([...transportRequired].sort());

    const early = await api('POST', `/v1/cases/${caseId}/submit`);
    expect(early.status).toBe(422);
    expect(early.body.error.code).toBe('MATERIALS_INCOMPLETE');
    expect(early.body.error.details.missing.sort()).toEqual([...transportRequired].sort());

    await uploadAll(caseId, transportRequired);
    const submitted = await api('POST', `/v1/cases/${caseId}/submit`);
    expect(submitted.status, submitted.text).toBe(200);
    expect(submitted.body.status).toBe('SUBMITTED');

    const departments = ['交通运输', '住房和城乡建设', '公安'];
    const decisions = await Promise.all(
      departments.map((department) =>
        api('POST', `/v1/cases/${caseId}/decisions`, { json: { department, decision: 'APPROVE' } }),
      ),
    );
    expect(decisions.map((d) => d.status)).toEqual([200, 200, 200]);
    const approved = await api('GET', `/v1/cases/${caseId}`);
    expect(approved.body.status).toBe('APPROVED');
    expect(approved.body.decisions).toHaveLength(3);

    const again = await api('POST', `/v1/cases/${caseId}/decisions`, {
      json: { department: '公安', decision: 'APPROVE' },
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('DECISION_ALREADY_RECORDED');

    const trail = await api('GET', `/v1/audit?subject=${caseId}`);
    const actions = trail.body.entries.map((e: { action: string }) => e.action);
    expect(actions).toContain('case.created');
    expect(actions.filter((a: string) => a === 'material.accepted')).toHaveLength(5);
    expect(actions).toContain('case.submitted');
    expect(actions.filter((a: string) => a === 'case.decision')).toHaveLength(3);
    expect(actions.at(-1)).toBe('case.approved');
    expect(trail.text).not.toContain(applicant.idNumber);
    expect(trail.text).not.toContain(applicant.mobile);
  });

  it('rejects the case when one department rejects', async () => {
    const res = await api('POST', '/v1/cases', {
      json: { serviceItemCode: 'MEDICAL_DEVICE_EXPORT_CERT', applicant, form: medicalForm(3) },
    });
    const caseId = res.body.caseId as string;
    for (const code of ['APPLICATION_FORM', 'BUSINESS_LICENCE', 'PRODUCTION_LICENCE', 'PRODUCT_LIST']) {
      const up = await api('PUT', `/v1/cases/${caseId}/materials/${code}`, {
        body: await makePdf(`${caseId}-${code}`),
        contentType: 'application/pdf',
      });
      expect(up.body.status, up.text).toBe('ACCEPTED');
    }
    expect((await api('POST', `/v1/cases/${caseId}/submit`)).status).toBe(200);
    const rejected = await api('POST', `/v1/cases/${caseId}/decisions`, {
      json: { department: '药品监督管理', decision: 'REJECT', comment: '产品清单与注册证不符' },
    });
    expect(rejected.body.status).toBe('REJECTED');
  });

  it('explains rejected materials at once and lists them at submit', async () => {
    const caseId = await createTransportCase();
    const pdf = await makePdf('dup');
    const first = await api('PUT', `/v1/cases/${caseId}/materials/APPLICATION_FORM`, {
      body: pdf,
      contentType: 'application/pdf',
    });
    expect(first.body.status).toBe('ACCEPTED');
    const duplicate = await api('PUT', `/v1/cases/${caseId}/materials/VEHICLE_DOCUMENTS`, {
      body: pdf,
      contentType: 'application/pdf',
    });
    expect(duplicate.body.status).toBe('REJECTED');
    expect(duplicate.body.problems.map((p: { code: string }) => p.code)).toContain('DUPLICATE_MATERIAL');
    const mismatch = await api('PUT', `/v1/cases/${caseId}/materials/ROAD_TRANSPORT_BUSINESS_PERMIT`, {
      body: makePng(800, 1000),
      contentType: 'application/pdf',
    });
    expect(mismatch.body.problems.map((p: { code: string }) => p.code)).toContain('CONTENT_TYPE_MISMATCH');
    const small = await api('PUT', `/v1/cases/${caseId}/materials/VEHICLE_LOAD_PHOTOS`, {
      body: makePng(100, 100),
      contentType: 'image/png',
    });
    expect(small.body.problems.map((p: { code: string }) => p.code)).toContain('IMAGE_TOO_SMALL');
    expect(small.body.problems[0].message).toMatch(/[\u4e00-\u9fff]/);
    const empty = await api('PUT', `/v1/cases/${caseId}/materials/BRIDGE_TUNNEL_ASSESSMENT`, {
      body: new Uint8Array(0),
      contentType: 'application/pdf',
    });
    expect(empty.body.problems.map((p: { code: string }) => p.code)).toContain('EMPTY_FILE');

    const submit = await api('POST', `/v1/cases/${caseId}/submit`);
    expect(submit.status).toBe(422);
    const rejectedCodes = submit.body.error.details.rejected
      .map((r: { materialCode: string }) => r.materialCode)
      .sort();
    expect(rejectedCodes).toEqual([
      'BRIDGE_TUNNEL_ASSESSMENT',
      'ROAD_TRANSPORT_BUSINESS_PERMIT',
      'VEHICLE_DOCUMENTS',
      'VEHICLE_LOAD_PHOTOS',
    ]);

    const withdrawn = await api('DELETE', `/v1/cases/${caseId}/materials/VEHICLE_DOCUMENTS`);
    expect(withdrawn.status).toBe(204);
    const after = await api('GET', `/v1/cases/${caseId}`);
    expect(
      after.body.checklist.find((c: { materialCode: string }) => c.materialCode === 'VEHICLE_DOCUMENTS')
        .status,
    ).toBe('MISSING');
  });

  it('answers every malformed request with the one error shape and a meaningful status', async () => {
    const caseId = await createTransportCase();
    const cases: Array<[Promise<{ status: number; body: any }>, number, string]> = [
      [api('GET', '/v1/cases/CASE-X', { key: null }), 401, 'UNAUTHENTICATED'],
      [api('GET', '/v1/cases/CASE-X', { key: 'zz_wrong_key_0123456789abcdef' }), 401, 'UNAUTHENTICATED'],
      [api('GET', '/v1/nothing-here'), 404, 'ROUTE_NOT_FOUND'],
      [api('DELETE', '/v1/cases'), 405, 'METHOD_NOT_ALLOWED'],
      [
        api('POST', '/v1/cases', { body: '{"serviceItemCode":', contentType: 'application/json' }),
        400,
        'INVALID_JSON',
      ],
      [
        api('POST', '/v1/cases', { body: 'a=b', contentType: 'application/x-www-form-urlencoded' }),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      ],
      [api('POST', '/v1/cases', { json: { serviceItemCode: 'X' } }), 400, 'INVALID_REQUEST'],
      [
        api('POST', '/v1/cases', { json: { serviceItemCode: 'NOPE', applicant, form: {} } }),
        404,
        'SERVICE_ITEM_NOT_FOUND',
      ],
      [
        api('POST', '/v1/cases', {
          json: { serviceItemCode: 'TRANSPORT_OVERSIZE_PERMIT', applicant, form: { axleCount: 'six' } },
        }),
        422,
        'INVALID_FORM',
      ],
      [
        api('POST', '/v1/cases', {
          json: {
            serviceItemCode: 'TRANSPORT_OVERSIZE_PERMIT',
            applicant: { ...applicant, idNumber: '110105194912310021' },
            form: transportForm,
          },
        }),
        422,
        'INVALID_APPLICANT',
      ],
      [api('GET', '/v1/cases/CASE-00000000000000000000000000'), 404, 'CASE_NOT_FOUND'],
      [
        api('PUT', `/v1/cases/${caseId}/materials/NOT_A_MATERIAL`, {
          body: new Uint8Array([1]),
          contentType: 'application/pdf',
        }),
        404,
        'MATERIAL_NOT_IN_CHECKLIST',
      ],
      [
        api('PUT', `/v1/cases/${caseId}/materials/APPLICATION_FORM`, {
          body: new Uint8Array(4 * 1024 * 1024 + 10),
          contentType: 'application/pdf',
        }),
        413,
        'PAYLOAD_TOO_LARGE',
      ],
      [
        api('POST', `/v1/cases/${caseId}/decisions`, { json: { department: '公安', decision: 'APPROVE' } }),
        409,
        'CASE_NOT_SUBMITTED',
      ],
      [
        api('POST', `/v1/cases/${caseId}/decisions`, { json: { department: '财政', decision: 'APPROVE' } }),
        422,
        'UNKNOWN_DEPARTMENT',
      ],
      [api('GET', '/v1/service-items/NOPE'), 404, 'SERVICE_ITEM_NOT_FOUND'],
      [api('GET', '/v1/audit'), 400, 'INVALID_QUERY'],
    ];
    for (const [pending, status, code] of cases) {
      const res = await pending;
      expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status, code });
      expect(typeof res.body.error.message).toBe('string');
      expect(res.body.error.requestId).toBeTruthy();
    }
  });

  it('enforces the scopes of an API key with 403', async () => {
    const made = await api('POST', '/local/clients', {
      json: {
        clientId: 'police-only',
        name: '公安审批系统',
        serviceItems: ['TRANSPORT_OVERSIZE_PERMIT'],
        departments: ['公安'],
      },
    });
    expect(made.status).toBe(201);
    const police = apiClient(runtime.url, made.body.apiKey);
    const forbidden = await police('POST', '/v1/cases', {
      json: { serviceItemCode: 'DRUG_PRODUCTION_LICENSE', applicant, form: {} },
    });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.code).toBe('FORBIDDEN_SERVICE_ITEM');
    const own = await police('POST', '/v1/cases', {
      json: { serviceItemCode: 'TRANSPORT_OVERSIZE_PERMIT', applicant, form: transportForm },
    });
    expect(own.status).toBe(201);
    // Another client's case is not confirmed to exist.
    const foreign = await police('GET', `/v1/cases/${await createTransportCase()}`);
    expect(foreign.status).toBe(404);
  });

  it('creates clients only for the demo key', async () => {
    const request = {
      json: { clientId: 'minted', name: '自造客户端', serviceItems: ['*'], departments: ['*'] },
    };
    const anonymous = await apiClient(runtime.url)('POST', '/local/clients', request);
    expect(anonymous.status).toBe(401);
    const scoped = await api('POST', '/local/clients', {
      json: {
        clientId: 'scoped-one',
        name: '受限',
        serviceItems: ['MINING_RIGHT_LICENSE'],
        departments: ['自然资源'],
      },
    });
    expect(scoped.status).toBe(201);
    const byScoped = await apiClient(runtime.url, scoped.body.apiKey)('POST', '/local/clients', request);
    expect({ status: byScoped.status, code: byScoped.body.error.code }).toEqual({
      status: 403,
      code: 'FORBIDDEN',
    });
  });

  it('creates exactly one case for 10 concurrent requests with one Idempotency-Key', async () => {
    const request = { serviceItemCode: 'TRANSPORT_OVERSIZE_PERMIT', applicant, form: transportForm };
    const replies = await Promise.all(
      Array.from({ length: 10 }, () =>
        api('POST', '/v1/cases', { json: request, headers: { 'idempotency-key': 'e2e-race-1' } }),
      ),
    );
    const ok = replies.filter((r) => r.status === 201);
    expect(ok.length).toBeGreaterThan(0);
    expect(new Set(ok.map((r) => r.body.caseId)).size).toBe(1);
    for (const r of replies.filter((x) => x.status !== 201))
      expect(r.body.error.code).toBe('REQUEST_IN_PROGRESS');
    expect(ok.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(ok.length - 1);
    const other = await api('POST', '/v1/cases', {
      json: { ...request, form: { ...transportForm, axleCount: 7 } },
      headers: { 'idempotency-key': 'e2e-race-1' },
    });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('keeps one unbroken audit chain under 50 concurrent appends and finds an edited entry', async () => {
    await Promise.all(
      Array.from({ length: 50 }, () =>
        api('GET', '/v1/cases/CASE-X', { key: 'zz_wrong_key_0123456789abcdef' }),
      ),
    );
    const verified = await api('GET', '/v1/audit/verification');
    expect(verified.body.intact).toBe(true);
    expect(verified.body.entries).toBeGreaterThanOrEqual(50);

    const doc = DynamoDBDocumentClient.from(localDynamoClient(runtime.dynamoEndpoint));
    await doc.send(
      new UpdateCommand({
        TableName: 'zz-Audit',
        Key: { chain: 'main', seq: 7 },
        UpdateExpression: 'SET #a = :a',
        ExpressionAttributeNames: { '#a': 'action' },
        ExpressionAttributeValues: { ':a': 'case.approved' },
      }),
    );
    const broken = await api('GET', '/v1/audit/verification');
    expect(broken.body).toMatchObject({ intact: false, firstBrokenSeq: 7 });
  });
});

describe('restart', () => {
  it('loses nothing when the runtime restarts in the middle of a case', async () => {
    const first = await startRuntime();
    const client = apiClient(first.url, first.apiKey);
    const created = await client('POST', '/v1/cases', {
      json: { serviceItemCode: 'MEDICAL_DEVICE_EXPORT_CERT', applicant, form: medicalForm(2) },
    });
    const caseId = created.body.caseId as string;
    await client('PUT', `/v1/cases/${caseId}/materials/APPLICATION_FORM`, {
      body: await makePdf('r1'),
      contentType: 'application/pdf',
    });
    expect(await first.stop('SIGTERM')).toBe(0);

    const second = await startRuntime({ dataDir: first.dataDir });
    try {
      expect(second.apiKey).toBe(first.apiKey);
      const again = apiClient(second.url, second.apiKey);
      const reloaded = await again('GET', `/v1/cases/${caseId}`);
      expect(reloaded.status).toBe(200);
      expect(
        reloaded.body.checklist.find((c: { materialCode: string }) => c.materialCode === 'APPLICATION_FORM')
          .status,
      ).toBe('ACCEPTED');
      for (const code of ['BUSINESS_LICENCE', 'PRODUCTION_LICENCE', 'PRODUCT_LIST']) {
        await again('PUT', `/v1/cases/${caseId}/materials/${code}`, {
          body: await makePdf(`r-${code}`),
          contentType: 'application/pdf',
        });
      }
      expect((await again('POST', `/v1/cases/${caseId}/submit`)).status).toBe(200);
      expect((await again('GET', '/v1/audit/verification')).body.intact).toBe(true);
    } finally {
      await second.stop();
    }
  });
});
