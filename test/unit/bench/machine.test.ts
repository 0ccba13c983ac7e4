import { describe, expect, it } from 'vitest';
import { cpuTicks, stealPercent } from '../../../bench/machine.js';

describe('CPU steal share (bench)', () => {
  it('is the stolen share of the ticks that passed between two readings', () => {
    // Prepare: 1,000 ticks passed, 57 of them stolen
    const before = { steal: 100, total: 10_000 };
    const after = { steal: 157, total: 11_000 };

    // Act / Assess
    expect(stealPercent(before, after)).toBe(5.7);
  });

  it('is unknown without /proc or when no time passed', () => {
    expect(stealPercent(undefined, { steal: 1, total: 2 })).toBeUndefined();
    expect(stealPercent({ steal: 1, total: 2 }, { steal: 1, total: 2 })).toBeUndefined();
  });

  it('reads this machine’s counters where Linux has them', () => {
    const ticks = cpuTicks();
    if (process.platform !== 'linux') return;
    expect(ticks?.total).toBeGreaterThan(0);
    expect(ticks?.steal).toBeGreaterThanOrEqual(0);
    expect(ticks?.steal).toBeLessThanOrEqual(ticks?.total ?? 0);
  });
});
