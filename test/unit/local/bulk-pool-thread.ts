/**
 * A stand-in thread for the bulk pool's test: behaves by the message's bulkId — `ok` succeeds, `fail-once:F`
 * fails its first run, `die-once:F` kills its thread on its first run (F: a marker file, so the next thread
 * knows), `queue` sends one more message back to the pool. Each success appends `bulkId index` to LOG.
 */
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import type { FromThread, ToThread } from '../../../bin/local/bulk-thread.js';

const port = parentPort;
if (!port) throw new Error('a worker thread');
const log = process.env.BULK_POOL_TEST_LOG ?? '';
port.on('message', ({ id, message }: ToThread) => {
  const [kind, marker = ''] = message.bulkId.split(':');
  if ((kind === 'fail-once' || kind === 'die-once') && !existsSync(marker)) {
    writeFileSync(marker, '');
    if (kind === 'die-once') process.exit(1);
    port.postMessage({ kind: 'failed', id, throttled: false, error: 'first run fails' } satisfies FromThread);
    return;
  }
  if (kind === 'queue')
    port.postMessage({
      kind: 'send',
      messages: [{ kind: 'chunk', bulkId: 'ok', index: 99 }],
    } satisfies FromThread);
  appendFileSync(log, `${message.bulkId} ${message.kind === 'chunk' ? message.index : message.kind}\n`);
  port.postMessage({ kind: 'done', id } satisfies FromThread);
});
