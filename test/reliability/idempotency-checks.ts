/**
 * The Idempotency-Key contract as the reliability tests check it (API.md, "Any day, any retry"): requests
 * with one key and one body get the first answer or 409 REQUEST_IN_PROGRESS with Retry-After — never a 5xx,
 * whatever the first answer was.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'vitest';
import {
  answerOf,
  expectFirstAnswerOrBusy as expectFirstAnswerOrBusyWith,
} from '../support/idempotent-answers.js';
import type { CallOptions, ReliabilityApp, Reply } from './app.js';

/** `count` identical requests at once. */
export const race = (count: number, send: () => Promise<Reply>): Promise<Reply[]> =>
  Promise.all(Array.from({ length: count }, send));

/** See test/support/idempotent-answers.ts; the in-process replies carry their headers as a record. */
export const expectFirstAnswerOrBusy = (replies: Reply[]): Reply =>
  expectFirstAnswerOrBusyWith(replies, (reply, name) => reply.headers[name]);

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
