import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeRequestHash } from '../../functions/http/idempotency.js';
import { IdempotencyClaimLostError } from '../../functions/ports/idempotency-store.js';
import { errorCode, type Options, postEvent, setUpIdempotency } from '../support/idempotency-harness.js';
import { startTestDynamo, type TestDynamo } from '../support/storage.js';

describe('Idempotency-Key middleware on DynamoDB (dynalite)', () => {
  let dynamo: TestDynamo;
  beforeAll(async () => {
    dynamo = await startTestDynamo();
  });
  afterAll(async () => dynamo.close());

  const setUp = (options: Options = {}) => setUpIdempotency(dynamo, options);

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
