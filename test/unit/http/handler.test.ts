/**
 * The shared middy chain of every handler, with synthetic routes and in-memory dependencies: order of the
 * checks (route → auth → body), what a route receives, refusals recorded, idempotency only where asked.
 */
import type { MiddlewareObj } from '@middy/core';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { hashApiKey } from '../../../functions/http/authenticate.js';
import { createHttpHandler, type HttpDependencies } from '../../../functions/http/handler.js';
import { json } from '../../../functions/http/responses.js';
import { defineRoute, type RouteRequest } from '../../../functions/http/route.js';
import type { Context, HttpEvent, HttpResult } from '../../../functions/http/types.js';
import {
  type GatewayRequest,
  gatewayEvent,
  MemoryApiClientStore,
  MemoryLogger,
} from '../../support/fakes.js';

const key = 'zz_test_key_0123456789abcdef';
const seen: RouteRequest[] = [];

const routes = [
  defineRoute<{ greeting: string }>({
    method: 'POST',
    path: '/v1/things/{thingId}',
    operationId: 'postThing',
    summary: 'test',
    tags: [],
    access: 'upstream',
    idempotent: true,
    body: { kind: 'json', schema: z.strictObject({ name: z.string().min(1) }), maxBytes: 64 },
    params: z.object({ thingId: z.string() }),
    responses: {},
    handle: async (request, deps) => {
      seen.push(request);
      return json(201, {
        greeting: `${deps.greeting} ${request.body.name}`,
        thingId: request.params.thingId,
      });
    },
  }),
  defineRoute<{ greeting: string }>({
    method: 'PUT',
    path: '/v1/things/{thingId}/file',
    operationId: 'putFile',
    summary: 'test',
    tags: [],
    access: 'public',
    body: { kind: 'binary', contentTypes: ['application/pdf'], maxBytes: 16 },
    responses: {},
    handle: async (request) => json(200, { bytes: request.rawBody.byteLength }),
  }),
];

async function setup() {
  const apiClients = new MemoryApiClientStore();
  await apiClients.save(hashApiKey(key), {
    clientId: 'c1',
    name: 'c',
    serviceItems: ['*'],
    departments: ['*'],
  });
  const refusals: Array<Record<string, unknown>> = [];
  const idempotencyCalls: string[] = [];
  const idempotency: MiddlewareObj<HttpEvent, HttpResult> = {
    before: (request) => {
      idempotencyCalls.push(request.event.routeKey);
    },
  };
  const http: HttpDependencies = {
    logger: new MemoryLogger(),
    apiClients,
    newRequestId: () => 'generated-id',
    recordRefusedAuthentication: async (refusal) => {
      refusals.push({ ...refusal });
    },
    idempotency,
  };
  const handler = createHttpHandler(routes, { greeting: '你好' }, http);
  const call = async (request: GatewayRequest) => {
    const result = await handler(gatewayEvent(request), {} as Context);
    return { ...result, json: JSON.parse(result.body || '{}') };
  };
  return { call, refusals, idempotencyCalls, apiClients };
}

const authorised = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };

describe('createHttpHandler', () => {
  it('gives the route its decoded params, validated body, client and lower-cased headers', async () => {
    // Prepare
    const { call, idempotencyCalls } = await setup();

    // Act
    const result = await call({
      method: 'POST',
      path: '/v1/things/%E6%B9%98A',
      headers: { ...authorised, 'X-Trace': 'abc' },
      body: '{"name":"张三"}',
    });

    // Assess
    expect(result.statusCode).toBe(201);
    expect(result.json).toEqual({ greeting: '你好 张三', thingId: '湘A' });
    const request = seen.at(-1);
    expect(request?.client?.clientId).toBe('c1');
    expect(request?.headers['x-trace']).toBe('abc');
    expect(request?.event.routeKey).toBe('POST /v1/things/{thingId}');
    expect(idempotencyCalls).toEqual(['POST /v1/things/{thingId}']);
  });

  it('authenticates before reading the body, and records the refusal with route key and request id', async () => {
    // Prepare
    const { call, refusals } = await setup();

    // Act
    const result = await call({
      method: 'POST',
      path: '/v1/things/T1',
      headers: { 'content-type': 'text/plain' },
      body: 'x'.repeat(1000),
    });

    // Assess
    expect(result.statusCode).toBe(401);
    expect(result.json.error.code).toBe('UNAUTHENTICATED');
    expect(result.headers?.['www-authenticate']).toMatch(/^Bearer/);
    expect(refusals).toEqual([
      { reason: 'MISSING', requestId: 'gw-request-0001', routeKey: 'POST /v1/things/{thingId}' },
    ]);
  });

  it('refuses an oversized body with 413, a wrong content type with 415 and bad JSON with 400', async () => {
    // Prepare
    const { call } = await setup();
    const post = (body: string, contentType = 'application/json') =>
      call({
        method: 'POST',
        path: '/v1/things/T1',
        headers: { ...authorised, 'content-type': contentType },
        body,
      });

    // Act
    const tooLarge = await post(JSON.stringify({ name: 'x'.repeat(100) }));
    const wrongType = await post('{"name":"a"}', 'text/plain');
    const badJson = await post('{"name":');
    const badShape = await post('{"name":"","extra":1}');

    // Assess
    expect([tooLarge.statusCode, tooLarge.json.error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    expect([wrongType.statusCode, wrongType.json.error.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    expect([badJson.statusCode, badJson.json.error.code]).toEqual([400, 'INVALID_JSON']);
    expect([badShape.statusCode, badShape.json.error.code]).toEqual([400, 'INVALID_REQUEST']);
    expect(badShape.json.error.details.issues.map((i: { path: string }) => i.path).sort()).toEqual([
      '/',
      '/name',
    ]);
  });

  it('serves public binary routes without a key and without idempotency', async () => {
    // Prepare
    const { call, idempotencyCalls, apiClients } = await setup();

    // Act
    const ok = await call({
      method: 'PUT',
      path: '/v1/things/T1/file',
      headers: { 'content-type': 'application/pdf' },
      body: new Uint8Array(16),
    });
    const tooLarge = await call({
      method: 'PUT',
      path: '/v1/things/T1/file',
      headers: { 'content-type': 'application/pdf' },
      body: new Uint8Array(17),
    });
    const wrongType = await call({
      method: 'PUT',
      path: '/v1/things/T1/file',
      headers: { 'content-type': 'image/png' },
      body: new Uint8Array(4),
    });

    // Assess
    expect([ok.statusCode, ok.json.bytes]).toEqual([200, 16]);
    expect(tooLarge.statusCode).toBe(413);
    expect(wrongType.statusCode).toBe(415);
    expect(idempotencyCalls).toEqual([]);
    expect(apiClients.lookups).toBe(0);
  });

  it('answers unknown paths with 404 and known paths with another method with 405, in the error shape', async () => {
    // Prepare
    const { call } = await setup();

    // Act
    const missing = await call({ path: '/v1/nothing' });
    const wrongMethod = await call({ method: 'DELETE', path: '/v1/things/T1' });

    // Assess
    expect([missing.statusCode, missing.json.error.code]).toEqual([404, 'ROUTE_NOT_FOUND']);
    expect([wrongMethod.statusCode, wrongMethod.json.error.code]).toEqual([405, 'METHOD_NOT_ALLOWED']);
    expect(missing.headers?.['x-request-id']).toBe('gw-request-0001');
    expect(missing.headers?.['x-content-type-options']).toBe('nosniff');
  });
});
