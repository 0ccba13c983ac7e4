/**
 * The Idempotency-Key contract as the reliability tests check it (API.md, "Any day, any retry"): requests
 * with one key and one body get the first answer or 409 REQUEST_IN_PROGRESS with Retry-After — never a 5xx,
 * whatever the first answer was.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'vitest';
import type { CallOptions, ReliabilityApp, Reply } from './app.js';

/** `count` identical requests at once. */
export const race = (count: number, send: () => Promise<Reply>): Promise<Reply[]> =>
  Promise.all(Array.from({ length: count }, send));

const isBusy = (reply: Reply): boolean =>
  reply.status === 409 && reply.body?.error?.code === 'REQUEST_IN_PROGRESS';

/** An answer without what names its own exchange (the request id in an error body). */
export function answerOf(reply: Reply): { status: number; body: unknown } {
  const body = reply.body;
  if (typeof body === 'object' && body !== null && 'error' in body) {
    const { requestId: _own, ...error } = (body as { error: Record<string, unknown> }).error;
    return { status: reply.status, body: { ...body, error } };
  }
  return { status: reply.status, body };
}

/**
 * No reply is a 5xx; exactly one request ran (its reply is the only one neither replayed nor busy); every
 * other reply is that answer replayed, or 409 REQUEST_IN_PROGRESS with a Retry-After of at least 1 s.
 * Returns the first answer.
 */
export function expectFirstAnswerOrBusy(replies: Reply[]): Reply {
  for (const reply of replies) expect(reply.status, reply.text).toBeLessThan(500);
  const ran = replies.filter((r) => r.headers['idempotent-replayed'] !== 'true' && !isBusy(r));
  expect(ran.map(answerOf), 'requests that ran').toHaveLength(1);
  const first = ran[0] as Reply;
  for (const reply of replies) {
    if (reply === first) continue;
    if (isBusy(reply)) {
      expect(Number(reply.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      continue;
    }
    expect(reply.headers['idempotent-replayed']).toBe('true');
    expect(answerOf(reply)).toEqual(answerOf(first));
  }
  return first;
}

/**
 * Sequential retries with the key replay the first answer; the same key with `other` (another body or
 * path) → 409 IDEMPOTENCY_KEY_REUSED.
 */
export async function expectReplayedAndGuarded(
  app: ReliabilityApp,
  first: Reply,
  send: () => Promise<Reply>,
  other: { method: string; path: string; options: CallOptions },
): Promise<void> {
  const retries = [await send(), await send()];
  const reused = await app.call(other.method, other.path, other.options);
  for (const retry of retries) {
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(answerOf(retry)).toEqual(answerOf(first));
  }
  expect([reused.status, reused.body?.error?.code], reused.text).toEqual([409, 'IDEMPOTENCY_KEY_REUSED']);
}

/** How many items a table holds (a scan; the tables of a test's own dynalite are small). */
export async function countItems(app: ReliabilityApp, table: keyof ReliabilityApp['dynamo']['tables']) {
  let count = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await app.dynamo.doc.send(
      new ScanCommand({
        TableName: app.dynamo.tables[table],
        Select: 'COUNT',
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    count += page.Count ?? 0;
    start = page.LastEvaluatedKey;
  } while (start);
  return count;
}
