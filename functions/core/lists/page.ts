/**
 * Cursor pagination over an index, for the list endpoints: opaque cursors (a store position sealed by
 * `PageCursors`, bound to the list it belongs to), newest first, full pages where the filters the index
 * cannot key on (status, type, scope) leave enough, and a bound on the work one page may cost.
 */
import type { PageCursors } from '../../ports/page-cursors.js';
import { DomainError } from '../errors.js';

/** Items a page holds when the client does not say. */
export const DEFAULT_PAGE_LIMIT = 50;
/** The most items a page may hold. */
export const MAX_PAGE_LIMIT = 100;
/**
 * The most records one page reads from its index: a page whose filters match few records ends early with a
 * `nextCursor` rather than read a whole partition in one request (≈ 10 queries and batch reads of 100).
 */
export const MAX_RECORDS_READ_PER_PAGE = 1000;

/** A page of a list: the items, and the cursor of the next page unless this one is the last. */
export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

/** One page of the store's index from a position (`Ledger.listByHolder`, `CaseStore.listByClient`). */
export type ReadPage<R> = (page: { limit: number; cursor?: string }) => Promise<{
  records: R[];
  nextCursor?: string;
}>;

/** The page limit a client asked for (as text, from the query), or the default; 400 `INVALID_LIMIT` beyond. */
export function pageLimit(limit: string | undefined): number {
  if (limit === undefined) return DEFAULT_PAGE_LIMIT;
  const value = /^\d{1,6}$/.test(limit) ? Number(limit) : Number.NaN;
  if (!(value >= 1 && value <= MAX_PAGE_LIMIT)) {
    throw new DomainError(
      'INVALID',
      'INVALID_LIMIT',
      `每页条数须为 1 到 ${MAX_PAGE_LIMIT} 之间的整数`,
      `limit must be an integer from 1 to ${MAX_PAGE_LIMIT}`,
      { details: { limit: limit.slice(0, 16), max: MAX_PAGE_LIMIT } },
    );
  }
  return value;
}

const invalidCursor = () =>
  new DomainError(
    'INVALID',
    'INVALID_CURSOR',
    '分页游标无效（须原样使用上一页返回的 nextCursor，且查询条件不变）',
    'Invalid cursor: pass the nextCursor of the previous page unchanged, with the same query',
  );

/**
 * Collect one page: read the index from the cursor's position, `limit - kept` records at a time, so that
 * every record read is either shown or filtered out and the next page starts right after the last one
 * read; stop at `limit` items, at the end, or after `MAX_RECORDS_READ_PER_PAGE` records. `keep` filters
 * and maps a record (undefined: not shown). `scope` names the list exactly (client, partition, filters):
 * a cursor opens only for the list that made it, so it can neither be forged nor carried into another.
 */
export async function collectPage<R, T>(options: {
  cursors: PageCursors;
  scope: string;
  cursor: string | undefined;
  limit: number;
  read: ReadPage<R>;
  keep: (record: R) => Promise<T | undefined> | T | undefined;
}): Promise<Page<T>> {
  const { cursors, scope, limit } = options;
  let position: string | undefined;
  if (options.cursor !== undefined) {
    position = await cursors.open(scope, options.cursor);
    if (position === undefined) throw invalidCursor();
  }
  const items: T[] = [];
  let read = 0;
  do {
    const page = await options.read({
      limit: limit - items.length,
      ...(position ? { cursor: position } : {}),
    });
    read += page.records.length;
    for (const record of page.records) {
      const item = await options.keep(record);
      if (item !== undefined) items.push(item);
    }
    position = page.nextCursor;
    // A round that read nothing yet points further (records deleted meanwhile) still counts as work done.
    if (page.records.length === 0) read += limit;
  } while (position !== undefined && items.length < limit && read < MAX_RECORDS_READ_PER_PAGE);
  return { items, ...(position !== undefined ? { nextCursor: await cursors.seal(scope, position) } : {}) };
}

/** The scope string of a list: its parts, unambiguous whatever characters they hold. */
export const listScope = (...parts: Array<string | undefined>): string =>
  JSON.stringify(parts.map((p) => p ?? null));
