/**
 * The local bulk queue has SQS's semantics: every message runs until one run succeeds — a failed run's message
 * comes back after its delay, a thread that dies mid-message is replaced and its messages are delivered again,
 * and what a thread queues joins the queue.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type BulkPool, startBulkPool } from '../../../bin/local/bulk-pool.js';

let pool: BulkPool | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

describe('local bulk pool', () => {
  it('delivers again what failed or died with its thread, until every message has succeeded once', async () => {
    // Prepare
    const dir = await mkdtemp(path.join(tmpdir(), 'zz-bulk-pool-'));
    const log = path.join(dir, 'done.log');
    process.env.BULK_POOL_TEST_LOG = log;
    const lines: string[] = [];
    pool = startBulkPool({
      threads: 2,
      delayScale: 0.01,
      entry: new URL('./bulk-pool-thread.ts', import.meta.url),
      log: (line) => lines.push(line),
    });

    // Act
    await pool.send([
      { kind: 'chunk', bulkId: 'ok', index: 1 },
      { kind: 'chunk', bulkId: `fail-once:${path.join(dir, 'f')}`, index: 2 },
      { kind: 'chunk', bulkId: `die-once:${path.join(dir, 'd')}`, index: 3 },
      { kind: 'finalise', bulkId: 'queue' },
    ]);
    await pool.idle();

    // Assess
    const done = (await readFile(log, 'utf8')).trim().split('\n').sort();
    expect(done).toEqual(
      [
        'ok 1',
        `fail-once:${path.join(dir, 'f')} 2`,
        `die-once:${path.join(dir, 'd')} 3`,
        'queue finalise',
        'ok 99',
      ].sort(),
    );
    expect(lines.some((l) => l.includes('first run fails'))).toBe(true);
    expect(pool.size).toBe(2);
  }, 60_000);
});
