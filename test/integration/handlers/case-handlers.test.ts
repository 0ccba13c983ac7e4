/**
 * The handler modules as Lambda sees them: the real composition over dynalite and s3rver, driven with API
 * Gateway v2 events (no HTTP server). The case flow end to end, and every error code of the intake routes.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppDependencies, compose } from '../../../functions/composition.js';
import { loadConfig, storageEnvironment } from '../../../functions/config.js';
import { handlerModules } from '../../../functions/handlers/index.js';
import { hashApiKey } from '../../../functions/http/authenticate.js';
import { createHttpHandler, type LambdaHttpHandler } from '../../../functions/http/handler.js';
import type { Context } from '../../../functions/http/types.js';
import { allParts } from '../../../functions/parts/all.js';
import { applicant, makePdf, makePng, transportForm, transportRequired } from '../../fixtures/cases.js';
import { FixedClock, type GatewayRequest, gatewayEvent, MemoryLogger } from '../../support/fakes.js';
import { startTestDynamo, startTestS3, type TestDynamo, type TestS3 } from '../../support/storage.js';

let dynamo: TestDynamo;
let s3: TestS3;
let directory: string;
let deps: AppDependencies;
const handlers = new Map<string, LambdaHttpHandler>();

const allKey = 'zz_it_all_0123456789abcdef';
const policeKey = 'zz_it_police_0123456789abc';

beforeAll(async () => {
  [dynamo, s3] = await Promise.all([startTestDynamo(), startTestS3()]);
  directory = await mkdtemp(join(tmpdir(), 'zz-handlers-'));
  const config = loadConfig({
    PUBLIC_BASE_URL: 'https://zz.test',
    SMS_OUTBOX_FILE: join(directory, 'outbox.jsonl'),
    ...storageEnvironment(dynamo.tables, s3.buckets),
  });
  deps = compose(
    config,
    {
      dynamo: dynamo.client,
      s3: s3.client,
      clock: new FixedClock('2026-03-26T08:00:00Z'),
      logger: new MemoryLogger(),
    },
    allParts,
  );
  for (const m of handlerModules) handlers.set(m.name, createHttpHandler(m.routes, deps, deps.http));
  await deps.apiClients.save(hashApiKey(allKey), {
    clientId: 'all',
    name: '省级平台',
    serviceItems: ['*'],
    departments: ['*'],
  });
  await deps.apiClients.save(hashApiKey(policeKey), {
    clientId: 'police',
    name: '公安审批系统',
    serviceItems: ['TRANSPORT_OVERSIZE_PERMIT'],
    departments: ['公安'],
  });
});
afterAll(async () => {
  await Promise.all([dynamo?.close(), s3?.close(), rm(directory, { recursive: true, force: true })]);
});

interface Call extends Omit<GatewayRequest, 'body'> {
  json?: unknown;
  body?: string | Uint8Array;
  key?: string | null;
}

async function call(module: string, request: Call) {
  const handler = handlers.get(module);
  if (!handler) throw new Error(`no handler module ${module}`);
  const headers: Record<string, string> = { ...(request.headers ?? {}) };
  const key = request.key === undefined ? allKey : request.key;
  if (key) headers.authorization = `Bearer ${key}`;
  if (request.json !== undefined) headers['content-type'] ??= 'application/json';
  const body = request.json !== undefined ? JSON.stringify(request.json) : request.body;
  const result = await handler(
    gatewayEvent({ ...request, headers, ...(body === undefined ? {} : { body }) }),
    {} as Context,
  );
  let parsed: any;
  try {
    parsed = JSON.parse(result.body ?? '');
  } catch {
    parsed = undefined;
  }
  return { status: result.statusCode ?? 0, headers: result.headers ?? {}, body: parsed };
}

const cases = (request: Call) => call('cases', request);
const photo = makePng(800, 1000, 9);

async function createTransportCase(form: Record<string, unknown> = transportForm, key = allKey) {
  const res = await cases({
    method: 'POST',
    path: '/v1/cases',
    json: { serviceItemCode: 'TRANSPORT_OVERSIZE_PERMIT', applicant, form },
    key,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.caseId as string;
}

async function upload(caseId: string, code: string, key = allKey) {
  const isPhoto = code === 'VEHICLE_LOAD_PHOTOS';
  return cases({
    key,
    method: 'PUT',
    path: `/v1/cases/${caseId}/materials/${code}`,
    headers: { 'content-type': isPhoto ? 'image/png' : 'application/pdf' },
    body: isPhoto ? photo : await makePdf(`${caseId} ${code}`),
  });
}

describe('cases handler', () => {
  it('takes a transport case from creation to APPROVED', async () => {
    // Prepare
    const caseId = await createTransportCase();

    // Act
    const early = await cases({ method: 'POST', path: `/v1/cases/${caseId}/submit` });
    const uploads = [];
    for (const code of transportRequired) uploads.push(await upload(caseId, code));
    const submitted = await cases({ method: 'POST', path: `/v1/cases/${caseId}/submit` });
    const decisions = [];
    for (const department of ['交通运输', '住房和城乡建设', '公安'])
      decisions.push(
        await cases({
          method: 'POST',
          path: `/v1/cases/${caseId}/decisions`,
          json: { department, decision: 'APPROVE' },
        }),
      );
    const read = await cases({ path: `/v1/cases/${caseId}` });

    // Assess
    expect([early.status, early.body.error.code]).toEqual([422, 'MATERIALS_INCOMPLETE']);
    expect(uploads.map((u) => [u.status, u.body.status])).toEqual(
      transportRequired.map(() => [200, 'ACCEPTED']),
    );
    expect([submitted.status, submitted.body.status]).toEqual([200, 'SUBMITTED']);
    expect(submitted.body.dueAt).toMatch(/T15:59:59\.999Z$/);
    expect(decisions.map((d) => d.status)).toEqual([200, 200, 200]);
    expect(read.body).toMatchObject({ status: 'APPROVED', pendingDepartments: [] });
    expect(read.body.applicant).toEqual({
      name: '张*丰',
      idNumber: '110***********002X',
      mobile: '138****8000',
    });
    expect(read.headers['x-request-id']).toBe('gw-request-0001');
    const audit = await call('audit', { path: '/v1/audit', query: { subject: caseId } });
    expect(audit.body.entries.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['case.created', 'material.accepted', 'case.submitted', 'case.approved']),
    );
  });

  it('replays a case creation with the same Idempotency-Key and refuses the key for another body', async () => {
    // Prepare
    const request = {
      method: 'POST',
      path: '/v1/cases',
      headers: { 'idempotency-key': 'it-create-1' },
      json: { serviceItemCode: 'TRANSPORT_OVERSIZE_PERMIT', applicant, form: transportForm },
    };

    // Act
    const first = await cases(request);
    const replay = await cases(request);
    const reused = await cases({
      ...request,
      json: { ...request.json, form: { ...transportForm, axleCount: 7 } },
    });

    // Assess
    expect(first.status).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body.caseId).toBe(first.body.caseId);
    expect([reused.status, reused.body.error.code]).toEqual([409, 'IDEMPOTENCY_KEY_REUSED']);
  });

  it('gives a presigned upload URL for a large material', async () => {
    // Prepare
    const caseId = await createTransportCase();

    // Act
    const res = await cases({
      method: 'POST',
      path: `/v1/cases/${caseId}/materials/VEHICLE_LOAD_PHOTOS/upload-url`,
      json: { contentType: 'image/png' },
    });

    // Assess
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ method: 'PUT', headers: { 'content-type': 'image/png' } });
    expect(new URL(res.body.url).pathname).toContain(`/cases/${caseId}/uploads/VEHICLE_LOAD_PHOTOS/`);
  });
});

describe('intake error codes', () => {
  it('answers each malformed or forbidden request with its status and code in the one error shape', async () => {
    // Prepare
    const caseId = await createTransportCase();
    // A light transport (no bridge assessment) of the police-scoped client, submitted, police already approved.
    const submittedId = await createTransportCase({ ...transportForm, totalWeightTonnes: 90 }, policeKey);
    for (const code of transportRequired.filter((c) => c !== 'BRIDGE_TUNNEL_ASSESSMENT'))
      await upload(submittedId, code, policeKey);
    const asPolice = (request: Call) => cases({ ...request, key: policeKey });
    await asPolice({ method: 'POST', path: `/v1/cases/${submittedId}/submit` });
    await asPolice({
      method: 'POST',
      path: `/v1/cases/${submittedId}/decisions`,
      json: { department: '公安', decision: 'APPROVE' },
    });
    const create = (json: unknown, extra: Partial<Call> = {}) =>
      cases({ method: 'POST', path: '/v1/cases', json, ...extra });
    const expectations: Array<[string, Promise<Awaited<ReturnType<typeof call>>>, number, string]> = [
      ['no key', cases({ path: `/v1/cases/${caseId}`, key: null }), 401, 'UNAUTHENTICATED'],
      [
        'wrong key',
        cases({ path: `/v1/cases/${caseId}`, key: 'zz_wrong_key_0123456789' }),
        401,
        'UNAUTHENTICATED',
      ],
      ['unknown path', cases({ path: '/v1/nothing' }), 404, 'ROUTE_NOT_FOUND'],
      ['wrong method', cases({ method: 'DELETE', path: '/v1/cases' }), 405, 'METHOD_NOT_ALLOWED'],
      ['bad encoding', cases({ path: '/v1/cases/%E6%B9' }), 400, 'INVALID_PATH'],
      [
        'bad JSON',
        cases({
          method: 'POST',
          path: '/v1/cases',
          headers: { 'content-type': 'application/json' },
          body: '{"a":',
        }),
        400,
        'INVALID_JSON',
      ],
      [
        'form body',
        cases({
          method: 'POST',
          path: '/v1/cases',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'a=b',
        }),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      ],
      ['schema', create({ serviceItemCode: 'X' }), 400, 'INVALID_REQUEST'],
      [
        'unknown item',
        create({ serviceItemCode: 'NOPE', applicant, form: {} }),
        404,
        'SERVICE_ITEM_NOT_FOUND',
      ],
      [
        'bad form',
        create({ serviceItemCode: 'TRANSPORT_OVERSIZE_PERMIT', applicant, form: { axleCount: 'six' } }),
        422,
        'INVALID_FORM',
      ],
      [
        'bad ID',
        create({
          serviceItemCode: 'TRANSPORT_OVERSIZE_PERMIT',
          applicant: { ...applicant, idNumber: '110105194912310021' },
          form: transportForm,
        }),
        422,
        'INVALID_APPLICANT',
      ],
      [
        'scoped key',
        create({ serviceItemCode: 'DRUG_PRODUCTION_LICENSE', applicant, form: {} }, { key: policeKey }),
        403,
        'FORBIDDEN_SERVICE_ITEM',
      ],
      [
        'case of another client',
        cases({ path: `/v1/cases/${caseId}`, key: policeKey }),
        404,
        'CASE_NOT_FOUND',
      ],
      ['unknown case', cases({ path: '/v1/cases/CASE-00000000000000000000000000' }), 404, 'CASE_NOT_FOUND'],
      [
        'unknown material',
        cases({
          method: 'PUT',
          path: `/v1/cases/${caseId}/materials/NOPE`,
          headers: { 'content-type': 'application/pdf' },
          body: new Uint8Array([1]),
        }),
        404,
        'MATERIAL_NOT_IN_CHECKLIST',
      ],
      [
        'over direct limit',
        cases({
          method: 'PUT',
          path: `/v1/cases/${caseId}/materials/APPLICATION_FORM`,
          headers: { 'content-type': 'application/pdf' },
          body: new Uint8Array(4 * 1024 * 1024 + 1),
        }),
        413,
        'PAYLOAD_TOO_LARGE',
      ],
      [
        'withdraw missing',
        cases({ method: 'DELETE', path: `/v1/cases/${caseId}/materials/APPLICATION_FORM` }),
        404,
        'MATERIAL_NOT_FOUND',
      ],
      [
        'upload-url type',
        cases({
          method: 'POST',
          path: `/v1/cases/${caseId}/materials/VEHICLE_LOAD_PHOTOS/upload-url`,
          json: { contentType: 'application/pdf' },
        }),
        422,
        'UNSUPPORTED_MEDIA_TYPE',
      ],
      [
        'decide a draft',
        cases({
          method: 'POST',
          path: `/v1/cases/${caseId}/decisions`,
          json: { department: '公安', decision: 'APPROVE' },
        }),
        409,
        'CASE_NOT_SUBMITTED',
      ],
      [
        'unknown department',
        cases({
          method: 'POST',
          path: `/v1/cases/${caseId}/decisions`,
          json: { department: '财政', decision: 'APPROVE' },
        }),
        422,
        'UNKNOWN_DEPARTMENT',
      ],
      [
        'other department',
        asPolice({
          method: 'POST',
          path: `/v1/cases/${submittedId}/decisions`,
          json: { department: '交通运输', decision: 'APPROVE' },
        }),
        403,
        'FORBIDDEN_DEPARTMENT',
      ],
      [
        'decided twice',
        asPolice({
          method: 'POST',
          path: `/v1/cases/${submittedId}/decisions`,
          json: { department: '公安', decision: 'REJECT' },
        }),
        409,
        'DECISION_ALREADY_RECORDED',
      ],
      [
        'submit twice',
        asPolice({ method: 'POST', path: `/v1/cases/${submittedId}/submit` }),
        409,
        'CASE_NOT_EDITABLE',
      ],
      ['edit after submit', upload(submittedId, 'APPLICATION_FORM', policeKey), 409, 'CASE_NOT_EDITABLE'],
      ['foreign case', cases({ path: `/v1/cases/${submittedId}` }), 404, 'CASE_NOT_FOUND'],
      [
        'incomplete',
        cases({ method: 'POST', path: `/v1/cases/${caseId}/submit` }),
        422,
        'MATERIALS_INCOMPLETE',
      ],
      ['audit without subject', call('audit', { path: '/v1/audit' }), 400, 'INVALID_QUERY'],
      [
        'unknown service item',
        call('public', { path: '/v1/service-items/NOPE', key: null }),
        404,
        'SERVICE_ITEM_NOT_FOUND',
      ],
    ];

    // Act
    const results = [];
    for (const [label, pending] of expectations) {
      const res = await pending;
      results.push({
        label,
        status: res.status,
        code: res.body?.error?.code,
        requestId: res.body?.error?.requestId,
      });
      expect.soft(typeof res.body?.error?.message, label).toBe('string');
    }

    // Assess
    expect(results).toEqual(
      expectations.map(([label, , status, code]) => ({ label, status, code, requestId: 'gw-request-0001' })),
    );
  });

  it('records each refused authentication in the audit trail without the key', async () => {
    // Prepare
    const before = (await deps.audit.verifyChain()).entries;

    // Act
    await cases({ path: '/v1/cases/CASE-X', key: 'zz_refused_key_0123456789' });
    const head = await deps.audit.head();
    const [entry] = await deps.audit.listRange(head?.seq ?? 0, 1);

    // Assess
    expect(head?.seq).toBe(before + 1);
    expect(entry).toMatchObject({
      action: 'auth.refused',
      details: {
        reason: 'UNKNOWN_KEY',
        routeKey: 'GET /v1/cases/{caseId}',
        keyFingerprint: hashApiKey('zz_refused_key_0123456789').slice(0, 12),
      },
    });
    expect(JSON.stringify(entry)).not.toContain('zz_refused_key');
  });
});
