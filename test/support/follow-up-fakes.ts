/** In-memory case follow-ups and pledge bars (functions/ports/follow-ups.ts), ordered as the table orders them. */
import type {
  CaseFollowUps,
  FollowUpEntry,
  PledgeBar,
  PledgeBars,
} from '../../functions/ports/follow-ups.js';

const keyOf = (entry: FollowUpEntry) => `${entry.queue}\u0000${entry.at}#${entry.caseId}`;

export class MemoryCaseFollowUps implements CaseFollowUps, PledgeBars {
  readonly entries = new Map<string, FollowUpEntry>();
  readonly bars = new Map<string, PledgeBar>();

  async add(entry: FollowUpEntry): Promise<void> {
    this.entries.set(keyOf(entry), { ...entry });
  }

  async remove(entry: FollowUpEntry): Promise<void> {
    this.entries.delete(keyOf(entry));
  }

  async list(queue: string, atOrBefore: string, page: { limit: number; cursor?: string }) {
    const due = [...this.entries.entries()]
      .filter(([, e]) => e.queue === queue && e.at <= atOrBefore)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .filter(([key]) => page.cursor === undefined || key > page.cursor);
    const taken = due.slice(0, page.limit);
    const last = taken.at(-1)?.[0];
    return {
      records: taken.map(([, e]) => ({ ...e })),
      ...(due.length > page.limit && last ? { nextCursor: last } : {}),
    };
  }

  /** The entries of one queue, soonest first. */
  queued(queue: string): FollowUpEntry[] {
    return [...this.entries.values()].filter((e) => e.queue === queue).sort((a, b) => (a.at < b.at ? -1 : 1));
  }

  async get(holderKey: string, serviceItemCode: string): Promise<PledgeBar | undefined> {
    return this.bars.get(`${holderKey}/${serviceItemCode}`);
  }

  async put(bar: PledgeBar): Promise<void> {
    const key = `${bar.holderKey}/${bar.serviceItemCode}`;
    const existing = this.bars.get(key);
    if (!existing || existing.barredUntil <= bar.barredUntil) this.bars.set(key, { ...bar });
  }
}
