/**
 * Counters whose values may be skipped, reserved a block at a time: a process takes `blockSize` values of such
 * a counter with one write and hands them out from memory, so an issue of one licence does not write the
 * counter item each time (1 WRU per licence before, 1 per block now).
 *
 * Only for counters where an unused value is harmless: token status-list positions. A position taken with a
 * block and never handed out (the process ended first) is an entry no licence holds: it stays 0 in its list
 * like any unused entry. Never for licence serials — every serial must end in a licence or an audited void
 * (issuance-serials.ts), which a value lost with a process would not.
 */
import type { Counters } from '../ports/ledger.js';

interface Pool {
  next: number;
  /** One past the last value of the block. */
  end: number;
}

/** Claims remembered per counter, for a retry after a lost reply (see `Counters.reserve`). */
const REMEMBERED_CLAIMS = 64;

export class PooledCounters implements Counters {
  readonly #inner: Counters;
  readonly #blockSizes: ReadonlyMap<string, number>;
  readonly #pools = new Map<string, Pool>();
  readonly #claims = new Map<string, Map<string, number>>();

  /** `blockSizes`: the pooled counters and the values each block holds; every other counter is passed on. */
  constructor(inner: Counters, blockSizes: Record<string, number>) {
    this.#inner = inner;
    this.#blockSizes = new Map(Object.entries(blockSizes));
  }

  async reserve(name: string, count: number, claim?: string): Promise<number> {
    const blockSize = this.#blockSizes.get(name);
    if (blockSize === undefined) return this.#inner.reserve(name, count, claim);
    const claimed = claim === undefined ? undefined : this.#claims.get(name)?.get(claim);
    if (claimed !== undefined) return claimed;
    const pool = this.#pools.get(name);
    let first: number;
    if (pool && pool.end - pool.next >= count) {
      first = pool.next;
      pool.next += count;
    } else {
      // The rest of the old block is left unused (harmless for a pooled counter, see the module comment).
      const size = Math.max(blockSize, count);
      first = await this.#inner.reserve(name, size, claim);
      this.#pools.set(name, { next: first + count, end: first + size });
    }
    if (claim !== undefined) this.#remember(name, claim, first);
    return first;
  }

  #remember(name: string, claim: string, first: number): void {
    const claims = this.#claims.get(name) ?? new Map<string, number>();
    this.#claims.set(name, claims);
    claims.set(claim, first);
    // Oldest first (insertion order): a retry follows its first attempt closely.
    for (const oldest of claims.keys()) {
      if (claims.size <= REMEMBERED_CLAIMS) break;
      claims.delete(oldest);
    }
  }

  add(deltas: Record<string, number>): Promise<void> {
    return this.#inner.add(deltas);
  }

  read(names: string[]): Promise<Record<string, number>> {
    return this.#inner.read(names);
  }
}
