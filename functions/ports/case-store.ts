import type { CaseRecord } from '../core/cases/model.js';

/** Persistence of cases with optimistic locking on `version`. */
export interface CaseStore {
  get(caseId: string): Promise<CaseRecord | undefined>;
  /** Create a new case; fails with `ConcurrentUpdateError` if the id exists. */
  create(record: CaseRecord): Promise<void>;
  /**
   * Replace a case if its stored version is still `record.version - 1`; otherwise `ConcurrentUpdateError`
   * (the caller reloads and retries).
   */
  update(record: CaseRecord): Promise<void>;
  /** Cases awaiting decisions (`slaQueue` = OPEN) due at or before `dueAtOrBefore` (ISO), soonest first. */
  listAwaitingDecision(dueAtOrBefore: string): Promise<CaseRecord[]>;
}

/** Another writer changed the record first. */
export class ConcurrentUpdateError extends Error {
  constructor(readonly id: string) {
    super(`concurrent update of ${id}`);
    this.name = 'ConcurrentUpdateError';
  }
}
