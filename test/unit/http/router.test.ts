/**
 * Route matching and request decoding: path parameters, 404 vs 405, trailing slashes, body limits before
 * decoding, content types, JSON and schema errors as JSON-pointer paths.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import type { DomainError } from '../../../functions/core/errors.js';
import { json } from '../../../functions/http/responses.js';
import type { RouteDefinition } from '../../../functions/http/route.js';
import {
  compileRoutes,
  decodeBody,
  decodeQuery,
  lowerCaseHeaders,
  matchRoute,
  readBody,
} from '../../../functions/http/router.js';
import { gatewayEvent } from '../../support/fakes.js';

const route = (method: RouteDefinition['method'], path: string, extra: Partial<RouteDefinition> = {}) =>
  ({
    method,
    path,
    operationId: `${method}${path}`,
    summary: path,
    tags: [],
    access: 'public',
    body: { kind: 'none' },
    responses: {},
    handle: async () => json(200, {}),
    ...extra,
  }) as RouteDefinition;

const compiled = compileRoutes([
  route('GET', '/v1/cases/{caseId}'),
  route('PUT', '/v1/cases/{caseId}/materials/{materialCode}'),
  route('DELETE', '/v1/cases/{caseId}/materials/{materialCode}'),
  route('GET', '/.well-known/seal-certificates.pem'),
]);

const refusal = (run: () => unknown): DomainError => {
  try {
    run();
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('expected a refusal');
};

afterEach(() => {
  vi.restoreAllMocks();
});

describe('matchRoute', () => {
  it('decodes percent-encoded path parameters', () => {
    // Act
    const match = matchRoute(compiled, 'PUT', '/v1/cases/CASE-1/materials/%E6%B9%98%20A%2FB');

    // Assess
    expect(match.params).toEqual({ caseId: 'CASE-1', materialCode: '湘 A/B' });
  });

  it('round-trips any parameter value through encodeURIComponent', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }), (value) => {
        const match = matchRoute(compiled, 'GET', `/v1/cases/${encodeURIComponent(value)}`);
        return match.params.caseId === value;
      }),
    );
  });

  it('refuses a malformed percent-encoding with 400 INVALID_PATH', () => {
    expect(refusal(() => matchRoute(compiled, 'GET', '/v1/cases/%E6%B9'))).toMatchObject({
      kind: 'INVALID',
      code: 'INVALID_PATH',
    });
  });

  it('answers 404 for an unknown path and 405 with the allowed methods for a known one', () => {
    // Act
    const unknown = refusal(() => matchRoute(compiled, 'GET', '/v1/nothing'));
    const wrongMethod = refusal(() => matchRoute(compiled, 'POST', '/v1/cases/CASE-1/materials/X'));

    // Assess
    expect(unknown).toMatchObject({ kind: 'NOT_FOUND', code: 'ROUTE_NOT_FOUND' });
    expect(wrongMethod).toMatchObject({ kind: 'METHOD_NOT_ALLOWED', code: 'METHOD_NOT_ALLOWED' });
    expect(wrongMethod.details?.allowed).toEqual(['PUT', 'DELETE']);
  });

  it('accepts one trailing slash but not an extra segment or an empty parameter', () => {
    // Act
    const trailing = matchRoute(compiled, 'GET', '/v1/cases/CASE-1/');
    const extra = refusal(() => matchRoute(compiled, 'GET', '/v1/cases/CASE-1/x/y/z'));
    const empty = refusal(() => matchRoute(compiled, 'GET', '/v1/cases/'));

    // Assess
    expect(trailing.params).toEqual({ caseId: 'CASE-1' });
    expect(extra.code).toBe('ROUTE_NOT_FOUND');
    expect(empty.code).toBe('ROUTE_NOT_FOUND');
  });

  it('treats dots in literal segments literally and serves HEAD with the GET route', () => {
    // Act
    const head = matchRoute(compiled, 'HEAD', '/.well-known/seal-certificates.pem');
    const lookalike = refusal(() => matchRoute(compiled, 'GET', '/.well-known/seal-certificatesXpem'));

    // Assess
    expect(head.route.method).toBe('GET');
    expect(lookalike.code).toBe('ROUTE_NOT_FOUND');
  });
});

describe('readBody', () => {
  it('refuses an oversized base64 body with 413 before decoding it', () => {
    // Prepare
    const event = gatewayEvent({ method: 'POST', path: '/x', body: new Uint8Array(2048) });
    const decode = vi.spyOn(Buffer, 'from');

    // Act
    const error = refusal(() => readBody(event, 1024));

    // Assess
    expect(error).toMatchObject({
      kind: 'TOO_LARGE',
      code: 'PAYLOAD_TOO_LARGE',
      details: { maxBytes: 1024 },
    });
    expect(decode).not.toHaveBeenCalled();
  });

  it('counts UTF-8 bytes, not characters, of a text body', () => {
    // Prepare: 400 Chinese characters are 1200 bytes.
    const event = gatewayEvent({ method: 'POST', path: '/x', body: '湘'.repeat(400) });

    // Act
    const error = refusal(() => readBody(event, 1000));

    // Assess
    expect(error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('returns the exact bytes of a body at the limit', () => {
    // Prepare
    const bytes = Uint8Array.from({ length: 1024 }, (_, i) => i % 256);

    // Act
    const read = readBody(gatewayEvent({ method: 'POST', path: '/x', body: bytes }), 1024);

    // Assess
    expect(Buffer.from(read).equals(Buffer.from(bytes))).toBe(true);
  });
});

describe('decodeBody and decodeQuery', () => {
  const schema = z.strictObject({
    applicant: z.strictObject({ name: z.string().min(1), idNumber: z.string().length(18) }),
    items: z.array(z.number()),
  });
  const jsonRoute = route('POST', '/x', {
    body: { kind: 'json', schema, maxBytes: 4096 },
  }) as RouteDefinition<unknown>;
  const post = (body: string | Uint8Array, contentType = 'application/json') => {
    const event = gatewayEvent({
      method: 'POST',
      path: '/x',
      body,
      headers: { 'Content-Type': contentType },
    });
    return () => decodeBody(jsonRoute, event, lowerCaseHeaders(event));
  };

  it('refuses a non-JSON content type with 415', () => {
    expect(refusal(post('a=b', 'application/x-www-form-urlencoded'))).toMatchObject({
      kind: 'UNSUPPORTED_MEDIA_TYPE',
      code: 'UNSUPPORTED_MEDIA_TYPE',
      details: { expected: ['application/json'] },
    });
  });

  it('accepts JSON with parameters in the content type', () => {
    const { body } = post(
      '{"applicant":{"name":"张","idNumber":"11010519491231002X"},"items":[1]}',
      'Application/JSON; charset=UTF-8',
    )();
    expect(body).toEqual({ applicant: { name: '张', idNumber: '11010519491231002X' }, items: [1] });
  });

  it.each([
    ['truncated JSON', '{"applicant":'],
    ['invalid UTF-8', Uint8Array.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])],
  ])('refuses %s with 400 INVALID_JSON', (_label, body) => {
    expect(refusal(post(body))).toMatchObject({ kind: 'INVALID', code: 'INVALID_JSON' });
  });

  it('reports schema failures as JSON-pointer paths', () => {
    // Act
    const error = refusal(post('{"applicant":{"name":"","idNumber":"1"},"items":[1,"two"],"extra":true}'));

    // Assess
    expect(error).toMatchObject({ kind: 'INVALID', code: 'INVALID_REQUEST' });
    const paths = (error.details!.issues as Array<{ path: string }>).map((i) => i.path).sort();
    expect(paths).toEqual(['/', '/applicant/idNumber', '/applicant/name', '/items/1']);
  });

  it('refuses an invalid query with 400 INVALID_QUERY', () => {
    // Prepare
    const queried = route('GET', '/q', {
      query: z.object({ subject: z.string().min(3) }),
    }) as RouteDefinition<unknown>;

    // Act
    const error = refusal(() => decodeQuery(queried, gatewayEvent({ path: '/q', query: { subject: 'x' } })));

    // Assess
    expect(error).toMatchObject({ code: 'INVALID_QUERY' });
    expect((error.details!.issues as Array<{ path: string }>)[0]?.path).toBe('/subject');
  });
});
