/**
 * What the case services need, and the shared read-modify-write loop with optimistic locking.
 */
import type { AuditInput, AuditLog } from '../../ports/audit-log.js';
import { type CaseStore, type CaseUpdateCompanions, ConcurrentUpdateError } from '../../ports/case-store.js';
import type { Clock } from '../../ports/clock.js';
import type { CaseFollowUps, PledgeBars } from '../../ports/follow-ups.js';
import type { HolderKeys } from '../../ports/holder-keys.js';
import type { Counters, Ledger } from '../../ports/ledger.js';
import type { ObjectStore } from '../../ports/object-store.js';
import type { PageCursors } from '../../ports/page-cursors.js';
import type { Random } from '../../ports/random.js';
import type { WorkingDayCalendar } from '../calendar/working-day-calendar.js';
import type { Catalogue } from '../catalogue/catalogue.js';
import type { MaterialRule } from '../catalogue/types.js';
import { DomainError } from '../errors.js';
import type { GlyphCoverage } from '../licence/printable.js';
import type { MaterialInspection, MaterialUpload } from '../materials/inspect-material.js';
import type { MaterialVerifier } from './material-verification.js';
import type { CaseRecord, Principal } from './model.js';

export interface CaseDependencies {
  catalogue: Catalogue;
  calendar: WorkingDayCalendar;
  cases: CaseStore;
  /** Aggregates for `GET /v1/stats`. */
  counters: Counters;
  materials: ObjectStore;
  audit: AuditLog;
  clock: Clock;
  random: Random;
  inspectMaterial: (upload: MaterialUpload, rule: MaterialRule) => Promise<MaterialInspection>;
  /** 一键核验 of signed PDF materials (the verifier of `POST /v1/verifications`); absent: not verified. */
  verifyMaterial?: MaterialVerifier;
  /** Lifetime of presigned upload URLs. */
  presignExpiresSeconds: number;
  /** Lookup keys of licence holders (HMAC under the deployment's key): the ledger's `byHolder` index. */
  holderKeys: HolderKeys;
  /** Seals list positions into the opaque cursors clients page with. */
  pageCursors: PageCursors;
  /** Queues of cases by due time (deferred materials, pledge checks): see ports/follow-ups.ts. */
  followUps: CaseFollowUps;
  /** Holders barred from pledging after a false pledge (告知承诺 信用约束). */
  pledgeBars: PledgeBars;
  /**
   * The licence ledger, for licences pulled as materials (电子证照自动调取) and prefill: read by id and by
   * holder. Absent: no licence can be pulled (a composition without it refuses those requests).
   */
  ledger?: Ledger;
  /**
   * The code points the licence fonts can draw: text that reaches a licence is refused at intake otherwise.
   * Absent: only characters no licence may carry (controls, bidi controls, lone surrogates) are refused.
   */
  glyphs?: GlyphCoverage;
}

/** 404 for a missing case and for another client's case alike: ids of others' cases are not confirmed. */
export const caseNotFound = (caseId: string) =>
  new DomainError('NOT_FOUND', 'CASE_NOT_FOUND', '办件不存在', 'Case not found', { details: { caseId } });

/** Load a case owned by the principal, or 404. */
export async function loadOwnCase(
  deps: CaseDependencies,
  principal: Principal,
  caseId: string,
): Promise<CaseRecord> {
  // Our ids are 31 characters; anything much longer is not one (and would exceed DynamoDB's key limit).
  if (caseId.length > 64) throw caseNotFound(caseId.slice(0, 64));
  const record = await deps.cases.get(caseId);
  if (!record || record.clientId !== principal.clientId) throw caseNotFound(caseId);
  return record;
}

/** 403 unless the principal may act on the service item. */
export function authoriseServiceItem(principal: Principal, serviceItemCode: string): void {
  if (principal.serviceItems.includes('*') || principal.serviceItems.includes(serviceItemCode)) return;
  throw new DomainError(
    'FORBIDDEN',
    'FORBIDDEN_SERVICE_ITEM',
    '无权办理该事项',
    'Not allowed for this service item',
    {
      details: { serviceItemCode },
    },
  );
}

const maxAttempts = 8;

/**
 * Read-modify-write a case: `change` gets a fresh copy and returns the audit entries to append, or throws.
 * A lost race (version changed) reloads and re-runs `change`, so its checks always see the latest state.
 */
export function mutateCase<T>(
  deps: CaseDependencies,
  principal: Principal,
  caseId: string,
  change: CaseChange<T>,
  /** The case as this request last read or wrote it: the first attempt starts from it (no read). */
  known?: CaseRecord,
): Promise<{ record: CaseRecord; result: T }> {
  let first = known?.caseId === caseId && known.clientId === principal.clientId ? known : undefined;
  return mutateLoop(deps, change, async () => {
    const current = first ?? (await readForUpdate(deps, () => loadOwnCase(deps, principal, caseId)));
    first = undefined; // a retry after a lost race reads afresh
    authoriseServiceItem(principal, current.serviceItemCode);
    return current;
  });
}

/** Read the case while the store reads what the update will need (the audit head): two reads at once. */
function readForUpdate(deps: CaseDependencies, read: () => Promise<CaseRecord>): Promise<CaseRecord> {
  deps.cases.prepareUpdate?.().catch(() => undefined);
  return read();
}

/** `mutateCase` for the system itself (scheduled jobs): no ownership check. */
export function mutateCaseAsSystem<T>(
  deps: CaseDependencies,
  caseId: string,
  change: CaseChange<T>,
): Promise<{ record: CaseRecord; result: T }> {
  return mutateLoop(deps, change, () =>
    readForUpdate(deps, async () => {
      const current = await deps.cases.get(caseId);
      if (!current) throw caseNotFound(caseId);
      return current;
    }),
  );
}

/** A change of the case: its audit entries, and records written in the same transaction (`CaseUpdateCompanions`). */
export type CaseChange<T> = (record: CaseRecord) => Promise<CaseChangeOutcome<T>> | CaseChangeOutcome<T>;

export type CaseChangeOutcome<T> = { audit: AuditInput[]; result: T } & CaseUpdateCompanions;

/**
 * Set or remove the sparse index keys of a PREPARING batch (`CaseRecord.preparingQueue`): derived from the
 * batch itself on every write, so no writer of `issuance` can leave a committed or removed batch indexed.
 */
export function indexPreparingBatch(record: CaseRecord): void {
  if (record.issuance?.state === 'PREPARING') {
    record.preparingQueue = 'PREPARING';
    record.preparingSince = record.issuance.resumedAt ?? record.issuance.startedAt;
  } else {
    delete record.preparingQueue;
    delete record.preparingSince;
  }
}

async function mutateLoop<T>(
  deps: CaseDependencies,
  change: CaseChange<T>,
  load: () => Promise<CaseRecord>,
): Promise<{ record: CaseRecord; result: T }> {
  for (let attempt = 1; ; attempt++) {
    const current = await load();
    const next: CaseRecord = structuredClone(current);
    const { audit, result, ledger } = await change(next);
    indexPreparingBatch(next);
    next.version = current.version + 1;
    next.updatedAt = deps.clock.now().toISOString();
    try {
      // The change and its audit entries: one transaction.
      await deps.cases.update(next, audit, ledger ? { ledger } : undefined);
    } catch (error) {
      if (error instanceof ConcurrentUpdateError && attempt < maxAttempts) continue;
      if (error instanceof ConcurrentUpdateError) {
        throw new DomainError(
          'CONFLICT',
          'CONCURRENT_UPDATE',
          '办件正被同时修改，请重试',
          'The case is being changed concurrently; retry',
          {
            retryAfterSeconds: 1,
          },
        );
      }
      throw error;
    }
    return { record: next, result };
  }
}
