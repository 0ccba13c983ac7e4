/**
 * The append-only, hash-chained audit trail. Every state change (case created, material accepted or
 * rejected, submitted, decided, licence issued or revoked, refused authentication) is appended here.
 * No personal data in clear: `details` carry ids, codes and masked values only.
 */

/** What a caller appends: who did what to which subject, with non-personal details. */
export interface AuditInput {
  /** Who acted: an upstream client id, a department code, `system`, … */
  actor: string;
  /** What happened, e.g. `CASE_CREATED`, `LICENCE_REVOKED`. */
  action: string;
  /** What it happened to: a case id or certificate id (the `bySubject` index key). */
  subject: string;
  /** JSON-only (no `undefined`, NaN, Date, …) and free of personal data. */
  details: Record<string, unknown>;
}

/** A stored entry: its place in the chain (`seq`), its time and the hashes that link it. */
export interface AuditEntry extends AuditInput {
  /** 1, 2, 3, … without gaps along one chain. */
  seq: number;
  /** ISO 8601 UTC; never earlier than the previous entry's. */
  at: string;
  /** `hash` of the entry before (`GENESIS_HASH` for seq 1). */
  prevHash: string;
  /** Lower-case hex SHA-256 over the canonical JSON of every other field. */
  hash: string;
}

/**
 * Why a chain stopped verifying at `firstBrokenSeq`:
 * `UNEXPECTED_SEQUENCE` — that entry is missing (deleted) or entries are out of order;
 * `ENTRY_HASH_MISMATCH` — its fields no longer produce its stored hash (edited in place);
 * `PREVIOUS_HASH_MISMATCH` — it is self-consistent but does not link to the entry before
 * (that one was rewritten together with its hash);
 * `TIME_REVERSED` — its time is before the previous entry's;
 * `MALFORMED_ENTRY` — the stored item cannot be read as an entry at all.
 * Held against the signed checkpoints (a rewrite re-hashed to the end links up perfectly):
 * `CHECKPOINT_MISMATCH` — the chain's hash at a checkpoint's seq is not the signed one (rewritten in between);
 * `CHECKPOINT_INVALID` — a checkpoint's signature (or signing time) does not verify under the seal certificate;
 * `TRUNCATED` — the chain is shorter than a checkpoint says it was.
 */
export type ChainBreakReason =
  | 'UNEXPECTED_SEQUENCE'
  | 'ENTRY_HASH_MISMATCH'
  | 'PREVIOUS_HASH_MISMATCH'
  | 'TIME_REVERSED'
  | 'MALFORMED_ENTRY'
  | 'CHECKPOINT_MISMATCH'
  | 'CHECKPOINT_INVALID'
  | 'TRUNCATED';

/**
 * Result of walking a chain. Entries `1 … firstBrokenSeq - 1` form a verified chain from the genesis hash;
 * when `intact`, all of them do.
 */
export interface ChainVerification {
  intact: boolean;
  /** How many entries were read. */
  entries: number;
  /** The stored hash of the last entry read (`GENESIS_HASH` for an empty chain). */
  head: string;
  firstBrokenSeq?: number;
  reason?: ChainBreakReason;
  /**
   * Where the first change lies, as far as the hash links and the signed checkpoints can pin it (inclusive):
   * from the seq after the last checkpoint that still matches up to where the break shows.
   */
  brokenBetween?: [number, number];
  /** Entries 1 … this seq are vouched for by a genuine checkpoint that matches the chain (0: none). */
  verifiedThroughSeq?: number;
  /** Checkpoints the chain was held against. */
  checkpoints?: number;
}

/** What a chain walk feeds, entry by entry in ascending stored order (`ChainVerifier` in core/audit). */
export interface ChainSink {
  push(entry: AuditEntry): void;
  pushMalformed(seq: number, storedHash?: string): void;
  result(): ChainVerification;
}

/** Storage of the audit chain (DynamoDB in both runtimes). */
export interface AuditLog {
  /** Append entries with consecutive seqs, all or nothing; returns them as stored. */
  append(inputs: AuditInput[]): Promise<AuditEntry[]>;
  /** A subject's entries in ascending seq. */
  listBySubject(subject: string, options?: { limit?: number }): Promise<AuditEntry[]>;
  /** Walk the whole chain, recomputing every hash and link (through `verifier` when given). */
  verifyChain(verifier?: ChainSink): Promise<ChainVerification>;
  /** The last entry's seq and hash, or `undefined` for an empty chain. */
  head(): Promise<{ seq: number; hash: string } | undefined>;
  /** Up to `limit` entries from `fromSeq` on, ascending (for exports and checkpoints). */
  listRange(fromSeq: number, limit: number): Promise<AuditEntry[]>;
}
