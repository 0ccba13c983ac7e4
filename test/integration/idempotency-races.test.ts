/**
 * What an Idempotency-Key does with an answer that is not a success: a client error the same request meets
 * again is kept and replayed; a 409 or a 5xx releases the key; and requests racing the first get its answer
 * or 409 REQUEST_IN_PROGRESS, never a 5xx (they once looped into "idempotency claim kept conflicting").
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCode, type Options, postEvent, setUpIdempotency } from '../support/idempotency-harness.js';
import { startTestDynamo, type TestDynamo } from '../support/storage.js';

describe('Idempotency-Key after an answer that is not a success (dynalite)', () => {
  let dynamo: TestDynamo;
  beforeAll(async () => {
    dynamo = await startTestDynamo();
  });
  afterAll(async () => dynamo.close());

  const setUp = (options: Options = {}) => setUpIdempotency(dynamo, options);

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
      // An instant handler settles while the others are between their put and their read: the timing
      // that looped into a 500.
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
});
