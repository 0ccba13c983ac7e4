/**
 * 10,000 generated requests across every route (methods, paths with odd encodings, headers, content types,
 * bodies: random bytes, random JSON, huge numbers, deep nesting, unicode, near-valid payloads) through the
 * real handler chain and composition against dynalite/s3rver: never a 5xx, never a thrown handler, every
 * error in the one error shape with the response's request id.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { medicalForm } from '../fixtures/cases.js';
import { everyRoute, httpEvent, type ReliabilityApp, startReliabilityApp, toReply } from './app.js';
import { issuedCase } from './flows.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);

let app: ReliabilityApp;
let known: { caseId: string; certificateId: string; code: string };

beforeAll(async () => {
  app = await startReliabilityApp({ factory: 'fake' });
  const issued = await issuedCase(app, 2);
  const first = issued.certificates[0];
  if (!first) throw new Error('no licence issued');
  known = { caseId: issued.caseId, certificateId: first.certificateId, code: first.verificationCode };
});
afterAll(async () => {
  await app?.close();
});

const oddSegments = [
  '%',
  '%zz',
  '%00',
  '%2F',
  '%2e%2e',
  '..',
  '.',
  '%E4%B8',
  '%C0%AF',
  '中文',
  'é',
  '%F0%9F%92%A9',
  ' ',
  '%20',
  'CASE-00000000000000000000000000',
  'CERT-00000000000000000000000000',
  // Longer ids (over DynamoDB's 2048-byte key limit) have their own test below: still a 500 (bug reported).
  'A'.repeat(2000),
  "'; DROP TABLE cases; --",
  '<script>alert(1)</script>',
  '\u0000',
  '\uFFFF',
  // A lone surrogate ('\uD800') is left to its own test below: it still gives a 500 (bug reported).
];

/** `undefined`: the route's own method (most requests), else another or a made-up one. */
const methodArbitrary: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 16, arbitrary: fc.constant(undefined) },
  {
    weight: 2,
    arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'PATCH', 'OPTIONS', 'get'),
  },
  { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 10 }) },
);

const segment = (): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constant('KNOWN') },
    { weight: 3, arbitrary: fc.constantFrom(...oddSegments) },
    { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }).map(encodeURIComponent) },
  );

/** A route (method + path) with its parameters filled by known ids, odd encodings or random text. */
const targetArbitrary = (): fc.Arbitrary<{ method: string; path: string }> => {
  // Routes whose cost does not depend on the input (the OpenAPI document, the whole-chain walk) are drawn
  // rarely: thousands of identical calls would only slow the suite down.
  const inputFree = new Set(['/openapi.json', '/v1/audit/verification']);
  const routes = fc.oneof(
    ...everyRoute().map((r) => ({
      weight: inputFree.has(r.path) ? 1 : 20,
      arbitrary: fc.constant({ method: r.method, path: r.path }),
    })),
  );
  const filled = fc
    .tuple(routes, fc.array(segment(), { minLength: 4, maxLength: 4 }), fc.boolean(), methodArbitrary)
    .map(([route, values, trailing, method]) => {
      let i = 0;
      const path = route.path.replace(/\{([A-Za-z]+)\}/g, (_m, name: string) => {
        const value = values[i++] ?? '';
        if (value !== 'KNOWN') return value;
        if (name === 'caseId') return known.caseId;
        if (name === 'certificateId') return known.certificateId;
        if (name === 'materialCode') return 'APPLICATION_FORM';
        if (name === 'code') return 'MEDICAL_DEVICE_EXPORT_CERT';
        return known.code;
      });
      return { method: method ?? route.method, path: trailing ? `${path}/` : path };
    });
  const anyPath = fc.tuple(fc.string({ maxLength: 300 }), methodArbitrary).map(([s, method]) => ({
    method: method ?? 'GET',
    path: `/${s}`,
  }));
  return fc.oneof({ weight: 9, arbitrary: filled }, { weight: 1, arbitrary: anyPath });
};

const deepArray = fc.integer({ min: 1, max: 20_000 }).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`);
const deepObject = fc.integer({ min: 1, max: 5_000 }).map((n) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`);
const hugeNumbers = fc.constantFrom(
  '1e400',
  '-1e400',
  '123456789012345678901234567890123456789',
  '{"certificates":[{"holder":{"name":"张三"},"fields":{},"validUntil":"99999-12-31"}]}',
  '{"serviceItemCode":"MEDICAL_DEVICE_EXPORT_CERT","applicant":{"name":"张三","idNumber":"1e400","mobile":1e400},"form":{}}',
  '{"department":"药品监督管理","decision":"APPROVE","comment":1e400}',
  '-0',
  'NaN',
  '"\\ud800"',
);

/** Bodies that nearly fit the routes' schemas, so validation and the services behind it run too. */
const nearValid = fc.oneof(
  fc.record({
    serviceItemCode: fc.constantFrom('MEDICAL_DEVICE_EXPORT_CERT', 'TRANSPORT_OVERSIZE_PERMIT', 'NOPE', ''),
    applicant: fc.record({
      name: fc.oneof(fc.constant('张三丰'), fc.string({ maxLength: 50 })),
      idNumber: fc.oneof(fc.constant('11010519491231002X'), fc.string({ maxLength: 30 })),
      mobile: fc.oneof(fc.constant('13800138000'), fc.string({ maxLength: 20 })),
    }),
    form: fc.oneof(
      fc.constant(medicalForm(1)),
      fc.dictionary(fc.string({ maxLength: 20 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 }),
    ),
  }),
  fc.record({
    certificates: fc.array(
      fc.record({
        holder: fc.record({ name: fc.string({ unit: 'grapheme', maxLength: 30 }) }),
        fields: fc.dictionary(fc.string({ maxLength: 20 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 }),
        validFrom: fc.constantFrom('2026-01-01', '2026-02-30', '0000-00-00', '9999-12-31'),
      }),
      { maxLength: 3 },
    ),
  }),
  fc.record({
    department: fc.constantFrom('药品监督管理', '公安', ''),
    decision: fc.constantFrom('APPROVE', 'REJECT', 'MAYBE'),
  }),
  fc.record({ reason: fc.string({ unit: 'grapheme', maxLength: 300 }) }),
  fc.record({ mobile: fc.constantFrom('13800138000', '+86 139-0000-1111', '12345678901', '') }),
  fc.record({ contentType: fc.constantFrom('application/pdf', 'image/png', 'x/y') }),
);

type Body = { body?: string; isBase64Encoded?: boolean };
const bodyArbitrary: fc.Arbitrary<Body> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({}) },
  {
    weight: 2,
    arbitrary: fc.uint8Array({ maxLength: 2048 }).map((b) => ({
      body: Buffer.from(b).toString('base64'),
      isBase64Encoded: true,
    })),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }).map((s) => ({ body: s, isBase64Encoded: true })) },
  { weight: 3, arbitrary: fc.json({ maxDepth: 4 }).map((body) => ({ body })) },
  { weight: 1, arbitrary: fc.oneof(deepArray, deepObject, hugeNumbers).map((body) => ({ body })) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 500 }).map((body) => ({ body })) },
  { weight: 3, arbitrary: nearValid.map((v) => ({ body: JSON.stringify(v) })) },
);

const contentTypes = fc.oneof(
  fc.constantFrom(
    'application/json',
    'application/json; charset=utf-8',
    'APPLICATION/JSON',
    'application/pdf',
    'application/octet-stream',
    'text/plain',
    'image/png',
    'multipart/form-data; boundary=x',
    ';;;',
    '',
  ),
  fc.string({ maxLength: 60 }),
);

const headersArbitrary = (keys: ReliabilityApp['keys']) =>
  fc
    .record(
      {
        // Refused keys are the authorization matrix's subject; here most requests get through to the routes.
        authorization: fc.oneof(
          { weight: 24, arbitrary: fc.constant(`Bearer ${keys.owner}`) },
          { weight: 2, arbitrary: fc.constant(`Bearer ${keys.other}`) },
          { weight: 1, arbitrary: fc.constantFrom('Bearer', 'Basic abc', `Bearer ${'x'.repeat(300)}`) },
          { weight: 1, arbitrary: fc.string({ maxLength: 80 }) },
        ),
        'content-type': contentTypes,
        accept: fc.constantFrom('application/json', 'text/html', '*/*', 'application/json, text/html', ''),
        'idempotency-key': fc.oneof(fc.string({ maxLength: 300 }), fc.constant('fuzz-key')),
        'x-extra': fc.string({ maxLength: 100 }),
      },
      { requiredKeys: ['authorization'] },
    )
    .chain((h) =>
      // One request in 30 has no Authorization header at all.
      fc.integer({ min: 1, max: 30 }).map((n) => (n === 1 ? { ...h, authorization: undefined } : h)),
    )
    .map(
      (h) =>
        Object.fromEntries(Object.entries(h).filter(([, v]) => v !== undefined)) as Record<string, string>,
    );

const queryArbitrary = fc.option(
  fc.dictionary(
    fc.constantFrom('code', 'subject', 'x', ''),
    fc.oneof(fc.string({ maxLength: 100 }), fc.constant('KNOWN')),
  ),
  { nil: undefined },
);

describe('request fuzzing through every route', () => {
  it('answers an over-long case or certificate id with a 4xx, not a 500', async () => {
    // Prepare
    const id = 'A'.repeat(5000);
    const paths = [`/v1/cases/${id}`, `/v1/certificates/${id}`, `/v1/certificates/${id}/pdf`];

    // Act
    const replies = await Promise.all(
      paths.map(async (path) =>
        toReply(
          await app.handler(
            httpEvent('GET', path, { headers: { authorization: `Bearer ${app.keys.owner}` } }),
            {} as never,
          ),
        ),
      ),
    );

    // Assess
    for (const reply of replies) expect(reply.status).toBeLessThan(500);
  });

  it('answers a path parameter with a lone surrogate with a 4xx, not a 500', async () => {
    // Prepare
    const paths = ['/verify/\uD800', '/s/\uD800', '/s/\uD800/pdf', '/v1/cases/\uD800'];

    // Act
    const replies = await Promise.all(
      paths.map(async (path) => toReply(await app.handler(httpEvent('GET', path), {} as never))),
    );

    // Assess
    for (const reply of replies) expect(reply.status).toBeLessThan(500);
  });

  it(`answers ${RUNS} generated requests without a 5xx, each error in the one shape with its request id`, async () => {
    // Prepare
    let tried = 0;
    const errorsBefore = app.logger.errors.length;
    const statuses = new Map<number, number>();
    const requests = fc.record({
      target: targetArbitrary(),
      headers: headersArbitrary(app.keys),
      body: bodyArbitrary,
      query: queryArbitrary,
    });

    // Act
    await fc.assert(
      fc.asyncProperty(requests, async (r) => {
        const query = r.query
          ? Object.fromEntries(Object.entries(r.query).map(([k, v]) => [k, v === 'KNOWN' ? known.caseId : v]))
          : undefined;
        const event = httpEvent(r.target.method, r.target.path, {
          headers: r.headers,
          ...(r.body.body !== undefined
            ? { body: r.body.body, isBase64Encoded: r.body.isBase64Encoded ?? false }
            : {}),
          ...(query ? { query } : {}),
        });
        const reply = toReply(await app.handler(event, {} as never));
        tried++;
        statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);

        // Assess (per request)
        expect(reply.status, reply.text.slice(0, 300)).toBeGreaterThanOrEqual(200);
        expect(reply.status, reply.text.slice(0, 300)).toBeLessThan(500);
        const requestId = reply.headers['x-request-id'];
        expect(requestId).toMatch(/^\S{8,128}$/);
        if (reply.status >= 400) {
          if (/text\/html/.test(reply.headers['content-type'] ?? '')) {
            expect(r.target.path.startsWith('/s/')).toBe(true);
          } else {
            expect(reply.body.error).toMatchObject({
              code: expect.stringMatching(/^[A-Z][A-Z0-9_]*$/),
              message: expect.any(String),
              requestId,
            });
          }
        }
      }),
      { numRuns: RUNS, endOnFailure: true },
    );

    // Assess (overall)
    expect(tried).toBe(RUNS);
    expect(app.logger.errors.slice(errorsBefore)).toEqual([]);
    console.info(
      `request fuzzing: ${tried} inputs, statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
  }, 240_000);
});
