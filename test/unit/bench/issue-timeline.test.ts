import { describe, expect, it } from 'vitest';
import { issueTimeline } from '../../../bench/issue-timeline.js';
import type { RequestTiming } from '../../../bin/local/request-timings.js';

const call = (operation: string, startMs: number, durationMs: number): RequestTiming => ({
  service: operation === 'Sign' ? 'kms' : 'dynamodb',
  operation,
  startMs,
  durationMs,
});

describe('issue timeline (bench)', () => {
  it('attributes calls to the issue in flight and measures the time with at least one running', () => {
    // Prepare: two issues; the first waits on GetItem, then on Sign overlapping a PutItem, then on a
    // transaction; the second only on one GetItem; one call falls between them
    const windows = [
      { startMs: 1000, endMs: 1100 },
      { startMs: 1101, endMs: 1150 },
    ];
    const timings = [
      call('GetItem', 1001, 4),
      call('Sign', 1010, 10),
      call('PutItem', 1015, 10),
      call('TransactWriteItems', 1050, 8),
      call('GetItem', 1100, 1), // midpoint 1100.5: between the issues
      call('GetItem', 1110, 2),
    ];

    // Act
    const timeline = issueTimeline(windows, timings);

    // Assess: 4 + 15 + 8 = 27 ms busy in 3 groups; 2 ms in 1 group
    expect(timeline.issues).toBe(2);
    expect(timeline.storageBusy.minMs).toBeCloseTo(2);
    expect(timeline.storageBusy.p95Ms).toBeCloseTo(27);
    expect(timeline.sequentialCalls).toBe(1); // nearest-rank median of [3, 1]
    expect(timeline.request.meanMs).toBeCloseTo((100 + 49) / 2);
    expect(timeline.operations).toEqual([
      expect.objectContaining({ operation: 'dynamodb GetItem', callsPerIssue: 1 }),
      expect.objectContaining({ operation: 'dynamodb PutItem', callsPerIssue: 0.5 }),
      expect.objectContaining({ operation: 'dynamodb TransactWriteItems', callsPerIssue: 0.5 }),
      expect.objectContaining({ operation: 'kms Sign', callsPerIssue: 0.5 }),
    ]);
  });
});
