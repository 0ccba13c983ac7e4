/**
 * Timing statistics for the bench: every figure is a median and a p95 over repeated runs after a warm-up,
 * because a single timing on a shared 2-core machine says little.
 */
import { performance } from 'node:perf_hooks';

/** Summary of a series of durations in milliseconds. */
export interface Timing {
  n: number;
  medianMs: number;
  p95Ms: number;
  meanMs: number;
  minMs: number;
}

/** The q-quantile (0…1) of sorted values, nearest-rank: a p95 of 30 samples is the 29th. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] as number;
}

/** Median, p95, mean and minimum of `samples` (milliseconds). */
export function summarize(samples: readonly number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((total, value) => total + value, 0);
  return {
    n: sorted.length,
    medianMs: quantile(sorted, 0.5),
    p95Ms: quantile(sorted, 0.95),
    meanMs: sorted.length ? sum / sorted.length : Number.NaN,
    minMs: sorted[0] ?? Number.NaN,
  };
}

/** Runs `fn` `warmup` times unmeasured, then `iterations` times measured one after another. */
export async function measure(
  fn: () => Promise<unknown> | unknown,
  options: { warmup: number; iterations: number },
): Promise<Timing> {
  for (let i = 0; i < options.warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < options.iterations; i++) {
    const started = performance.now();
    await fn();
    samples.push(performance.now() - started);
  }
  return summarize(samples);
}

/** A ratio rounded to three decimals (NaN when the denominator is missing). */
export const ratio = (numerator: number, denominator: number): number =>
  denominator > 0 ? Math.round((numerator / denominator) * 1000) / 1000 : Number.NaN;

/** `12.3 ms (p95 15.0)` for the console and the tables. */
export const formatTiming = (t: Timing): string =>
  `${t.medianMs.toFixed(1)} ms (p95 ${t.p95Ms.toFixed(1)}, n=${t.n})`;
