/**
 * Verification of a hash chain, one entry at a time, so a store can stream its whole log through it
 * with memory bounded by one page.
 */
import type { AuditEntry, ChainBreakReason, ChainVerification } from '../../ports/audit-log.js';
import { GENESIS_HASH, hashEntry } from './entry-hash.js';

/** Feeds entries in ascending stored order; `result()` may be called at any time. */
export interface ChainVerifier {
  /** Check the next entry against the chain so far. */
  push(entry: AuditEntry): void;
  /** Record that the stored item at `seq` could not be read as an entry at all. */
  pushMalformed(seq: number, storedHash?: string): void;
  /** The verdict over everything pushed so far. */
  result(): ChainVerification;
}

/**
 * A verifier that reports the first seq where the chain stops being a valid extension of the genesis
 * hash. Once broken it only counts, because after a break every later link is suspect anyway.
 * An entry rewritten together with a recomputed hash is itself consistent, so it is caught one entry
 * later (PREVIOUS_HASH_MISMATCH); the last entry can only be protected by signed checkpoints of the head.
 */
export function createChainVerifier(): ChainVerifier {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let prevAt = '';
  let count = 0;
  let head = GENESIS_HASH;
  let broken: { seq: number; reason: ChainBreakReason } | undefined;

  const breakAt = (seq: number, reason: ChainBreakReason): void => {
    broken = { seq, reason };
  };

  return {
    push(entry) {
      count += 1;
      head = entry.hash;
      if (broken) return;
      const problem = checkEntry(entry, expectedSeq, prevHash, prevAt);
      if (problem) return breakAt(problem === 'UNEXPECTED_SEQUENCE' ? expectedSeq : entry.seq, problem);
      expectedSeq += 1;
      prevHash = entry.hash;
      prevAt = entry.at;
    },
    pushMalformed(seq, storedHash = '') {
      count += 1;
      head = storedHash;
      if (broken) return;
      if (seq === expectedSeq) breakAt(seq, 'MALFORMED_ENTRY');
      else breakAt(expectedSeq, 'UNEXPECTED_SEQUENCE');
    },
    result() {
      const verdict: ChainVerification = { intact: broken === undefined, entries: count, head };
      if (broken) {
        verdict.firstBrokenSeq = broken.seq;
        verdict.reason = broken.reason;
      }
      return verdict;
    },
  };
}

/** Verify a complete chain held in memory (see `createChainVerifier` for what is reported). */
export function verifyEntries(entries: readonly AuditEntry[]): ChainVerification {
  const verifier = createChainVerifier();
  for (const entry of entries) verifier.push(entry);
  return verifier.result();
}

// Self-consistency is checked before the link, so an entry edited in place is reported as such at its own
// seq rather than as a broken link.
function checkEntry(
  entry: AuditEntry,
  expectedSeq: number,
  prevHash: string,
  prevAt: string,
): ChainBreakReason | undefined {
  if (entry.seq !== expectedSeq) return 'UNEXPECTED_SEQUENCE';
  if (!isIsoInstant(entry.at)) return 'MALFORMED_ENTRY';
  let recomputed: string;
  try {
    recomputed = hashEntry(entry);
  } catch {
    return 'MALFORMED_ENTRY';
  }
  if (recomputed !== entry.hash) return 'ENTRY_HASH_MISMATCH';
  if (entry.prevHash !== prevHash) return 'PREVIOUS_HASH_MISMATCH';
  if (entry.at < prevAt) return 'TIME_REVERSED';
  return undefined;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** True for the exact form `Date.prototype.toISOString` produces, which also sorts chronologically. */
export function isIsoInstant(value: string): boolean {
  if (!ISO_INSTANT.test(value)) return false;
  const time = Date.parse(value);
  // Date.parse rolls 2025-02-30 over to March; the round trip catches that.
  return !Number.isNaN(time) && new Date(time).toISOString() === value;
}
