import middy from '@middy/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../functions/core/errors.js';
import {
  computeRequestHash,
  idempotency,
  isValidIdempotencyKey,
} from '../../../functions/http/idempotency.js';
import type { Context, HttpEvent, HttpResult } from '../../../functions/http/types.js';
import type { IdempotencyStore } from '../../../functions/ports/idempotency-store.js';

const printable = fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c));
const notPrintable = fc
  .oneof(fc.integer({ min: 0, max: 0x1f }), fc.constant(0x7f), fc.integer({ min: 0x80, max: 0xffff }))
  .map((c) => String.fromCharCode(c));
const validKey = fc.string({ unit: printable, minLength: 1, maxLength: 255 });

const event = (parts: {
  method?: string;
  path?: string;
  body?: string;
  isBase64Encoded?: boolean;
  headers?: Record<string, string>;
  requestId?: string;
  clientId?: string;
}): HttpEvent => ({
  version: '2.0',
  routeKey: '$default',
  rawPath: parts.path ?? '/v1/cases',
  rawQueryString: '',
  headers: parts.headers ?? {},
  requestContext: {
    accountId: 'local',
    apiId: 'local',
    domainName: 'localhost',
    domainPrefix: 'localhost',
    http: {
      method: parts.method ?? 'POST',
      path: parts.path ?? '/v1/cases',
      protocol: 'HTTP/1.1',
      sourceIp: '127.0.0.1',
      userAgent: 'vitest',
    },
    requestId: parts.requestId ?? 'gateway-request',
    routeKey: '$default',
    stage: '$default',
    time: '26/Mar/2026:08:00:00 +0000',
    timeEpoch: 0,
  },
  ...(parts.body === undefined ? {} : { body: parts.body }),
  isBase64Encoded: parts.isBase64Encoded ?? false,
  ...(parts.requestId === undefined ? {} : { requestId: parts.requestId }),
  ...(parts.clientId === undefined
    ? {}
    : { client: { clientId: parts.clientId, name: 'c', serviceItems: ['*'], departments: ['*'] } }),
});

describe('isValidIdempotencyKey', () => {
  it('accepts every key of 1 to 255 printable ASCII characters', () => {
    fc.assert(fc.property(validKey, (key) => isValidIdempotencyKey(key)));
  });

  it('rejects a key containing any character outside printable ASCII', () => {
    fc.assert(
      fc.property(validKey, notPrintable, fc.nat(), (key, bad, at) => {
        const position = at % (key.length + 1);
        const tainted = `${key.slice(0, position)}${bad}${key.slice(position)}`.slice(0, 255);
        return tainted.includes(bad) ? !isValidIdempotencyKey(tainted) : true;
      }),
    );
  });

  it('rejects the empty key and keys longer than 255 characters', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: printable, minLength: 256, maxLength: 600 }),
        (key) => !isValidIdempotencyKey(key),
      ),
    );
    expect(isValidIdempotencyKey('')).toBe(false);
  });
});

describe('computeRequestHash', () => {
  it('ignores headers and request ids, so a retry matches the first attempt', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (body, requestId, trace) => {
        const first = event({ body, requestId: 'first-request', headers: { 'x-amzn-trace-id': 'a' } });
        const retry = event({ body, requestId: `r-${requestId}`, headers: { 'x-amzn-trace-id': trace } });
        return computeRequestHash(first) === computeRequestHash(retry);
      }),
    );
  });

  it('differs whenever the body differs', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        fc.pre(a !== b);
        return computeRequestHash(event({ body: a })) !== computeRequestHash(event({ body: b }));
      }),
    );
  });

  it('differs for another method or path, including bytes shifted between path and body', () => {
    // Prepare
    const base = computeRequestHash(event({ path: '/v1/cases', body: 'x' }));
    // Act
    const otherMethod = computeRequestHash(event({ method: 'PUT', path: '/v1/cases', body: 'x' }));
    const shifted = computeRequestHash(event({ path: '/v1/casesx', body: '' }));
    // Assess
    expect(new Set([base, otherMethod, shifted]).size).toBe(3);
  });

  it('hashes a base64-encoded body as the bytes it encodes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        const encoded = event({ body: Buffer.from(text, 'utf8').toString('base64'), isBase64Encoded: true });
        return computeRequestHash(encoded) === computeRequestHash(event({ body: text }));
      }),
    );
  });

  it('distinguishes binary bodies that differ in a single byte', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 512 }), fc.nat(), (bytes, at) => {
        const flipped = Uint8Array.from(bytes);
        const i = at % bytes.length;
        flipped[i] = (flipped[i] ?? 0) ^ 1;
        const hash = (b: Uint8Array) =>
          computeRequestHash(event({ body: Buffer.from(b).toString('base64'), isBase64Encoded: true }));
        return hash(bytes) !== hash(flipped);
      }),
    );
  });
});

describe('idempotency middleware before the store', () => {
  const untouchableStore: IdempotencyStore = {
    claim: () => Promise.reject(new Error('store must not be used')),
    complete: () => Promise.reject(new Error('store must not be used')),
    release: () => Promise.reject(new Error('store must not be used')),
    get: () => Promise.reject(new Error('store must not be used')),
  };
  const wrap = () =>
    middy<HttpEvent, HttpResult>()
      .use(idempotency({ store: untouchableStore, clock: { now: () => new Date(0) } }))
      .handler(async () => ({ statusCode: 201, body: '{}' }));

  it('rejects an invalid key with 400 INVALID_IDEMPOTENCY_KEY without touching the store', async () => {
    // Prepare
    const handler = wrap();
    const request = event({ clientId: 'c1', headers: { 'Idempotency-Key': 'bad\u0007key' } });
    // Act
    const outcome = await handler(request, {} as Context).catch((error: unknown) => error);
    // Assess
    expect(outcome).toBeInstanceOf(DomainError);
    expect(outcome).toMatchObject({ kind: 'INVALID', code: 'INVALID_IDEMPOTENCY_KEY' });
  });

  it('passes a request without the header through without touching the store', async () => {
    // Prepare
    const handler = wrap();
    // Act
    const response = await handler(event({ clientId: 'c1' }), {} as Context);
    // Assess
    expect(response).toEqual({ statusCode: 201, body: '{}' });
  });

  it('refuses to run without an authenticated client, since keys are scoped per client', async () => {
    // Prepare
    const handler = wrap();
    // Act
    const outcome = await handler(event({ headers: { 'idempotency-key': 'k1' } }), {} as Context).catch(
      (error: unknown) => error,
    );
    // Assess
    expect(outcome).toBeInstanceOf(Error);
    expect(outcome).not.toBeInstanceOf(DomainError);
  });
});
