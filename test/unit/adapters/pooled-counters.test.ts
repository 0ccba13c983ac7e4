/**
 * PooledCounters: status-list positions a block at a time — distinct values across pools sharing one
 * counter, one counter write per block, a retry with the same claim answered with the same values, and
 * serials (not pooled) passed on untouched.
 */
import { describe, expect, it } from 'vitest';
import { PooledCounters } from '../../../functions/adapters/pooled-counters.js';
import type { Counters } from '../../../functions/ports/ledger.js';
import { MemoryCounters } from '../../support/fakes.js';

/** Counts the writes that reach the counter. */
function counting(inner: Counters): Counters & { calls: number } {
  const counted = {
    calls: 0,
    reserve: (name: string, count: number, claim?: string) => {
      counted.calls += 1;
      return inner.reserve(name, count, claim);
    },
    add: (deltas: Record<string, number>) => inner.add(deltas),
    read: (names: string[]) => inner.read(names),
  };
  return counted;
}

describe('PooledCounters', () => {
  it('hands out distinct positions from blocks, one counter write per block, across processes', async () => {
    // Prepare: two processes sharing one counter
    const shared = counting(new MemoryCounters());
    const a = new PooledCounters(shared, { positions: 4 });
    const b = new PooledCounters(shared, { positions: 4 });

    // Act
    const taken: number[] = [];
    for (let i = 0; i < 6; i++) {
      taken.push(await a.reserve('positions', 1, `a${i}`));
      taken.push(await b.reserve('positions', 1, `b${i}`));
    }
    const batch = await a.reserve('positions', 5, 'a-batch');

    // Assess
    expect(new Set(taken).size).toBe(12);
    expect(shared.calls).toBe(5);
    expect(Array.from({ length: 5 }, (_, i) => batch + i).some((v) => taken.includes(v))).toBe(false);
  });

  it('answers a retry with the same claim with the same values, without another write', async () => {
    // Prepare
    const shared = counting(new MemoryCounters());
    const pooled = new PooledCounters(shared, { positions: 8 });

    // Act
    const first = await pooled.reserve('positions', 2, 'batch-1');
    const again = await pooled.reserve('positions', 2, 'batch-1');
    const next = await pooled.reserve('positions', 2, 'batch-2');

    // Assess
    expect(again).toBe(first);
    expect(next).toBe(first + 2);
    expect(shared.calls).toBe(1);
  });

  it('passes counters it does not pool (licence serials) on, one write each', async () => {
    // Prepare
    const shared = counting(new MemoryCounters());
    const pooled = new PooledCounters(shared, { positions: 8 });

    // Act
    const serials = [
      await pooled.reserve('serial:X:Y', 1, 'b1'),
      await pooled.reserve('serial:X:Y', 1, 'b2'),
    ];

    // Assess
    expect(serials).toEqual([1, 2]);
    expect(shared.calls).toBe(2);
  });
});
