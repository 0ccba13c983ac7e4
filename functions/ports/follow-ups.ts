/**
 * Follow-ups of cases, in one small table (`caseFollowUps`, functions/adapters/schema.ts): queues of cases by a
 * due time — deferred materials (容缺受理) for the job that reminds and returns, pledge checks (事后核查) per
 * client for departments — and the bars of holders whose pledge proved false.
 *
 * Queue entries are an index, not the record: the case is. A writer adds the entry before the case write that
 * makes it due (a failed case write leaves a stale entry, never a due case without one), and readers check
 * the case and drop entries it no longer backs.
 */

/** The queue of cases with deferred materials outstanding (the `deferred-materials` job reads it). */
export const DEFERRED_MATERIALS_QUEUE = 'DEFERRED_MATERIALS';
/** The queue of a client's pledge checks (`GET /v1/pledge-checks`): never another client's. */
export const pledgeCheckQueue = (clientId: string) => `PLEDGE_CHECKS#${clientId}`;

/** One case in one queue, due at `at` (ISO 8601). */
export interface FollowUpEntry {
  queue: string;
  at: string;
  caseId: string;
}

export interface CaseFollowUps {
  /** Index the case in the queue at `at`; adding the same entry again changes nothing. */
  add(entry: FollowUpEntry): Promise<void>;
  /** Remove the entry (absent: nothing happens). */
  remove(entry: FollowUpEntry): Promise<void>;
  /**
   * Entries of `queue` due at or before `atOrBefore`, soonest first, a page at a time: at most `limit`
   * entries, `nextCursor` absent only at the end (a store position, not sealed).
   */
  list(
    queue: string,
    atOrBefore: string,
    page: { limit: number; cursor?: string },
  ): Promise<{ records: FollowUpEntry[]; nextCursor?: string }>;
}

/** A holder barred from pledging for a service item (信用约束 after a false pledge) until `barredUntil`. */
export interface PledgeBar {
  /** `HolderKeys.holderKey` of the holder: the table never holds the document number itself. */
  holderKey: string;
  serviceItemCode: string;
  barredUntil: string;
  /** The case whose pledge proved false, and when that was recorded. */
  caseId: string;
  at: string;
}

export interface PledgeBars {
  get(holderKey: string, serviceItemCode: string): Promise<PledgeBar | undefined>;
  /** Record a bar; an existing bar that lasts longer is kept (a bar is never shortened). */
  put(bar: PledgeBar): Promise<void>;
}
