/**
 * Adaptive back-off of the bulk workers. A throttled dependency (KMS Sign over its quota, DynamoDB over its
 * capacity) must slow the whole fleet, not be hammered by every retry: a throttled chunk waits exponentially
 * longer on each receive (with jitter, so the retries of many chunks spread out), an outage of another kind
 * a short fixed delay. SQS's visibility timeout is the wait on AWS; the local pool's delay queue locally.
 */

/** Errors that mean "too fast", by the names the AWS SDKs give them. */
const THROTTLING = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'LimitExceededException',
  'SlowDown',
]);

/** True when `error` (or its cause) is a throttling error. */
export function isThrottling(error: unknown): boolean {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (THROTTLING.has(e.name)) return true;
  }
  return false;
}

/**
 * Seconds before a failed chunk is tried again: on its `receiveCount`-th failure (1-based), throttled or not;
 * `jitter` in [0, 1).
 */
export function retryDelaySeconds(receiveCount: number, throttled: boolean, jitter: number): number {
  if (!throttled) return 10;
  const base = Math.min(900, 5 * 2 ** Math.min(8, Math.max(0, receiveCount - 1)));
  return Math.round(base * (0.5 + jitter / 2));
}
