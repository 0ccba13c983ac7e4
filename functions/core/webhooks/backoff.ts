/**
 * When a failed delivery is tried again. The schedule is the one Standard Webhooks recommends ("Retry
 * schedule": immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h): 8 attempts spread over about 27.6 hours,
 * enough to ride out a receiver's maintenance night. After the last one the delivery is FAILED and
 * dead-lettered. No jitter: retries are per event and per client, and a fixed schedule is what the delivery
 * log can promise (`nextAttemptAt`).
 */

/** Seconds to wait before attempt n+1, after attempt n (1-based) failed; the first attempt is at once. */
export const RETRY_DELAYS_SECONDS = [5, 300, 1800, 7200, 18_000, 36_000, 36_000] as const;

/** Attempts in all, the first included. */
export const MAX_ATTEMPTS = RETRY_DELAYS_SECONDS.length + 1;

/** Seconds until the next attempt after `attemptsMade` failed attempts; `undefined` when none is left. */
export function retryDelaySeconds(attemptsMade: number): number | undefined {
  if (!Number.isInteger(attemptsMade) || attemptsMade < 1) return 0;
  return RETRY_DELAYS_SECONDS[attemptsMade - 1];
}
