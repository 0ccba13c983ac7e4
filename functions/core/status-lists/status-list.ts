/**
 * The licences' places in IETF Token Status Lists (draft-ietf-oauth-status-list): each licence gets one
 * 2-bit entry at issuance, in a list ("shard") of 2^20 entries. Positions come from one counter reserved with
 * the licence serials (issuance-reservation.ts), so an entry is never given twice: position p is entry
 * p mod 2^20 of list ⌊p / 2^20⌋. A list always has all 2^20 entries (unused ones 0), so its size says nothing
 * about how many licences it holds, and every licence of a list shares the same crowd (the draft's herd privacy).
 */
import type { CertificateStatus } from '../certificates/model.js';

/** Entries per list: 2^20 (≈ 1 M, the size of the draft's test vectors): 256 KiB of 2-bit entries. */
export const STATUS_LIST_SIZE = 2 ** 20;

/** The counter of status-list positions (starts at 1; position = value - 1). */
export const STATUS_POSITION_COUNTER = 'status-list:licences';

/** Where a licence's status is published: entry `idx` of list `listId`. */
export interface StatusListReference {
  listId: string;
  idx: number;
}

/** The draft's status types (2 bits): 0x00 VALID, 0x01 INVALID, 0x02 SUSPENDED. */
export const STATUS_VALUES = { VALID: 0, INVALID: 1, SUSPENDED: 2 } as const;
export type StatusValue = (typeof STATUS_VALUES)[keyof typeof STATUS_VALUES];

/** The reference of a 0-based position of the counter. */
export function statusListReference(position: number, size = STATUS_LIST_SIZE): StatusListReference {
  if (!Number.isSafeInteger(position) || position < 0) throw new RangeError(`bad position ${position}`);
  return { listId: String(Math.floor(position / size)), idx: position % size };
}

/**
 * The list number of a `listId` from a URL: a canonical decimal (no sign, no leading zeros), else undefined —
 * so that `/status-lists/01` is not a second name of list 1.
 */
export function parseListId(listId: string): number | undefined {
  if (!/^(0|[1-9]\d{0,8})$/.test(listId)) return undefined;
  return Number(listId);
}

/** The list's URL: the token's `sub` and the licence's `statusList.uri` (they must be equal). */
export const statusListUri = (publicBaseUrl: string, listId: string) =>
  `${publicBaseUrl}/status-lists/${encodeURIComponent(listId)}`;

/**
 * The entry of a licence in this status. REVOKED and SUPERSEDED (replaced by a reissue) are INVALID for
 * good; SUSPENDED until reinstated. EXPIRED stays VALID: expiry is the licence's own `validUntil`, which a
 * relying party checks first (the draft: the referenced token's own validity precedes its status).
 * PENDING licences are not in force yet, but no one holds them either.
 */
export function statusValueOf(status: CertificateStatus): StatusValue {
  if (status === 'REVOKED' || status === 'SUPERSEDED') return STATUS_VALUES.INVALID;
  if (status === 'SUSPENDED') return STATUS_VALUES.SUSPENDED;
  return STATUS_VALUES.VALID;
}
