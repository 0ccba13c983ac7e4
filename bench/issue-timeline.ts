/**
 * Where the time of an HTTP issue goes: the storage requests (DynamoDB, S3, KMS) the runtime made while each
 * sequential issue was in flight, as the storage servers timed them (bin/local/request-timings.ts). Per issue:
 * the calls by operation, and how long at least one of them was running (the union of their intervals) — the
 * time the request spent waiting on storage; the rest is the runtime's own work (HTTP, SDK, render, seal).
 */
import type { RequestTiming } from '../bin/local/request-timings.js';
import { quantile, summarize, type Timing } from './stats.js';

/** One issue request as the bench timed it, in milliseconds since the epoch. */
export interface IssueWindow {
  startMs: number;
  endMs: number;
}

/** The storage side of the sequential issues. */
export interface IssueTimeline {
  issues: number;
  /** The issue requests as the bench timed them. */
  request: Timing;
  /** Per issue: time with at least one storage request running. */
  storageBusy: Timing;
  /** Median per issue of the storage requests made one after another (overlapping ones count once). */
  sequentialCalls: number;
  /** Per operation (`dynamodb GetItem`, `s3 PUT object`, `kms Sign`): calls per issue (mean) and server time. */
  operations: Array<{ operation: string; callsPerIssue: number; server: Timing }>;
}

const byValue = (a: number, b: number) => a - b;

/** Length of the union of intervals, and how many disjoint groups they form. */
function union(intervals: Array<[number, number]>): { ms: number; groups: number } {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  let ms = 0;
  let groups = 0;
  let end = Number.NEGATIVE_INFINITY;
  let start = end;
  for (const [from, to] of sorted) {
    if (from > end) {
      if (groups > 0) ms += end - start;
      groups++;
      start = from;
      end = to;
    } else end = Math.max(end, to);
  }
  if (groups > 0) ms += end - start;
  return { ms, groups };
}

/** The window around `started`..`ended` (performance.now() readings), in ms since the epoch. */
export const epochWindow = (started: number, ended: number): IssueWindow => ({
  startMs: performance.timeOrigin + started,
  endMs: performance.timeOrigin + ended,
});

/**
 * The storage requests of `window`: those whose midpoint it holds (the bench and the storage thread are
 * different processes: their clocks agree to well under a call's duration).
 */
export const requestsIn = (window: IssueWindow, timings: RequestTiming[]): RequestTiming[] =>
  timings.filter((t) => {
    const midpoint = t.startMs + t.durationMs / 2;
    return midpoint >= window.startMs && midpoint <= window.endMs;
  });

/**
 * Attributes each storage request to the issue whose window holds its midpoint (the bench and the storage
 * thread are different processes: their clocks agree to well under a call's duration), and summarises.
 */
export function issueTimeline(windows: IssueWindow[], timings: RequestTiming[]): IssueTimeline {
  const busy: number[] = [];
  const sequential: number[] = [];
  const byOperation = new Map<string, number[]>();
  for (const window of windows) {
    const inside = requestsIn(window, timings);
    const covered = union(inside.map((t) => [t.startMs, t.startMs + t.durationMs]));
    busy.push(covered.ms);
    sequential.push(covered.groups);
    for (const t of inside) {
      const key = `${t.service} ${t.operation}`;
      byOperation.set(key, [...(byOperation.get(key) ?? []), t.durationMs]);
    }
  }
  return {
    issues: windows.length,
    request: summarize(windows.map((w) => w.endMs - w.startMs)),
    storageBusy: summarize(busy),
    sequentialCalls: quantile(sequential.sort(byValue), 0.5),
    operations: [...byOperation]
      .map(([operation, samples]) => ({
        operation,
        callsPerIssue: Math.round((samples.length / Math.max(windows.length, 1)) * 100) / 100,
        server: summarize(samples),
      }))
      .sort((a, b) => a.operation.localeCompare(b.operation)),
  };
}
