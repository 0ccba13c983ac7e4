/**
 * One thread of the local bulk worker pool (bin/local/bulk-pool.ts): composes the `bulk-worker` function's
 * dependencies from the environment (as its Lambda does) and runs the messages the pool hands it through the
 * same core code; messages it queues (a chunk's `finalise`) go back to the pool.
 */
import { parentPort } from 'node:worker_threads';
import { isThrottling } from '../../functions/core/bulk/backoff.js';
import { handleBulkMessage } from '../../functions/core/bulk/handle-message.js';
import type { BulkMessage } from '../../functions/core/bulk/model.js';
import { parts } from '../../functions/handlers/bulk-worker.js';
import { sharedDependencies } from '../../functions/handlers/lambda.js';
import { useLocalBulkQueue } from '../../functions/parts/bulk-queue.js';

export type ToThread = { id: number; message: BulkMessage };
export type FromThread =
  | { kind: 'done'; id: number }
  | { kind: 'failed'; id: number; throttled: boolean; error: string }
  | { kind: 'send'; messages: BulkMessage[] };

const port = parentPort;
if (!port) throw new Error('bulk-thread runs as a worker thread');
useLocalBulkQueue({
  send: async (messages) => port.postMessage({ kind: 'send', messages } satisfies FromThread),
});
port.on('message', async ({ id, message }: ToThread) => {
  try {
    await handleBulkMessage(sharedDependencies(parts).bulk, message);
    port.postMessage({ kind: 'done', id } satisfies FromThread);
  } catch (error) {
    port.postMessage({
      kind: 'failed',
      id,
      throttled: isThrottling(error),
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    } satisfies FromThread);
  }
});
