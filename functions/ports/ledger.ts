import type { CertificateRecord } from '../core/certificates/model.js';
import type { AuditInput } from './audit-log.js';

/** The certificate ledger (DynamoDB). */
export interface Ledger {
  get(certificateId: string): Promise<CertificateRecord | undefined>;
  /**
   * Write a PENDING record of an issuance batch. Idempotent for the same batch (a resumed issuance rewrites
   * its own pending record); never overwrites a committed record or another batch's. With `ifAbsent`, only
   * writes where no record exists (`ConcurrentUpdateError` otherwise): for a record whose hash is not yet
   * known to be the stored object's, which must never replace one that is.
   */
  putPending(record: CertificateRecord, options?: { ifAbsent?: boolean }): Promise<void>;
  /** PENDING → VALID for a committed batch (no-op if already VALID). */
  activate(certificateId: string, batchId: string): Promise<void>;
  /**
   * Replace a record if its stored version is `record.version - 1` (ConcurrentUpdateError otherwise).
   * `audit`: entries describing the change, appended in the same transaction (the change and its record —
   * and so its domain event — are written together or not at all).
   */
  update(record: CertificateRecord, audit?: AuditInput[]): Promise<void>;
  /** Licences that may still expire (`expiryQueue` = ACTIVE) with `validUntil` ≤ the given date, soonest first. */
  listExpiring(validUntilOnOrBefore: string): Promise<CertificateRecord[]>;
  /**
   * Up to `limit` licences in the archive queue (`archiveQueue` = DUE) with `archiveDue` ≤ the given day,
   * soonest first.
   */
  listArchiveDue(dueOnOrBefore: string, limit: number): Promise<CertificateRecord[]>;
  /**
   * The record whose signed PDF has this SHA-256 (hex), if any, among records whose PDF names no id of its
   * own (licences issued before ids were written); a record whose PDF does (`namesItself`) is found by id.
   */
  findBySha256(sha256: string): Promise<CertificateRecord | undefined>;
  /**
   * Licences whose holder has this key, newest first, a page at a time (opaque cursor). A page holds at most
   * `limit` records and may hold fewer even when more follow; `nextCursor` is absent only at the end. The
   * cursor is a position in the store's order, not sealed: what a client sees is sealed by `PageCursors`.
   */
  listByHolder(
    holderKey: string,
    page: { limit: number; cursor?: string },
  ): Promise<{ records: CertificateRecord[]; nextCursor?: string }>;
}

/** Monotonic counters (licence serials), unique under concurrency. */
export interface Counters {
  /**
   * Reserve `count` consecutive values of counter `name`; returns the first. Starts at 1. With a `claim`
   * (a token unique to this reservation), reserving again with the claim of the counter's latest reservation
   * returns that reservation instead of a new one: a retry after a lost reply takes no second block.
   */
  reserve(name: string, count: number, claim?: string): Promise<number>;
  /** Add `delta` (may be negative) to each named counter. */
  add(deltas: Record<string, number>): Promise<void>;
  /** Current values (0 for counters never written). */
  read(names: string[]): Promise<Record<string, number>>;
}
