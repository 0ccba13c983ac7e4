/**
 * The Idempotency-Key contract as the tests check it (API.md, "Any day, any retry"): requests with one key and
 * one body get the first answer or 409 REQUEST_IN_PROGRESS with Retry-After — never a 5xx, whatever the first
 * answer was. Shared by the in-process reliability tests and the e2e tests over HTTP, whose replies carry
 * their headers differently (`header` reads one).
 */
import { expect } from 'vitest';

/** What the check needs of a reply. */
export interface AnsweredReply {
  status: number;
  body: any;
  text: string;
}

/** Reads header `name` (lower case) of a reply. */
export type HeaderOf<R> = (reply: R, name: string) => string | null | undefined;

const isBusy = (reply: AnsweredReply): boolean =>
  reply.status === 409 && reply.body?.error?.code === 'REQUEST_IN_PROGRESS';

/** An answer without what names its own exchange (the request id in an error body). */
export function answerOf(reply: AnsweredReply): { status: number; body: unknown } {
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
export function expectFirstAnswerOrBusy<R extends AnsweredReply>(replies: R[], header: HeaderOf<R>): R {
  for (const reply of replies) expect(reply.status, reply.text).toBeLessThan(500);
  const ran = replies.filter((r) => header(r, 'idempotent-replayed') !== 'true' && !isBusy(r));
  expect(ran.map(answerOf), 'requests that ran').toHaveLength(1);
  const first = ran[0] as R;
  for (const reply of replies) {
    if (reply === first) continue;
    if (isBusy(reply)) {
      expect(Number(header(reply, 'retry-after'))).toBeGreaterThanOrEqual(1);
      continue;
    }
    expect(header(reply, 'idempotent-replayed')).toBe('true');
    expect(answerOf(reply)).toEqual(answerOf(first));
  }
  return first;
}
