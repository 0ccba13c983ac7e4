/**
 * Paging for the in-memory stores, as the DynamoDB adapters page their KEYS_ONLY indexes: newest first by a
 * sort attribute, ties by the item's id, `limit` items a page, the position the last item's (sort, id).
 * Also the derived keys the adapters' HMAC and cursor code run on in unit tests (a fixed key, no KMS).
 */
import { createHmac } from 'node:crypto';
import {
  type DerivedKeySource,
  KmsHolderKeys,
  KmsPageCursors,
} from '../../functions/adapters/kms-mac-keys.js';
import type { HolderKeys } from '../../functions/ports/holder-keys.js';
import type { PageCursors } from '../../functions/ports/page-cursors.js';

/** A page of `items` (already filtered to one partition), newest `sortOf` first. */
export function memoryPage<T>(
  items: T[],
  sortOf: (item: T) => string,
  idOf: (item: T) => string,
  page: { limit: number; cursor?: string },
): { records: T[]; nextCursor?: string } {
  const keyOf = (item: T) => JSON.stringify([sortOf(item), idOf(item)]);
  const sorted = [...items].sort((a, b) => (keyOf(a) < keyOf(b) ? 1 : keyOf(a) > keyOf(b) ? -1 : 0));
  const from =
    page.cursor === undefined ? 0 : sorted.findIndex((item) => keyOf(item) < (page.cursor as string));
  const rest = from < 0 ? [] : sorted.slice(from);
  const records = rest.slice(0, page.limit);
  const last = records.at(-1);
  return {
    records: structuredClone(records),
    ...(rest.length > page.limit && last ? { nextCursor: keyOf(last) } : {}),
  };
}

/** Keys derived from a fixed 32-byte key, as `KmsDerivedKeys` derives them from the KMS key. */
export class FixedDerivedKeys implements DerivedKeySource {
  readonly labels: string[] = [];
  constructor(readonly key: Buffer = Buffer.alloc(32, 7)) {}

  async derive(label: string): Promise<Buffer> {
    this.labels.push(label);
    return createHmac('sha256', this.key).update(label).digest();
  }
}

/** The adapters' holder keys and page cursors over `FixedDerivedKeys`. */
export function fixedMacKeys(keys = new FixedDerivedKeys()): {
  holderKeys: HolderKeys;
  pageCursors: PageCursors;
} {
  return { holderKeys: new KmsHolderKeys({ keys }), pageCursors: new KmsPageCursors({ keys }) };
}
