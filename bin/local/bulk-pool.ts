/**
 * The local bulk queue and its worker pool: the `bulk-worker` code in `worker_threads`, one per core, fed
 * with SQS's semantics — at-least-once (a message is removed only when its run succeeded; a failed run's
 * message comes back after a delay, a throttled one after an exponentially growing one; a message whose run
 * outlives the visibility timeout, or whose thread died, is delivered again) and no order between messages.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { retryDelaySeconds } from '../../functions/core/bulk/backoff.js';
import type { BulkMessage } from '../../functions/core/bulk/model.js';
import type { BulkQueue } from '../../functions/ports/bulk.js';
import type { FromThread, ToThread } from './bulk-thread.js';

interface Entry {
  id: number;
  message: BulkMessage;
  receives: number;
  notBefore: number;
}

export interface BulkPool extends BulkQueue {
  /** Resolves once no message is queued or running. */
  idle(): Promise<void>;
  /** Threads in the pool. */
  readonly size: number;
  close(): Promise<void>;
}

export interface BulkPoolOptions {
  /** @default the machine's available parallelism (cores) */
  threads?: number;
  /** Messages one thread runs at once (their storage waits overlap). @default 2 */
  perThread?: number;
  /** A run longer than this is presumed dead and its message delivered again. @default 5 min */
  visibilityMs?: number;
  /** Retry delays are SQS's seconds × this (locally shorter). @default 0.1 */
  delayScale?: number;
  /** The thread's module. @default bin/local/bulk-thread.ts (tests give a thread of their own) */
  entry?: URL;
  log: (line: string) => void;
}

/** The worker's entry: from TypeScript sources it first registers tsx (Node 20 does not pass `--import` on). */
function threadEntry(
  url = new URL(import.meta.url.endsWith('.ts') ? './bulk-thread.ts' : './bulk-thread.js', import.meta.url),
): URL {
  if (!url.pathname.endsWith('.ts')) return url;
  return new URL(
    `data:text/javascript,${encodeURIComponent(
      `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))}; register(); ` +
        `await import(${JSON.stringify(url.href)});`,
    )}`,
  );
}

export function startBulkPool(options: BulkPoolOptions): BulkPool {
  const threads = Math.max(1, options.threads ?? availableParallelism());
  const perThread = options.perThread ?? 2;
  const visibilityMs = options.visibilityMs ?? 5 * 60_000;
  const scale = options.delayScale ?? 0.1;
  const ready: Entry[] = [];
  const running = new Map<number, { entry: Entry; slot: Slot; deadline: number }>();
  let nextId = 1;
  let closed = false;
  let waiters: Array<() => void> = [];

  interface Slot {
    worker: Worker;
    busy: number;
  }
  const slots: Slot[] = [];

  const settleIdle = () => {
    if (ready.length > 0 || running.size > 0) return;
    const w = waiters;
    waiters = [];
    for (const resolve of w) resolve();
  };

  const enqueue = (message: BulkMessage, receives = 0, delayMs = 0) => {
    ready.push({ id: nextId++, message, receives, notBefore: Date.now() + delayMs });
    pump();
  };

  const redeliver = (id: number, delayMs: number) => {
    const run = running.get(id);
    if (!run) return;
    running.delete(id);
    run.slot.busy -= 1;
    ready.push({ ...run.entry, notBefore: Date.now() + delayMs });
  };

  function spawn(): Slot {
    const worker = new Worker(threadEntry(options.entry), { env: process.env });
    const slot: Slot = { worker, busy: 0 };
    worker.on('message', (reply: FromThread) => {
      if (reply.kind === 'send') {
        for (const m of reply.messages) enqueue(m);
        return;
      }
      const run = running.get(reply.id);
      if (!run) return; // its visibility ran out and it was delivered again: this late reply changes nothing
      if (reply.kind === 'done') {
        running.delete(reply.id);
        slot.busy -= 1;
      } else {
        options.log(
          `bulk ${run.entry.message.kind} ${run.entry.message.bulkId} failed (${reply.error}); retried`,
        );
        const seconds = retryDelaySeconds(run.entry.receives, reply.throttled, Math.random());
        redeliver(reply.id, seconds * 1000 * scale);
      }
      pump();
    });
    worker.on('error', (error) => options.log(`bulk worker thread died: ${error.message}`));
    worker.on('exit', () => {
      // A dead thread's messages are delivered again (as SQS does once their visibility times out).
      for (const [id, run] of running) if (run.slot === slot) redeliver(id, 0);
      const at = slots.indexOf(slot);
      if (at >= 0) slots.splice(at, 1);
      if (!closed) slots.push(spawn());
      pump();
    });
    return slot;
  }
  for (let i = 0; i < threads; i++) slots.push(spawn());

  let timer: NodeJS.Timeout | undefined;
  function pump() {
    if (closed) return;
    const now = Date.now();
    for (const [id, run] of running) if (run.deadline < now) redeliver(id, 0);
    for (const slot of slots) {
      while (slot.busy < perThread) {
        const at = ready.findIndex((e) => e.notBefore <= now);
        if (at < 0) break;
        const [entry] = ready.splice(at, 1) as [Entry];
        entry.receives += 1;
        slot.busy += 1;
        running.set(entry.id, { entry, slot, deadline: now + visibilityMs });
        slot.worker.postMessage({ id: entry.id, message: entry.message } satisfies ToThread);
      }
    }
    if (timer) clearTimeout(timer);
    const soonest = Math.min(
      ...ready.map((e) => e.notBefore),
      ...[...running.values()].map((r) => r.deadline),
    );
    if (Number.isFinite(soonest)) {
      timer = setTimeout(pump, Math.max(10, soonest - Date.now()));
      timer.unref();
    }
    settleIdle();
  }

  return {
    size: threads,
    async send(messages) {
      for (const m of messages) enqueue(m);
    },
    idle: () =>
      new Promise<void>((resolve) => {
        waiters.push(resolve);
        settleIdle();
      }),
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}
