/**
 * DynamoCounters' claimed reservations against dynalite: a repeat of the latest claim (a retry after a lost
 * reply, or the SDK's own retry after a timeout) returns the block it made instead of taking a second one;
 * concurrent claims get disjoint consecutive blocks; statistics added to the same table do not disturb them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCounters } from '../../../functions/adapters/dynamodb-ledger.js';
import { startTestDynamo, type TestDynamo } from '../../support/storage.js';

let dynamo: TestDynamo;
let counters: DynamoCounters;

beforeAll(async () => {
  dynamo = await startTestDynamo();
  counters = new DynamoCounters({ client: dynamo.doc, tableName: dynamo.tables.counters });
});
afterAll(async () => dynamo?.close());

describe('DynamoCounters.reserve with a claim', () => {
  it('returns the same block when the latest claim is repeated, and a new one for the next claim', async () => {
    // Act
    const first = await counters.reserve('serial:claims', 3, 'BATCH-A');
    const repeated = await counters.reserve('serial:claims', 3, 'BATCH-A');
    const next = await counters.reserve('serial:claims', 2, 'BATCH-B');

    // Assess
    expect(first).toBe(1);
    expect(repeated).toBe(1);
    expect(next).toBe(4);
    expect(await counters.read(['serial:claims'])).toEqual({ 'serial:claims': 5 });
  });

  it('continues a counter first taken without claims', async () => {
    // Prepare
    await counters.reserve('serial:mixed', 4);

    // Act
    const claimed = await counters.reserve('serial:mixed', 2, 'BATCH-C');
    const unclaimed = await counters.reserve('serial:mixed', 1);

    // Assess
    expect(claimed).toBe(5);
    expect(unclaimed).toBe(7);
  });

  it('gives 20 concurrent claims disjoint consecutive blocks', async () => {
    // Act
    const firsts = await Promise.all(
      Array.from({ length: 20 }, (_, i) => counters.reserve('serial:race', 3, `BATCH-${i}`)),
    );

    // Assess
    const serials = firsts.flatMap((f) => [f, f + 1, f + 2]).sort((a, b) => a - b);
    expect(serials).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
  });

  it('takes a new block for a claim that is no longer the latest (it cannot be told from a first attempt)', async () => {
    // Prepare
    await counters.reserve('serial:stale', 2, 'BATCH-OLD');
    await counters.reserve('serial:stale', 2, 'BATCH-NEW');

    // Act
    const repeated = await counters.reserve('serial:stale', 2, 'BATCH-OLD');

    // Assess
    expect(repeated).toBe(5);
  });
});
