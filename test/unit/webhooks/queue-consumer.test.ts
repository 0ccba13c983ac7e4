/**
 * The AWS queue consumer with an entry that stands for several events: every delivery out of attempts is
 * named in the dead letter, and a redrive of that dead letter tries exactly those again (fresh round, in the
 * delivery log) and never what was delivered.
 */
import { describe, expect, it } from 'vitest';
import type { RecordedEntry } from '../../../functions/core/events/domain-events.js';
import { MAX_ATTEMPTS } from '../../../functions/core/webhooks/backoff.js';
import {
  type ConsumeOutcome,
  consumeQueuedEntry,
  type FailedDelivery,
} from '../../../functions/core/webhooks/queue-consumer.js';
import { batchOfThree, urlOf } from '../../support/webhook-batch.js';
import type { MemoryWebhookDependencies } from '../../support/webhook-fakes.js';

/** Receive the message as SQS would: again after each postponement, until it is done or dead-lettered. */
async function consumeUntilSettled(
  deps: MemoryWebhookDependencies,
  entry: RecordedEntry,
  redriven?: FailedDelivery[],
): Promise<{ outcome: ConsumeOutcome; receives: number }> {
  for (let receives = 1; receives <= 50; receives++) {
    const outcome = await consumeQueuedEntry(deps, entry, deps.clock.now(), redriven);
    if (!('retryInSeconds' in outcome)) return { outcome, receives };
    deps.clock.advance(outcome.retryInSeconds * 1000);
  }
  throw new Error('the message never settled');
}

const byClient = (failed: FailedDelivery[]) =>
  [...failed].sort((a, b) => a.clientId.localeCompare(b.clientId));

describe('consumeQueuedEntry, one entry standing for three events', () => {
  it('names both deliveries that ran out of attempts (two clients) and delivers the third once', async () => {
    // Prepare: client-a and client-b answer 503 for good, client-c accepts
    const { deps, entry } = await batchOfThree();
    deps.transport.failing.add(urlOf('client-a')).add(urlOf('client-b'));

    // Act
    const { outcome, receives } = await consumeUntilSettled(deps, entry);

    // Assess
    expect(receives).toBe(MAX_ATTEMPTS);
    expect('deadLetter' in outcome && byClient(outcome.failed)).toEqual([
      { eventId: expect.stringMatching(/^evt_[0-9a-f]{32}$/), clientId: 'client-a', redrives: 0 },
      { eventId: expect.stringMatching(/^evt_[0-9a-f]{32}$/), clientId: 'client-b', redrives: 0 },
    ]);
    const records = [...deps.deliveries.items.values()];
    expect(records.map((r) => [r.clientId, r.status, r.attempts]).sort()).toEqual([
      ['client-a', 'FAILED', MAX_ATTEMPTS],
      ['client-b', 'FAILED', MAX_ATTEMPTS],
      ['client-c', 'DELIVERED', 1],
    ]);
    if ('deadLetter' in outcome) {
      const named = new Set(outcome.failed.map((f) => f.eventId));
      const failedIds = records.filter((r) => r.status === 'FAILED').map((r) => r.eventId);
      expect(new Set(failedIds)).toEqual(named);
    }
    expect(deps.transport.postsTo(urlOf('client-a'))).toBe(MAX_ATTEMPTS);
    expect(deps.transport.postsTo(urlOf('client-c'))).toBe(1);
  });

  it('names the failed deliveries again when the message comes back (the dead letter was not sent)', async () => {
    // Prepare
    const { deps, entry } = await batchOfThree();
    deps.transport.failing.add(urlOf('client-a')).add(urlOf('client-b'));
    const first = (await consumeUntilSettled(deps, entry)).outcome;
    const posts = deps.transport.posts.length;

    // Act: SendMessage to the DLQ failed, SQS hands the message out again
    const again = await consumeQueuedEntry(deps, entry, deps.clock.now());

    // Assess: the same deliveries, nothing sent
    expect(again).toEqual(first);
    expect(deps.transport.posts).toHaveLength(posts);
  });

  it('a redrive tries exactly the FAILED deliveries again with a fresh round, never the delivered one (even expired)', async () => {
    // Prepare: dead-lettered as above, then the receivers come back
    const { deps, entry } = await batchOfThree();
    deps.transport.failing.add(urlOf('client-a')).add(urlOf('client-b'));
    const dead = (await consumeUntilSettled(deps, entry)).outcome;
    if (!('deadLetter' in dead)) throw new Error('not dead-lettered');
    deps.transport.failing.clear();
    deps.clock.advance(3 * 86_400_000);
    const posts = deps.transport.posts.length;
    // The delivered one's log entry has expired meanwhile (TTL): the redrive must not route it afresh.
    for (const [key, record] of deps.deliveries.items)
      if (record.clientId === 'client-c') deps.deliveries.items.delete(key);

    // Act: the redriven message (it names the failed deliveries), and a second receive of it
    const redrive = await consumeQueuedEntry(deps, entry, deps.clock.now(), dead.failed);
    const repeated = await consumeQueuedEntry(deps, entry, deps.clock.now(), dead.failed);

    // Assess
    expect(redrive).toEqual({ done: true });
    expect(repeated).toEqual({ done: true });
    const sent = deps.transport.posts.slice(posts).map((p) => p.url);
    expect(sent.sort()).toEqual([urlOf('client-a'), urlOf('client-b')]);
    const records = [...deps.deliveries.items.values()].sort((a, b) => a.clientId.localeCompare(b.clientId));
    expect(records.map((r) => [r.clientId, r.status, r.attempts, r.redrives])).toEqual([
      ['client-a', 'DELIVERED', 1, 1],
      ['client-b', 'DELIVERED', 1, 1],
    ]);
    expect(records[0]?.redrivenAt).toBe(deps.clock.now().toISOString());
    expect(deps.transport.postsTo(urlOf('client-c'))).toBe(1);
  });

  it('a redrive that fails again runs one fresh round, then dead-letters with the new redrive count', async () => {
    // Prepare: client-b comes back, client-a does not
    const { deps, entry } = await batchOfThree();
    deps.transport.failing.add(urlOf('client-a')).add(urlOf('client-b'));
    const dead = (await consumeUntilSettled(deps, entry)).outcome;
    if (!('deadLetter' in dead)) throw new Error('not dead-lettered');
    deps.transport.failing.delete(urlOf('client-b'));

    // Act: the redriven message until it settles, then once more (SQS hands it out again)
    const { outcome, receives } = await consumeUntilSettled(deps, entry, dead.failed);
    const again = await consumeQueuedEntry(deps, entry, deps.clock.now(), dead.failed);

    // Assess: one fresh round for client-a (the same dead letter does not buy a second), client-c untouched
    expect(receives).toBe(MAX_ATTEMPTS);
    expect('deadLetter' in outcome && outcome.failed).toEqual([
      {
        eventId: dead.failed.find((f) => f.clientId === 'client-a')?.eventId,
        clientId: 'client-a',
        redrives: 1,
      },
    ]);
    expect(again).toEqual(outcome);
    expect(deps.transport.postsTo(urlOf('client-a'))).toBe(2 * MAX_ATTEMPTS);
    expect(deps.transport.postsTo(urlOf('client-b'))).toBe(MAX_ATTEMPTS + 1);
    expect(deps.transport.postsTo(urlOf('client-c'))).toBe(1);
  });
});
