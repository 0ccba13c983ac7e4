import type { CaseRecord } from '../core/cases/model.js';
import type { CertificateRecord } from '../core/certificates/model.js';
import type { AuditInput } from './audit-log.js';

/** Audit entries an update writes atomically with the record (DynamoDB: 100 items per transaction). */
export const MAX_AUDIT_ENTRIES_PER_UPDATE = 99;

/**
 * Records an update writes in its transaction besides the case and its audit entries: the ledger records of
 * an issuance batch committed by the update (each written only where no record is, or where the record is a
 * PENDING one of the same batch). The case, its entries and these count together: at most
 * `MAX_AUDIT_ENTRIES_PER_UPDATE` + 1 items, or the caller writes the records apart.
 */
export interface CaseUpdateCompanions {
  ledger?: CertificateRecord[];
}

/** Persistence of cases with optimistic locking on `version`. */
export interface CaseStore {
  get(caseId: string): Promise<CaseRecord | undefined>;
  /** Create a new case; fails with `ConcurrentUpdateError` if the id exists. */
  create(record: CaseRecord): Promise<void>;
  /**
   * Replace a case if its stored version is still `record.version - 1`; otherwise `ConcurrentUpdateError`
   * (the caller reloads and retries). `audit`: entries describing the change, appended to the audit trail in
   * the same transaction — the change and its record are written together or not at all (up to
   * `MAX_AUDIT_ENTRIES_PER_UPDATE` entries; beyond, appended right after the write).
   */
  update(record: CaseRecord, audit?: AuditInput[], companions?: CaseUpdateCompanions): Promise<void>;
  /**
   * A hint: an `update` with audit entries follows shortly. A store may start reading what that update needs
   * (the audit chain's head) now, so the read overlaps the caller's other work. Never needed for correctness;
   * the promise settles when that read does, and its failure only means `update` reads again.
   */
  prepareUpdate?(): Promise<void>;
  /** Cases awaiting decisions (`slaQueue` = OPEN) due at or before `dueAtOrBefore` (ISO), soonest first. */
  listAwaitingDecision(dueAtOrBefore: string): Promise<CaseRecord[]>;
  /** Cases marked `provisionalQueue` = PROVISIONAL (deadline on the statutory-rules calendar), soonest due first. */
  listProvisionalDeadlines(): Promise<CaseRecord[]>;
  /** Cases holding a PREPARING batch (`preparingQueue`) with `preparingSince` at or before `before` (ISO), oldest first. */
  listPreparingBatches(before: string): Promise<CaseRecord[]>;
  /**
   * The cases of one client, newest first (`createdAt`), a page at a time: at most `limit` records (fewer
   * possible even when more follow), `nextCursor` absent only at the end. The cursor is a position in the
   * store's order, not sealed: what a client sees is sealed by `PageCursors`.
   */
  listByClient(
    clientId: string,
    page: { limit: number; cursor?: string },
  ): Promise<{ records: CaseRecord[]; nextCursor?: string }>;
}

/** Another writer changed the record first. */
export class ConcurrentUpdateError extends Error {
  constructor(readonly id: string) {
    super(`concurrent update of ${id}`);
    this.name = 'ConcurrentUpdateError';
  }
}
