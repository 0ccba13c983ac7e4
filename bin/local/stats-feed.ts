/**
 * The local runtime's statistics feed: the DynamoDB gateway's change feed of the cases table
 * (dynamo-change-feed.ts) → the same `stats-stream` handler module that the cases table's DynamoDB stream
 * invokes on AWS. Batches are handled one at a time, in order, like a stream shard's; a failed batch is
 * retried (the aggregator adds a batch once, so a retry never counts twice) and after its last attempt
 * logged and dropped — the dead-letter queue's part on AWS. `POST /local/jobs/stats-feed` waits until every
 * write answered before it has been aggregated (tests and the bench call it instead of sleeping).
 */
import type { ChangeRecord } from './dynamo-change-feed.js';

export const STATS_FEED_JOB = 'stats-feed';

/** Options of `ChangeFeedConsumer`. */
export interface ChangeFeedConsumerOptions {
  /** One batch, as a Lambda invocation with a DynamoDB stream event. */
  invoke: (event: { Records: ChangeRecord[] }) => Promise<unknown>;
  log: (line: string) => void;
  /** Attempts per batch. @default 5 */
  attempts?: number;
  /** Wait before the first retry, doubled after each. @default 100 */
  backoffMs?: number;
}

/** What the consumer has handled since it started. */
export interface FeedTotals {
  batches: number;
  records: number;
  /** Batches given up after their last attempt. */
  dropped: number;
}

/** Takes batches as the feed delivers them and invokes the handler with each, one at a time. */
export class ChangeFeedConsumer {
  readonly #options: ChangeFeedConsumerOptions;
  readonly #queue: ChangeRecord[][] = [];
  readonly #idle: Array<() => void> = [];
  readonly #totals: FeedTotals = { batches: 0, records: 0, dropped: 0 };
  #started = false;
  #running = false;

  constructor(options: ChangeFeedConsumerOptions) {
    this.#options = options;
  }

  /** Queues a batch (kept until `start`: the handlers need their configuration first). */
  push(records: ChangeRecord[]): void {
    if (records.length === 0) return;
    this.#queue.push(records);
    this.#pump();
  }

  start(): void {
    this.#started = true;
    this.#pump();
  }

  /** Resolves once every batch queued so far is handled. */
  idle(): Promise<FeedTotals> {
    if (!this.#running && (this.#queue.length === 0 || !this.#started))
      return Promise.resolve({ ...this.#totals });
    return new Promise((resolve) => this.#idle.push(() => resolve({ ...this.#totals })));
  }

  #pump(): void {
    if (this.#running || !this.#started) return;
    const batch = this.#queue.shift();
    if (!batch) {
      for (const resolve of this.#idle.splice(0)) resolve();
      return;
    }
    this.#running = true;
    this.#handle(batch).finally(() => {
      this.#running = false;
      this.#pump();
    });
  }

  async #handle(batch: ChangeRecord[]): Promise<void> {
    const attempts = this.#options.attempts ?? 5;
    let wait = this.#options.backoffMs ?? 100;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#options.invoke({ Records: batch });
        this.#totals.batches += 1;
        this.#totals.records += batch.length;
        return;
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        if (attempt >= attempts) {
          this.#totals.dropped += 1;
          this.#options.log(
            `stats feed: batch of ${batch.length} records dropped after ${attempts} attempts (${reason})`,
          );
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, wait));
        wait *= 2;
      }
    }
  }
}

let settle: (() => Promise<FeedTotals>) | undefined;

/** The runtime's way to bring the feed up to date (flush the gateway's pending records, then wait). */
export function setStatsFeedSettler(settler: (() => Promise<FeedTotals>) | undefined): void {
  settle = settler;
}

/** Waits until every write answered so far has been aggregated; the totals since the runtime started. */
export async function settleStatsFeed(): Promise<FeedTotals> {
  if (!settle) return { batches: 0, records: 0, dropped: 0 };
  return settle();
}
