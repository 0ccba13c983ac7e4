/**
 * The authorization matrix of API.md: every upstream (🔑) route × {no key, wrong key, key without the scope,
 * another client's object} → 401 / 401 / 403 / 404, always in the one error shape.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { everyRoute, type ReliabilityApp, startReliabilityApp } from './app.js';
import { approvedCase, cloneApprovedCase, draftCase, issuedCase } from './flows.js';

let app: ReliabilityApp;
let fixtures: { draft: string; approvedTemplate: string; issued: string; certificateId: string };

beforeAll(async () => {
  app = await startReliabilityApp({ factory: 'fake' });
  const issued = await issuedCase(app, 1);
  fixtures = {
    draft: await draftCase(app, 1),
    approvedTemplate: await approvedCase(app, 1),
    issued: issued.caseId,
    certificateId: issued.certificates[0]?.certificateId ?? '',
  };
});
afterAll(async () => {
  await app?.close();
});

interface UpstreamRequest {
  method: string;
  path: string;
  json?: unknown;
  body?: Uint8Array;
  contentType?: string;
  query?: Record<string, string>;
}
/** A route, and how to build a request for it on a fresh object of the owner. */
interface Row {
  route: string;
  /** Which scope a key without it lacks: the service item, or the department (decisions). */
  scope: 'item' | 'department' | 'none';
  /** Whether the route names an object that could belong to another client. */
  owned: boolean;
  request: () => Promise<UpstreamRequest>;
}

/** A licence of its own for routes that change it (so one test's change cannot hide another's answer). */
async function freshCertificate(): Promise<string> {
  const caseId = await cloneApprovedCase(app, fixtures.approvedTemplate);
  const issued = await app.call('POST', `/v1/cases/${caseId}/certificates`, { json: {} });
  return issued.body.certificates?.[0]?.certificateId ?? 'none';
}

const pdf = new TextEncoder().encode('%PDF-1.4\n%%EOF\n');
const rows: Row[] = [
  {
    route: 'POST /v1/cases',
    scope: 'item',
    owned: false,
    request: async () => ({
      method: 'POST',
      path: '/v1/cases',
      json: {
        serviceItemCode: 'MEDICAL_DEVICE_EXPORT_CERT',
        applicant: { name: '张三丰', idNumber: '11010519491231002X', mobile: '13800138000' },
        form: {},
      },
    }),
  },
  {
    route: 'GET /v1/cases/{caseId}',
    scope: 'item',
    owned: true,
    request: async () => ({ method: 'GET', path: `/v1/cases/${fixtures.draft}` }),
  },
  {
    route: 'PUT /v1/cases/{caseId}/materials/{materialCode}',
    scope: 'item',
    owned: true,
    request: async () => ({
      method: 'PUT',
      path: `/v1/cases/${fixtures.draft}/materials/APPLICATION_FORM`,
      body: pdf,
      contentType: 'application/pdf',
    }),
  },
  {
    route: 'DELETE /v1/cases/{caseId}/materials/{materialCode}',
    scope: 'item',
    owned: true,
    request: async () => ({
      method: 'DELETE',
      path: `/v1/cases/${fixtures.draft}/materials/APPLICATION_FORM`,
    }),
  },
  {
    route: 'POST /v1/cases/{caseId}/materials/{materialCode}/upload-url',
    scope: 'item',
    owned: true,
    request: async () => ({
      method: 'POST',
      path: `/v1/cases/${fixtures.draft}/materials/APPLICATION_FORM/upload-url`,
      json: { contentType: 'application/pdf' },
    }),
  },
  {
    route: 'POST /v1/cases/{caseId}/submit',
    scope: 'item',
    owned: true,
    request: async () => ({ method: 'POST', path: `/v1/cases/${fixtures.draft}/submit` }),
  },
  {
    route: 'POST /v1/cases/{caseId}/decisions',
    scope: 'department',
    owned: true,
    request: async () => ({
      method: 'POST',
      path: `/v1/cases/${fixtures.draft}/decisions`,
      json: { department: '药品监督管理', decision: 'APPROVE' },
    }),
  },
  {
    route: 'POST /v1/cases/{caseId}/certificates',
    scope: 'item',
    owned: true,
    request: async () => ({
      method: 'POST',
      path: `/v1/cases/${await cloneApprovedCase(app, fixtures.approvedTemplate)}/certificates`,
      json: {},
    }),
  },
  {
    route: 'GET /v1/certificates/{certificateId}',
    scope: 'item',
    owned: true,
    request: async () => ({ method: 'GET', path: `/v1/certificates/${fixtures.certificateId}` }),
  },
  {
    route: 'GET /v1/certificates/{certificateId}/pdf',
    scope: 'item',
    owned: true,
    request: async () => ({ method: 'GET', path: `/v1/certificates/${fixtures.certificateId}/pdf` }),
  },
  {
    route: 'GET /v1/certificates/{certificateId}/ofd',
    scope: 'item',
    owned: true,
    request: async () => ({ method: 'GET', path: `/v1/certificates/${fixtures.certificateId}/ofd` }),
  },
  {
    route: 'POST /v1/certificates/{certificateId}/notifications',
    scope: 'item',
    owned: true,
    request: async () => ({
      method: 'POST',
      path: `/v1/certificates/${fixtures.certificateId}/notifications`,
      json: { mobile: '13800138000' },
    }),
  },
  ...['revoke', 'suspend', 'reinstate', 'reissue'].map(
    (verb): Row => ({
      route: `POST /v1/certificates/{certificateId}/${verb}`,
      scope: 'item',
      owned: true,
      request: async () => ({
        method: 'POST',
        path: `/v1/certificates/${await freshCertificate()}/${verb}`,
        json: { reason: '授权测试' },
      }),
    }),
  ),
  ...['checkpoints', 'export'].map(
    (name): Row => ({
      route: `GET /v1/audit/${name}`,
      scope: 'none',
      owned: false,
      request: async () => ({ method: 'GET', path: `/v1/audit/${name}` }),
    }),
  ),
  {
    route: 'GET /v1/stats',
    scope: 'none',
    owned: false,
    request: async () => ({ method: 'GET', path: '/v1/stats' }),
  },
  {
    // The trail of a case (or licence) is read under the subject's service item, like the subject itself.
    route: 'GET /v1/audit',
    scope: 'item',
    owned: true,
    request: async () => ({ method: 'GET', path: '/v1/audit', query: { subject: fixtures.issued } }),
  },
  {
    route: 'POST /v1/cases/{caseId}/materials/{materialCode}/licence',
    scope: 'item',
    owned: true,
    request: async () => ({
      method: 'POST',
      path: `/v1/cases/${fixtures.draft}/materials/PRODUCTION_LICENCE/licence`,
      json: { consentRef: 'CONSENT-0001' },
    }),
  },
  {
    route: 'GET /v1/service-items/{code}/prefill',
    scope: 'item',
    owned: false,
    request: async () => ({
      method: 'GET',
      path: '/v1/service-items/MEDICAL_DEVICE_EXPORT_CERT/prefill',
      query: { holderCreditCode: '91350100M000100Y43' },
    }),
  },
  {
    // A client's own cases: a key sees only what it created, so there is no other client's object to name.
    route: 'GET /v1/cases',
    scope: 'none',
    owned: false,
    request: async () => ({ method: 'GET', path: '/v1/cases' }),
  },
  {
    route: 'GET /v1/certificates',
    scope: 'none',
    owned: false,
    request: async () => ({
      method: 'GET',
      path: '/v1/certificates',
      query: { holderIdNumber: '11010519491231002X' },
    }),
  },
  {
    route: 'PUT /v1/webhook',
    scope: 'none',
    owned: false,
    request: async () => ({ method: 'PUT', path: '/v1/webhook', json: { url: 'http://127.0.0.1:9/hook' } }),
  },
  {
    route: 'GET /v1/webhook/deliveries',
    scope: 'none',
    owned: false,
    request: async () => ({ method: 'GET', path: '/v1/webhook/deliveries' }),
  },
  {
    route: 'GET /v1/audit/verification',
    scope: 'none',
    owned: false,
    request: async () => ({ method: 'GET', path: '/v1/audit/verification' }),
  },
  {
    route: 'POST /v1/cases/{caseId}/pledge',
    scope: 'item',
    owned: true,
    request: async () => ({
      method: 'POST',
      path: `/v1/cases/${fixtures.draft}/pledge`,
      json: { signatory: '张三丰', accepted: true },
    }),
  },
  {
    route: 'POST /v1/cases/{caseId}/pledge-check',
    scope: 'department',
    owned: true,
    request: async () => ({
      method: 'POST',
      path: `/v1/cases/${fixtures.draft}/pledge-check`,
      json: { department: '药品监督管理', outcome: 'CONFIRMED' },
    }),
  },
  {
    // A client's own checks only: the list has no other client's object to name.
    route: 'GET /v1/pledge-checks',
    scope: 'none',
    owned: false,
    request: async () => ({ method: 'GET', path: '/v1/pledge-checks' }),
  },
  {
    // An upload is the client's own and names no service item (the job that uses it does).
    route: 'POST /v1/bulk-issuances/uploads',
    scope: 'none',
    owned: false,
    request: async () => ({ method: 'POST', path: '/v1/bulk-issuances/uploads' }),
  },
  {
    route: 'POST /v1/bulk-issuances',
    scope: 'item',
    owned: false,
    request: async () => ({ method: 'POST', path: '/v1/bulk-issuances', json: bulkRequest }),
  },
  {
    route: 'GET /v1/bulk-issuances/{bulkId}',
    scope: 'item',
    owned: true,
    request: async () => ({ method: 'GET', path: `/v1/bulk-issuances/${await ownBulkJob()}` }),
  },
];

/** A bulk job of the owner (its rows are not run here: the queue only collects; test/integration/bulk runs them). */
const bulkRequest = {
  serviceItemCode: 'MEDICAL_DEVICE_EXPORT_CERT',
  basis: { reference: '存量证照电子化' },
  rows: [{ holder: { name: '张三丰' }, fields: {} }],
};
let bulkJob: string | undefined;
async function ownBulkJob(): Promise<string> {
  app.deps.bulk.queue = { send: async () => undefined };
  bulkJob ??= (await app.call('POST', '/v1/bulk-issuances', { json: bulkRequest })).body.bulkId as string;
  return bulkJob;
}

async function send(request: UpstreamRequest, key: string | null, extraHeaders: Record<string, string> = {}) {
  return app.call(request.method, request.path, {
    key,
    headers: extraHeaders,
    ...(request.json !== undefined ? { json: request.json } : {}),
    ...(request.body
      ? { body: request.body, contentType: request.contentType ?? 'application/octet-stream' }
      : {}),
    ...(request.query ? { query: request.query } : {}),
  });
}

const served = new Set(
  everyRoute()
    .filter((r) => r.access === 'upstream')
    .map((r) => `${r.method} ${r.path}`),
);

const expectError = (reply: Awaited<ReturnType<typeof send>>, status: number, code?: string) => {
  expect(reply.status, reply.text).toBe(status);
  expect(reply.body.error.requestId).toBe(reply.headers['x-request-id']);
  if (code) expect(reply.body.error.code).toBe(code);
};

describe('authorization matrix of the upstream routes', () => {
  it('covers every upstream route the handler modules serve', () => {
    // Assess
    expect([...served].filter((route) => !rows.some((r) => r.route === route))).toEqual([]);
  });

  // Rows for routes not (yet) registered in a handler module are left out rather than failing.
  for (const row of rows.filter((r) => served.has(r.route))) {
    it(`${row.route}: no key → 401`, async () => {
      expectError(await send(await row.request(), null), 401, 'UNAUTHENTICATED');
    });

    it(`${row.route}: wrong or malformed key → 401`, async () => {
      // Prepare
      const request = await row.request();

      // Act
      const unknown = await send(request, 'zz_unknown_0123456789abcdef0123456789');
      const malformed = await send(request, null, { authorization: 'Basic dXNlcjpwYXNz' });

      // Assess
      expectError(unknown, 401, 'UNAUTHENTICATED');
      expectError(malformed, 401, 'UNAUTHENTICATED');
      expect(unknown.headers['www-authenticate']).toMatch(/^Bearer/);
    });

    if (row.scope !== 'none') {
      const test = it;
      test(`${row.route}: a key without the ${row.scope === 'item' ? 'service item' : 'department'} → 403`, async () => {
        // Act
        const reply = await send(
          await row.request(),
          row.scope === 'item' ? app.keys.noItem : app.keys.noDepartment,
        );

        // Assess
        expectError(reply, 403);
        expect(reply.body.error.code).toMatch(/^FORBIDDEN_/);
      });
    }

    if (row.owned) {
      it(`${row.route}: another client's object → ${row.route === 'GET /v1/audit' ? 'nothing shown' : '404'}`, async () => {
        // Act
        const reply = await send(await row.request(), app.keys.other);

        // Assess: the audit listing answers an unknown subject with no entries (it does not confirm ids).
        if (row.route === 'GET /v1/audit') expect(reply.body).toEqual({ entries: [] });
        else expectError(reply, 404);
      });
    }
  }
});
