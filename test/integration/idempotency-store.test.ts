import { randomBytes, randomUUID } from 'node:crypto';
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DynamoIdempotencyStore,
  GZIP_THRESHOLD_BYTES,
} from '../../functions/adapters/dynamodb-idempotency-store.js';
import {
  IdempotencyClaimLostError,
  type IdempotencyRecord,
  IdempotencyResponseTooLargeError,
  type StoredResponse,
} from '../../functions/ports/idempotency-store.js';
import { startTestDynamo, type TestDynamo } from '../support/storage.js';

const T0 = Date.parse('2026-03-26T08:00:00Z');

const manualClock = () => {
  let nowMs = T0;
  return {
    now: () => new Date(nowMs),
    advance: (ms: number) => {
      nowMs += ms;
    },
  };
};

const claimAt = (nowMs: number, overrides: Partial<IdempotencyRecord> = {}): IdempotencyRecord => ({
  id: `client-a#${randomUUID()}`,
  requestHash: 'a'.repeat(64),
  status: 'IN_PROGRESS',
  lockedUntil: nowMs + 60_000,
  expiresAtEpoch: Math.floor(nowMs / 1000) + 86_400,
  lockToken: randomUUID(),
  ...overrides,
});

const created = (body: string): StoredResponse => ({
  statusCode: 201,
  headers: { 'content-type': 'application/json; charset=utf-8', location: '/v1/cases/c1' },
  body,
  isBase64Encoded: false,
});

describe('DynamoIdempotencyStore (dynalite)', () => {
  let dynamo: TestDynamo;
  beforeAll(async () => {
    dynamo = await startTestDynamo();
  });
  afterAll(async () => dynamo.close());

  const setUp = () => {
    const clock = manualClock();
    const store = new DynamoIdempotencyStore({
      client: dynamo.doc,
      tableName: dynamo.tables.idempotency,
      clock,
    });
    const rawItem = async (id: string) =>
      (await dynamo.doc.send(new GetCommand({ TableName: dynamo.tables.idempotency, Key: { id } }))).Item;
    return { clock, store, rawItem };
  };

  it('lets exactly one of many concurrent claims on the same id win', async () => {
    // Prepare
    const { store } = setUp();
    const id = `client-a#${randomUUID()}`;
    // Act
    const results = await Promise.all(
      Array.from({ length: 20 }, () => store.claim(claimAt(T0, { id, lockToken: randomUUID() }))),
    );
    // Assess
    expect(results.filter((r) => r.outcome === 'claimed')).toHaveLength(1);
    const winner = await store.get(id);
    for (const r of results.filter((r) => r.outcome === 'exists')) {
      expect(r.outcome === 'exists' && r.record.lockToken).toBe(winner?.lockToken);
    }
  });

  it('reports a claim whose blocking record was released before it could be read as vanished, not an error', async () => {
    // Prepare: the holder releases its claim between the racer's failed put and its read of the record.
    const { store } = setUp();
    const holder = claimAt(T0);
    await store.claim(holder);
    const releasingBeforeRead = new Proxy(dynamo.doc, {
      get: (target, property, receiver) =>
        property === 'send'
          ? async (command: unknown) => {
              if (command instanceof GetCommand) await store.release(holder.id, holder.lockToken);
              return target.send(command as never);
            }
          : Reflect.get(target, property, receiver),
    }) as DynamoDBDocumentClient;
    const racer = new DynamoIdempotencyStore({
      client: releasingBeforeRead,
      tableName: dynamo.tables.idempotency,
      clock: manualClock(),
    });
    // Act
    const result = await racer.claim({ ...holder, lockToken: 'racer' });
    // Assess
    expect(result).toEqual({ outcome: 'vanished' });
    expect(await store.get(holder.id)).toBeUndefined();
  });

  it('never throws while 20 requests claim and release one id over and over at once', async () => {
    // Prepare
    const { store } = setUp();
    const id = `client-a#${randomUUID()}`;
    const cycle = async () => {
      let claimed = 0;
      for (let i = 0; i < 10; i++) {
        const claim = claimAt(T0, { id, lockToken: randomUUID() });
        if ((await store.claim(claim)).outcome !== 'claimed') continue;
        claimed++;
        await store.release(id, claim.lockToken);
      }
      return claimed;
    };
    // Act
    const claims = await Promise.all(Array.from({ length: 20 }, cycle));
    // Assess: every claim was released again, so nothing is left behind.
    expect(claims.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(await store.get(id)).toBeUndefined();
  });

  it('keeps a live claim and hands it over once its lock has run out', async () => {
    // Prepare
    const { store, clock } = setUp();
    const first = claimAt(T0);
    await store.claim(first);
    // Act
    const whileLocked = await store.claim({ ...first, lockToken: 'second' });
    clock.advance(60_001);
    const afterLock = await store.claim({ ...first, lockToken: 'third', lockedUntil: T0 + 120_001 });
    // Assess
    expect(whileLocked).toEqual({ outcome: 'exists', record: first });
    expect(afterLock).toEqual({ outcome: 'claimed' });
    expect((await store.get(first.id))?.lockToken).toBe('third');
  });

  it('completes a claim and returns the stored response on read', async () => {
    // Prepare
    const { store } = setUp();
    const claim = claimAt(T0);
    await store.claim(claim);
    // Act
    await store.complete(claim.id, claim.lockToken, created('{"caseId":"c1","name":"张三"}'));
    // Assess
    expect(await store.get(claim.id)).toEqual({
      ...claim,
      status: 'COMPLETED',
      response: created('{"caseId":"c1","name":"张三"}'),
    });
    expect(await store.claim({ ...claim, lockToken: 'other' })).toMatchObject({
      outcome: 'exists',
      record: { status: 'COMPLETED' },
    });
  });

  it('stores a large body gzip-compressed and returns it byte for byte', async () => {
    // Prepare
    const { store, rawItem } = setUp();
    const claim = claimAt(T0);
    await store.claim(claim);
    const certificates = Array.from({ length: 100 }, (_, i) => ({
      certificateId: `cert-${i}`,
      holder: '张*三',
    }));
    const body = JSON.stringify({ certificates, padding: 'x'.repeat(500_000) });
    // Act
    await store.complete(claim.id, claim.lockToken, created(body));
    // Assess
    expect(body.length).toBeGreaterThan(GZIP_THRESHOLD_BYTES);
    const item = await rawItem(claim.id);
    expect(item?.response?.body).toBeUndefined();
    expect(item?.response?.bodyGzip).toBeInstanceOf(Uint8Array);
    expect((await store.get(claim.id))?.response?.body).toBe(body);
  });

  it('refuses a response too large even when compressed and leaves the claim in progress', async () => {
    // Prepare
    const { store } = setUp();
    const claim = claimAt(T0);
    await store.claim(claim);
    // Act
    const completing = store.complete(
      claim.id,
      claim.lockToken,
      created(randomBytes(400_000).toString('base64')),
    );
    // Assess
    await expect(completing).rejects.toBeInstanceOf(IdempotencyResponseTooLargeError);
    expect((await store.get(claim.id))?.status).toBe('IN_PROGRESS');
  });

  it('refuses to complete or release a claim held under another lock token', async () => {
    // Prepare
    const { store } = setUp();
    const claim = claimAt(T0);
    await store.claim(claim);
    // Act
    const completing = store.complete(claim.id, 'not-mine', created('{}')).catch((error: unknown) => error);
    await store.release(claim.id, 'not-mine');
    // Assess
    expect(await completing).toBeInstanceOf(IdempotencyClaimLostError);
    expect(await store.get(claim.id)).toEqual(claim);
  });

  it('releases its own claim so the key can be claimed again, but never a completed record', async () => {
    // Prepare
    const { store } = setUp();
    const released = claimAt(T0);
    const completed = claimAt(T0);
    await store.claim(released);
    await store.claim(completed);
    await store.complete(completed.id, completed.lockToken, created('{}'));
    // Act
    await store.release(released.id, released.lockToken);
    await store.release(completed.id, completed.lockToken);
    // Assess
    expect(await store.get(released.id)).toBeUndefined();
    expect(await store.claim({ ...released, lockToken: 'retry' })).toEqual({ outcome: 'claimed' });
    expect((await store.get(completed.id))?.status).toBe('COMPLETED');
  });

  it('treats an expired record as absent on read and on claim, although it is still in the table', async () => {
    // Prepare
    const { store, clock, rawItem } = setUp();
    const claim = claimAt(T0, { expiresAtEpoch: Math.floor(T0 / 1000) + 3600 });
    await store.claim(claim);
    await store.complete(claim.id, claim.lockToken, created('{}'));
    // Act
    clock.advance(3601_000);
    const read = await store.get(claim.id);
    const stillStored = await rawItem(claim.id);
    const reclaimed = await store.claim({
      ...claim,
      lockToken: 'after-expiry',
      expiresAtEpoch: Math.floor(T0 / 1000) + 7200,
    });
    // Assess
    expect(read).toBeUndefined();
    expect(stillStored?.status).toBe('COMPLETED');
    expect(reclaimed).toEqual({ outcome: 'claimed' });
  });
});
