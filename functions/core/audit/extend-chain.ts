/** Turning audit inputs into the next entries of a chain: seqs, times, links and hashes. */
import type { AuditEntry, AuditInput } from '../../ports/audit-log.js';
import { canonicalJson } from './canonical-json.js';
import { GENESIS_HASH, hashEntry } from './entry-hash.js';
import { InvalidAuditInputError } from './errors.js';

/** What an append needs to know about the current last entry. */
export interface ChainHead {
  seq: number;
  hash: string;
  at: string;
}

/**
 * Most entries one append may write. DynamoDB's TransactWriteItems takes at most 100 actions, and a
 * batch must be written all or nothing.
 */
export const MAX_BATCH = 100;
/** Largest canonical `details` (UTF-8 bytes); 100 of them stay well inside a 4 MB transaction. */
export const MAX_DETAILS_BYTES = 16 * 1024;
/** Longest `actor` / `action` / `subject`. */
export const MAX_LABEL_LENGTH = 256;

/**
 * The entries that extend the chain after `head` (or start it) with `inputs`, in order: consecutive
 * seqs, each linked to the one before. `at` is `now`, but never earlier than the head's `at`, so times
 * stay non-decreasing along the chain even when writers' clocks disagree.
 */
export function extendChain(
  head: ChainHead | undefined,
  inputs: readonly AuditInput[],
  now: Date,
): AuditEntry[] {
  if (inputs.length > MAX_BATCH) {
    throw new InvalidAuditInputError(`一次最多 ${MAX_BATCH} 条`, `at most ${MAX_BATCH} entries per append`, {
      count: inputs.length,
    });
  }
  const nowIso = now.toISOString();
  const at = head && head.at > nowIso ? head.at : nowIso;
  let seq = head?.seq ?? 0;
  let prevHash = head?.hash ?? GENESIS_HASH;
  return inputs.map((input, index) => {
    const canonicalDetails = checkInput(input, index);
    seq += 1;
    const unhashed = {
      seq,
      at,
      actor: input.actor,
      action: input.action,
      subject: input.subject,
      // A copy of exactly what was hashed: later changes to the caller's object cannot alter the entry.
      details: JSON.parse(canonicalDetails) as Record<string, unknown>,
      prevHash,
    };
    prevHash = hashEntry(unhashed);
    return { ...unhashed, hash: prevHash };
  });
}

/** Throws for an input that cannot become an entry; returns its details' canonical JSON. */
function checkInput(input: AuditInput, index: number): string {
  for (const field of ['actor', 'action', 'subject'] as const) {
    const value: unknown = input[field];
    if (typeof value !== 'string' || value.length === 0 || value.length > MAX_LABEL_LENGTH) {
      throw new InvalidAuditInputError(
        `${field} 须为 1–${MAX_LABEL_LENGTH} 个字符`,
        `${field} must be 1–${MAX_LABEL_LENGTH} characters`,
        { index, field },
      );
    }
  }
  const details: unknown = input.details;
  if (details === null || typeof details !== 'object' || Array.isArray(details)) {
    throw new InvalidAuditInputError('details 须为对象', 'details must be an object', { index });
  }
  // Also rejects anything that is not plain JSON, before a hash is taken over it.
  const canonical = canonicalJson(details);
  const bytes = new TextEncoder().encode(canonical).length;
  if (bytes > MAX_DETAILS_BYTES) {
    throw new InvalidAuditInputError('details 过大', 'details too large', {
      index,
      bytes,
      max: MAX_DETAILS_BYTES,
    });
  }
  return canonical;
}
