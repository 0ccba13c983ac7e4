/**
 * The outer envelope: one error shape with a meaningful status, a generic 500 that hides internals,
 * security headers and the request id on every response — also on early responses of inner middlewares.
 */
import middy, { type MiddlewareObj } from '@middy/core';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../functions/core/errors.js';
import { domainErrorResponse, httpEnvelope } from '../../../functions/http/envelope.js';
import { json } from '../../../functions/http/responses.js';
import type { Context, HttpEvent, HttpResult } from '../../../functions/http/types.js';
import { gatewayEvent, MemoryLogger } from '../../support/fakes.js';

/** The envelope wrapping an inner chain, the way `createHttpHandler` builds every handler. */
function wrapped(
  handle: (event: HttpEvent) => Promise<HttpResult>,
  inner: MiddlewareObj<HttpEvent, HttpResult>[] = [],
  logger = new MemoryLogger(),
) {
  let chain = middy<HttpEvent, HttpResult>();
  for (const m of inner) chain = chain.use(m);
  const innerHandler = chain.handler(handle);
  return middy<HttpEvent, HttpResult>()
    .use(httpEnvelope({ logger, newRequestId: () => 'generated-request-id' }))
    .handler((event, context) => innerHandler(event, context));
}

const context = {} as Context;
const securityHeaders = [
  'strict-transport-security',
  'x-content-type-options',
  'x-frame-options',
  'referrer-policy',
];
const bodyOf = (result: HttpResult) => JSON.parse(result.body ?? '{}');

describe('httpEnvelope', () => {
  it.each([
    ['INVALID', 400],
    ['UNAUTHENTICATED', 401],
    ['FORBIDDEN', 403],
    ['NOT_FOUND', 404],
    ['METHOD_NOT_ALLOWED', 405],
    ['CONFLICT', 409],
    ['TOO_LARGE', 413],
    ['UNSUPPORTED_MEDIA_TYPE', 415],
    ['UNPROCESSABLE', 422],
    ['RATE_LIMITED', 429],
    ['UNAVAILABLE', 503],
  ] as const)('maps a %s domain error to %i in the one error shape', async (kind, status) => {
    // Prepare
    const handler = wrapped(async () => {
      throw new DomainError(kind, 'SOME_CODE', '中文说明', 'English text', { details: { field: 'x' } });
    });

    // Act
    const result = await handler(gatewayEvent({ path: '/x' }), context);

    // Assess
    expect(result.statusCode).toBe(status);
    expect(bodyOf(result)).toEqual({
      error: {
        code: 'SOME_CODE',
        message: '中文说明 / English text',
        details: { field: 'x' },
        requestId: 'gw-request-0001',
      },
    });
    expect(result.headers?.['x-request-id']).toBe('gw-request-0001');
    for (const header of securityHeaders) expect(result.headers?.[header], header).toBeTruthy();
  });

  it('adds Retry-After and WWW-Authenticate where the error calls for them', () => {
    // Act
    const busy = domainErrorResponse(
      new DomainError('CONFLICT', 'REQUEST_IN_PROGRESS', '处理中', 'In progress', { retryAfterSeconds: 2 }),
      'r',
    );
    const unauthenticated = domainErrorResponse(
      new DomainError('UNAUTHENTICATED', 'UNAUTHENTICATED', '无', 'None'),
      'r',
    );

    // Assess
    expect(busy.headers?.['retry-after']).toBe('2');
    expect(unauthenticated.headers?.['www-authenticate']).toMatch(/^Bearer /);
  });

  it('answers an unexpected error with a generic 500 and logs the details instead', async () => {
    // Prepare
    const logger = new MemoryLogger();
    const handler = wrapped(
      async () => {
        throw new Error(
          'ConditionalCheckFailed on table prod-Cases at arn:aws:dynamodb:cn-north-1:123456789012',
        );
      },
      [],
      logger,
    );

    // Act
    const result = await handler(gatewayEvent({ path: '/x' }), context);

    // Assess
    expect(result.statusCode).toBe(500);
    expect(bodyOf(result).error).toEqual({
      code: 'INTERNAL_ERROR',
      message: expect.stringMatching(/^服务内部错误/),
      requestId: 'gw-request-0001',
    });
    expect(result.body).not.toMatch(/arn:|ConditionalCheck|stack|prod-Cases/);
    const logged = logger.lines.find((l) => l.level === 'error');
    expect(JSON.stringify(logged)).toContain('ConditionalCheckFailed');
  });

  it('puts security headers and the request id on an early response of an inner middleware', async () => {
    // Prepare
    const early: MiddlewareObj<HttpEvent, HttpResult> = {
      before: () => json(200, { replayed: true }, { 'idempotent-replayed': 'true' }),
    };
    let handlerRan = false;
    const handler = wrapped(async () => {
      handlerRan = true;
      return json(201, {});
    }, [early]);

    // Act
    const result = await handler(gatewayEvent({ path: '/x' }), context);

    // Assess
    expect(handlerRan).toBe(false);
    expect(result.statusCode).toBe(200);
    expect(result.headers?.['idempotent-replayed']).toBe('true');
    expect(result.headers?.['x-request-id']).toBe('gw-request-0001');
    for (const header of securityHeaders) expect(result.headers?.[header], header).toBeTruthy();
  });

  it.each([
    ['missing', ''],
    ['too short', 'abc'],
    ['carrying a header injection', 'abcdefgh\r\nset-cookie: x=1'],
  ])('generates its own request id when the gateway id is %s', async (_label, gatewayRequestId) => {
    // Prepare
    const handler = wrapped(async () => json(200, { ok: true }));

    // Act
    const result = await handler(gatewayEvent({ path: '/x', gatewayRequestId }), context);

    // Assess
    expect(result.headers?.['x-request-id']).toBe('generated-request-id');
  });

  it('lets a route choose its cache policy but defaults to no-store, and logs the route key, not the path', async () => {
    // Prepare
    const logger = new MemoryLogger();
    const handler = wrapped(
      async (event) => {
        event.routeKey = 'GET /s/{token}';
        return json(200, {}, { 'cache-control': 'public, max-age=300' });
      },
      [],
      logger,
    );
    const plain = wrapped(async () => json(200, {}));

    // Act
    const cached = await handler(gatewayEvent({ path: '/s/secret-token-value' }), context);
    const uncached = await plain(gatewayEvent({ path: '/x' }), context);

    // Assess
    expect(cached.headers?.['cache-control']).toBe('public, max-age=300');
    expect(uncached.headers?.['cache-control']).toBe('no-store');
    expect(JSON.stringify(logger.lines)).not.toContain('secret-token-value');
    expect(logger.lines.at(-1)?.fields).toMatchObject({ routeKey: 'GET /s/{token}', status: 200 });
  });
});
