/** The local stats feed's consumer: batches one at a time, in order; a failed batch retried, then dropped. */
import { describe, expect, it } from 'vitest';
import type { ChangeRecord } from '../../../bin/local/dynamo-change-feed.js';
import { ChangeFeedConsumer } from '../../../bin/local/stats-feed.js';

const batch = (id: string) => [{ eventID: id } as ChangeRecord];

describe('ChangeFeedConsumer', () => {
  it('keeps batches until started, then handles them in order, one at a time', async () => {
    // Prepare
    const seen: string[] = [];
    let running = 0;
    let overlapped = false;
    const consumer = new ChangeFeedConsumer({
      invoke: async (event) => {
        overlapped ||= running > 0;
        running++;
        await new Promise((resolve) => setTimeout(resolve, 5));
        seen.push(event.Records[0]?.eventID ?? '');
        running--;
      },
      log: () => undefined,
    });
    consumer.push(batch('a'));
    consumer.push(batch('b'));
    // Act
    await new Promise((resolve) => setTimeout(resolve, 20));
    const beforeStart = [...seen];
    consumer.start();
    consumer.push(batch('c'));
    const totals = await consumer.idle();
    // Assess
    expect(beforeStart).toEqual([]);
    expect(seen).toEqual(['a', 'b', 'c']);
    expect(overlapped).toBe(false);
    expect(totals).toEqual({ batches: 3, records: 3, dropped: 0 });
  });

  it('retries a failed batch, and drops it (logged) after its last attempt', async () => {
    // Prepare
    const attempts: string[] = [];
    const logged: string[] = [];
    const consumer = new ChangeFeedConsumer({
      invoke: async (event) => {
        const id = event.Records[0]?.eventID ?? '';
        attempts.push(id);
        if (id === 'poison' || attempts.filter((a) => a === id).length < 2) throw new Error(`fail ${id}`);
      },
      log: (line) => logged.push(line),
      attempts: 3,
      backoffMs: 1,
    });
    consumer.start();
    // Act
    consumer.push(batch('flaky'));
    consumer.push(batch('poison'));
    const totals = await consumer.idle();
    // Assess
    expect(attempts).toEqual(['flaky', 'flaky', 'poison', 'poison', 'poison']);
    expect(totals).toEqual({ batches: 1, records: 1, dropped: 1 });
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain('dropped after 3 attempts');
  });
});
