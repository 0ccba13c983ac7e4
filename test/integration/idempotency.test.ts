import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import middy from '@middy/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoIdempotencyStore } from '../../functions/adapters/dynamodb-idempotency-store.js';
import { DomainError } from '../../functions/core/errors.js';
import { httpEnvelope } from '../../functions/http/envelope.js';
import {
  computeRequestHash,
  type IdempotencyOptions,
  idempotency,
} from '../../functions/http/idempotency.js';
import type { Context, HttpEvent, HttpResult } from '../../functions/http/types.js';
import type { Clock } from '../../functions/ports/clock.js';
import { IdempotencyClaimLostError } from '../../functions/ports/idempotency-store.js';
import type { Logger } from '../../functions/ports/logger.js';
import { startTestDynamo, type TestDynamo } from '../support/storage.js';

const T0 = Date.parse('2026-03-26T08:00:00Z');

/** A clock the test moves by hand, shared by the store and the middleware. */
const manualClock = () => {
  let nowMs = T0;
  return {
    now: () => new Date(nowMs),
    advance: (ms: number) => {
      nowMs += ms;
    },
  };
};

type EventInput = { key?: string; body?: string; clientId?: string; path?: string; requestId?: string };

const postEvent = ({
  key,
  body = '{"serviceItemCode":"A"}',
  clientId = 'client-a',
  path = '/v1/cases',
  requestId = randomUUID(),
}: EventInput): HttpEvent => ({
  version: '2.0',
  routeKey: `POST ${path}`,
  rawPath: path,
  rawQueryString: '',
  headers: {
    'content-type': 'application/json',
    'x-amzn-trace-id': randomUUID(),
    ...(key === undefined ? {} : { 'idempotency-key': key }),
  },
  requestContext: {
    accountId: 'local',
    apiId: 'local',
    domainName: 'localhost',
    domainPrefix: 'localhost',
    http: { method: 'POST', path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
    requestId,
    routeKey: `POST ${path}`,
    stage: '$default',
    time: '26/Mar/2026:08:00:00 +0000',
    timeEpoch: T0,
  },
  body,
  isBase64Encoded: false,
  client: { clientId, name: clientId, serviceItems: ['*'], departments: ['*'] },
  requestId,
});

/** Collects error log lines (the middleware logs records it could not settle). */
const collectingLogger = () => {
  const errors: { message: string; fields?: Record<string, unknown> }[] = [];
  const ignore = () => undefined;
  const logger: Logger = {
    debug: ignore,
    info: ignore,
    warn: ignore,
    error: (message, fields) => void errors.push({ message, ...(fields ? { fields } : {}) }),
  };
  return { logger, errors };
};

type Behaviour = {
  delayMs: number;
  outcome: 'created' | 'throws' | 'unprocessable' | 'conflict' | 'notFound' | 'huge';
};

type Options = Omit<IdempotencyOptions, 'store' | 'clock' | 'logger'>;

/**
 * The chain of `functions/http/handler.ts`: the envelope (request id, error shape) wraps an inner chain with
 * the idempotency middleware around a handler that counts runs, takes a while, and creates something new
 * (a random id) each run.
 */
const buildHandler = (store: DynamoIdempotencyStore, clock: Clock, options: Options) => {
  const behaviour: Behaviour = { delayMs: 100, outcome: 'created' };
  const { logger, errors } = collectingLogger();
  let runs = 0;
  const route = async (): Promise<HttpResult> => {
    runs++;
    await sleep(behaviour.delayMs);
    if (behaviour.outcome === 'throws') throw new Error('database unavailable');
    if (behaviour.outcome === 'unprocessable')
      return { statusCode: 422, body: '{"error":{"code":"INVALID_FORM","requestId":"first"}}' };
    if (behaviour.outcome === 'conflict')
      throw new DomainError('CONFLICT', 'CASE_NOT_APPROVED', '案件尚未批准', 'The case is not approved');
    if (behaviour.outcome === 'notFound')
      throw new DomainError('NOT_FOUND', 'SERVICE_ITEM_NOT_FOUND', '事项不存在', 'No such service item', {
        details: { serviceItemCode: 'NOPE' },
      });
    const body =
      behaviour.outcome === 'huge'
        ? randomBytes(500_000).toString('base64')
        : JSON.stringify({ caseId: randomUUID() });
    return {
      statusCode: 201,
      headers: { 'content-type': 'application/json', location: '/v1/cases/x' },
      body,
    };
  };
  const inner = middy<HttpEvent, HttpResult>()
    .use(idempotency({ store, clock, logger, pollMs: 10, ...options }))
    .handler(route);
  const outer = middy<HttpEvent, HttpResult>()
    .use(httpEnvelope({ logger, newRequestId: randomUUID }))
    .handler((event, context) => inner(event, context));
  const invoke = (event: HttpEvent) => outer(event, {} as Context) as Promise<HttpResult>;
  return { invoke, behaviour, runs: () => runs, loggedErrors: errors };
};

const errorCode = (response: HttpResult) =>
  (JSON.parse(response.body ?? '{}') as { error?: { code?: string } }).error?.code;

describe('Idempotency-Key middleware on DynamoDB (dynalite)', () => {
  let dynamo: TestDynamo;
  beforeAll(async () => {
    dynamo = await startTestDynamo();
  });
  afterAll(async () => dynamo.close());

  const setUp = (options: Options = {}) => {
    const clock = manualClock();
    const store = new DynamoIdempotencyStore({
      client: dynamo.doc,
      tableName: dynamo.tables.idempotency,
      clock,
    });
    return { clock, store, ...buildHandler(store, clock, options) };
  };

  it('runs the handler once for 10 concurrent identical requests and replays its response to the others', async () => {
    // Prepare
    const { invoke, runs } = setUp();
    const key = randomUUID();
    // Act
    const responses = await Promise.all(Array.from({ length: 10 }, () => invoke(postEvent({ key }))));
    // Assess
    expect(runs()).toBe(1);
    expect(new Set(responses.map((r) => r.statusCode))).toEqual(new Set([201]));
    expect(new Set(responses.map((r) => r.body)).size).toBe(1);
    const replayed = responses.filter((r) => r.headers?.['idempotent-replayed'] === 'true');
    expect(replayed).toHaveLength(9);
    expect(replayed[0]?.headers?.['content-type']).toBe('application/json');
    expect(replayed[0]?.headers?.location).toBe('/v1/cases/x');
  });

  it('answers racing requests with 409 REQUEST_IN_PROGRESS and Retry-After when they may wait less than the first takes', async () => {
    // Prepare
    const { invoke, runs, behaviour } = setUp({ waitForInProgressMs: 20 });
    // Long enough that every racer's wait ends before the first finishes, even on a loaded machine.
    behaviour.delayMs = 1500;
    const key = randomUUID();
    // Act
    const responses = await Promise.all(Array.from({ length: 10 }, () => invoke(postEvent({ key }))));
    const later = await invoke(postEvent({ key }));
    // Assess
    expect(runs()).toBe(1);
    const created = responses.filter((r) => r.statusCode === 201);
    const busy = responses.filter((r) => r.statusCode === 409);
    expect(created).toHaveLength(1);
    expect(created[0]?.headers?.['idempotent-replayed']).toBeUndefined();
    expect(busy).toHaveLength(9);
    for (const r of busy) {
      expect(errorCode(r)).toBe('REQUEST_IN_PROGRESS');
      expect(Number(r.headers?.['retry-after'])).toBeGreaterThanOrEqual(1);
    }
    expect(later.body).toBe(created[0]?.body);
    expect(later.headers?.['idempotent-replayed']).toBe('true');
  });

  it('rejects the same key with a different body or path with 409 IDEMPOTENCY_KEY_REUSED', async () => {
    // Prepare
    const { invoke, runs } = setUp();
    const key = randomUUID();
    await invoke(postEvent({ key, body: '{"serviceItemCode":"A"}' }));
    // Act
    const otherBody = await invoke(postEvent({ key, body: '{"serviceItemCode":"B"}' }));
    const otherPath = await invoke(postEvent({ key, path: '/v1/cases/c1/certificates' }));
    // Assess
    expect([otherBody.statusCode, errorCode(otherBody)]).toEqual([409, 'IDEMPOTENCY_KEY_REUSED']);
    expect([otherPath.statusCode, errorCode(otherPath)]).toEqual([409, 'IDEMPOTENCY_KEY_REUSED']);
    expect(runs()).toBe(1);
  });

  it('treats the same key from another client as an independent request', async () => {
    // Prepare
    const { invoke, runs } = setUp();
    const key = randomUUID();
    const first = await invoke(postEvent({ key, clientId: 'client-a' }));
    // Act
    const second = await invoke(postEvent({ key, clientId: 'client-b' }));
    // Assess
    expect(runs()).toBe(2);
    expect(second.statusCode).toBe(201);
    expect(second.headers?.['idempotent-replayed']).toBeUndefined();
    expect(second.body).not.toBe(first.body);
  });

  it('releases the claim when the handler throws, so a retry with the same key runs', async () => {
    // Prepare
    const { invoke, runs, behaviour } = setUp();
    const key = randomUUID();
    behaviour.outcome = 'throws';
    const failed = await invoke(postEvent({ key }));
    // Act
    behaviour.outcome = 'created';
    const retry = await invoke(postEvent({ key }));
    // Assess
    expect(failed.statusCode).toBe(500);
    expect(retry.statusCode).toBe(201);
    expect(retry.headers?.['idempotent-replayed']).toBeUndefined();
    expect(runs()).toBe(2);
  });

  it('releases the claim after a 409 the handler threw, so a retry with the same key runs', async () => {
    // Prepare
    const { invoke, runs, behaviour } = setUp();
    const key = randomUUID();
    behaviour.outcome = 'conflict';
    const refused = await invoke(postEvent({ key }));
    // Act
    behaviour.outcome = 'created';
    const retry = await invoke(postEvent({ key }));
    // Assess
    expect([refused.statusCode, errorCode(refused)]).toEqual([409, 'CASE_NOT_APPROVED']);
    expect(retry.statusCode).toBe(201);
    expect(runs()).toBe(2);
  });

  it('replays a 422 the handler answered, with the retry’s own request id in the error', async () => {
    // Prepare
    const { invoke, runs, behaviour } = setUp();
    const key = randomUUID();
    behaviour.outcome = 'unprocessable';
    const rejected = await invoke(postEvent({ key }));
    // Act
    behaviour.outcome = 'created';
    const retry = await invoke(postEvent({ key, requestId: 'request-0422' }));
    // Assess
    expect([rejected.statusCode, retry.statusCode]).toEqual([422, 422]);
    expect(retry.headers?.['idempotent-replayed']).toBe('true');
    expect(JSON.parse(retry.body ?? '')).toEqual({
      error: { code: 'INVALID_FORM', requestId: 'request-0422' },
    });
    expect(runs()).toBe(1);
  });

  it('replays a 404 domain error the handler threw exactly as the envelope rendered it the first time', async () => {
    // Prepare
    const { invoke, runs, behaviour } = setUp();
    const key = randomUUID();
    behaviour.outcome = 'notFound';
    const first = await invoke(postEvent({ key, requestId: 'request-first' }));
    // Act
    const retry = await invoke(postEvent({ key, requestId: 'request-retry' }));
    // Assess
    const { requestId: firstId, ...firstError } = JSON.parse(first.body ?? '').error;
    const { requestId: retryId, ...retryError } = JSON.parse(retry.body ?? '').error;
    expect([first.statusCode, retry.statusCode]).toEqual([404, 404]);
    expect(retryError).toEqual(firstError);
    expect(retryError.details).toEqual({ serviceItemCode: 'NOPE' });
    expect([firstId, retryId]).toEqual(['request-first', 'request-retry']);
    expect(retry.headers?.['content-type']).toBe(first.headers?.['content-type']);
    expect(runs()).toBe(1);
  });

  for (const [outcome, status] of [
    ['notFound', 404],
    ['unprocessable', 422],
    ['conflict', 409],
    ['throws', 500],
  ] as const) {
    it(`answers 20 racing requests after a first ${status} with that answer or 409 REQUEST_IN_PROGRESS, never a 5xx`, async () => {
      // Prepare
      const { invoke, runs, behaviour } = setUp();
      behaviour.outcome = outcome;
      behaviour.delayMs = 0;
      const key = randomUUID();
      // Act
      const responses = await Promise.all(Array.from({ length: 20 }, () => invoke(postEvent({ key }))));
      // Assess
      const firsts = responses.filter((r) => r.headers?.['idempotent-replayed'] === undefined);
      const others = responses.filter((r) => !firsts.includes(r));
      const ran = firsts.filter((r) => errorCode(r) !== 'REQUEST_IN_PROGRESS');
      expect(ran.map((r) => r.statusCode)).toEqual(Array(runs()).fill(status));
      for (const r of others) expect(r.statusCode).toBe(status);
      for (const r of firsts.filter((r) => errorCode(r) === 'REQUEST_IN_PROGRESS')) {
        expect(r.statusCode).toBe(409);
        expect(Number(r.headers?.['retry-after'])).toBeGreaterThanOrEqual(1);
      }
      // A kept answer runs the handler once; a released one lets only requests arriving after the release run.
      if (status === 404 || status === 422) expect(runs()).toBe(1);
      expect(responses.filter((r) => (r.statusCode ?? 0) >= 500).length).toBe(status === 500 ? runs() : 0);
    });
  }

  it('re-claims a stale IN_PROGRESS record of a crashed request once its lock has run out', async () => {
    // Prepare: a request claimed the key and crashed before completing.
    const { invoke, runs, clock, store } = setUp({ waitForInProgressMs: 30, lockTimeoutSeconds: 60 });
    const key = randomUUID();
    const event = postEvent({ key });
    const nowMs = clock.now().getTime();
    const crashed = {
      id: `client-a#${key}`,
      requestHash: computeRequestHash(event),
      status: 'IN_PROGRESS' as const,
      lockedUntil: nowMs + 60_000,
      expiresAtEpoch: Math.floor(nowMs / 1000) + 86_400,
      lockToken: 'crashed-request',
    };
    expect(await store.claim(crashed)).toEqual({ outcome: 'claimed' });
    const whileLocked = await invoke(postEvent({ key }));
    // Act
    clock.advance(61_000);
    const afterTimeout = await invoke(postEvent({ key }));
    // Assess
    expect([whileLocked.statusCode, errorCode(whileLocked)]).toEqual([409, 'REQUEST_IN_PROGRESS']);
    expect(afterTimeout.statusCode).toBe(201);
    expect(runs()).toBe(1);
    await expect(
      store.complete(crashed.id, crashed.lockToken, {
        statusCode: 201,
        headers: {},
        body: '',
        isBase64Encoded: false,
      }),
    ).rejects.toBeInstanceOf(IdempotencyClaimLostError);
    expect((await invoke(postEvent({ key }))).body).toBe(afterTimeout.body);
  });

  it('runs again once the completed record has expired (clock past the TTL)', async () => {
    // Prepare
    const { invoke, runs, clock } = setUp({ ttlSeconds: 3600 });
    const key = randomUUID();
    const first = await invoke(postEvent({ key }));
    const withinTtl = await invoke(postEvent({ key }));
    // Act
    clock.advance(3601_000);
    const afterTtl = await invoke(postEvent({ key }));
    // Assess
    expect(withinTtl.body).toBe(first.body);
    expect(afterTtl.statusCode).toBe(201);
    expect(afterTtl.headers?.['idempotent-replayed']).toBeUndefined();
    expect(afterTtl.body).not.toBe(first.body);
    expect(runs()).toBe(2);
  });

  it('matches retries regardless of request id and tracing headers, and replays with the retry’s own request id', async () => {
    // Prepare
    const { invoke, runs } = setUp();
    const key = randomUUID();
    const first = await invoke(postEvent({ key, requestId: 'request-0001' }));
    // Act
    const retry = await invoke(postEvent({ key, requestId: 'request-0002' }));
    // Assess
    expect(runs()).toBe(1);
    expect(first.headers?.['x-request-id']).toBe('request-0001');
    expect(retry.headers?.['x-request-id']).toBe('request-0002');
    expect(retry.body).toBe(first.body);
  });

  it('still returns the handler’s response when it is too large to store, and reports the failure', async () => {
    // Prepare
    const { invoke, behaviour, loggedErrors } = setUp();
    behaviour.outcome = 'huge';
    // Act
    const response = await invoke(postEvent({ key: randomUUID() }));
    // Assess
    expect(response.statusCode).toBe(201);
    expect(response.body?.length).toBeGreaterThan(600_000);
    expect(loggedErrors).toHaveLength(1);
    expect(loggedErrors[0]?.fields?.error).toMatchObject({ name: 'IdempotencyResponseTooLargeError' });
  });
});
