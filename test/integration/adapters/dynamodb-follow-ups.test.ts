/**
 * DynamoCaseFollowUps against dynalite through the real SDK, on the table built from the shared schema: queue
 * entries read in due order up to a bound (inclusive of entries due at the bound itself), a page at a time,
 * one queue never showing another's; removal; pledge bars that are never shortened and carry their TTL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCaseFollowUps } from '../../../functions/adapters/dynamodb-follow-ups.js';
import { DEFERRED_MATERIALS_QUEUE, pledgeCheckQueue } from '../../../functions/ports/follow-ups.js';
import { readItem, startTestDynamo, type TestDynamo } from '../../support/storage.js';

let dynamo: TestDynamo;
let store: DynamoCaseFollowUps;

beforeAll(async () => {
  dynamo = await startTestDynamo();
  store = new DynamoCaseFollowUps({ client: dynamo.doc, tableName: dynamo.tables.caseFollowUps });
});
afterAll(async () => {
  await dynamo?.close();
});

const caseId = (n: number) => `CASE-01JQZ8Y7X2K4M6N8P0R2T4V6${String(n).padStart(2, '0')}`;

describe('queues of cases by due time', () => {
  it('lists a queue in due order up to and including the bound, a page at a time, and forgets removed entries', async () => {
    // Prepare
    const queue = DEFERRED_MATERIALS_QUEUE;
    const due = ['2026-03-31T15:59:59.999Z', '2026-03-30T15:59:59.999Z', '2026-04-02T15:59:59.999Z'];
    await Promise.all(due.map((at, i) => store.add({ queue, at, caseId: caseId(i) })));
    await store.add({
      queue: pledgeCheckQueue('client-a'),
      at: '2026-03-01T00:00:00.000Z',
      caseId: caseId(9),
    });
    // Adding the same entry again changes nothing.
    await store.add({ queue, at: due[0] as string, caseId: caseId(0) });

    // Act
    const first = await store.list(queue, '2026-03-31T15:59:59.999Z', { limit: 1 });
    const second = await store.list(queue, '2026-03-31T15:59:59.999Z', {
      limit: 1,
      ...(first.nextCursor ? { cursor: first.nextCursor } : {}),
    });
    await store.remove({ queue, at: due[1] as string, caseId: caseId(1) });
    const afterRemoval = await store.list(queue, '2099-01-01T00:00:00.000Z', { limit: 10 });

    // Assess
    expect(first.records).toEqual([{ queue, at: due[1], caseId: caseId(1) }]);
    expect(first.nextCursor).toBeDefined();
    expect(second.records).toEqual([{ queue, at: due[0], caseId: caseId(0) }]);
    expect(afterRemoval.records.map((r) => r.caseId)).toEqual([caseId(0), caseId(2)]);
    expect(afterRemoval.nextCursor).toBeUndefined();
  });

  it('keeps each client’s pledge checks in its own queue', async () => {
    await store.add({
      queue: pledgeCheckQueue('client-b'),
      at: '2026-04-24T15:59:59.999Z',
      caseId: caseId(20),
    });

    const own = await store.list(pledgeCheckQueue('client-b'), '2026-12-31T00:00:00.000Z', { limit: 10 });
    const other = await store.list(pledgeCheckQueue('client-c'), '2026-12-31T00:00:00.000Z', { limit: 10 });

    expect(own.records.map((r) => r.caseId)).toEqual([caseId(20)]);
    expect(other.records).toEqual([]);
  });
});

describe('pledge bars', () => {
  it('records a bar with its TTL a day after it ends, and never shortens it', async () => {
    // Prepare
    const bar = {
      holderKey: 'hk_0123456789abcdef',
      serviceItemCode: 'ROAD_TRANSPORT_BUSINESS_LICENSE',
      barredUntil: '2027-03-26T08:00:00.000Z',
      caseId: caseId(30),
      at: '2026-03-26T08:00:00.000Z',
    };

    // Act
    await store.put(bar);
    await store.put({ ...bar, barredUntil: '2026-12-01T00:00:00.000Z', caseId: caseId(31) });
    const kept = await store.get(bar.holderKey, bar.serviceItemCode);
    await store.put({ ...bar, barredUntil: '2027-06-01T00:00:00.000Z', caseId: caseId(32) });
    const extended = await store.get(bar.holderKey, bar.serviceItemCode);
    const otherItem = await store.get(bar.holderKey, 'TRANSPORT_OVERSIZE_PERMIT');
    const item = await readItem(dynamo, dynamo.tables.caseFollowUps, {
      queue: `PLEDGE_BAR#${bar.holderKey}`,
      entryKey: bar.serviceItemCode,
    });

    // Assess
    expect(kept).toEqual(bar);
    expect(extended).toMatchObject({ barredUntil: '2027-06-01T00:00:00.000Z', caseId: caseId(32) });
    expect(otherItem).toBeUndefined();
    expect(item?.expiresAtEpoch).toBe(Date.parse('2027-06-01T00:00:00.000Z') / 1000 + 86_400);
  });
});
