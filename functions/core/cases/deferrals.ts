/**
 * 容缺受理 (accept now, supplement later): at submit, required materials the catalogue marks `deferrable` may
 * be missing; each is then due `withinWorkingDays` working days after submission. Departments decide
 * meanwhile; no licence is issued while one is outstanding (409 `MATERIALS_DEFERRED`); an accepted upload
 * clears it; the `deferred-materials` job reminds before the due time and returns the case after it.
 */
import { DEFERRED_MATERIALS_QUEUE, type FollowUpEntry } from '../../ports/follow-ups.js';
import type { WorkingDayCalendar } from '../calendar/working-day-calendar.js';
import type { ServiceItem } from '../catalogue/types.js';
import { DomainError } from '../errors.js';
import type { CaseDependencies } from './case-context.js';
import type { CaseRecord, DeferredMaterial } from './model.js';

/**
 * The deferrals of `missing` material codes when every one of them is deferrable, else `undefined` (the
 * submit is refused as incomplete). Due at the end of the n-th working day after `submittedAt`.
 */
export function deferralsOf(
  item: ServiceItem,
  missing: readonly string[],
  submittedAt: Date,
  calendar: WorkingDayCalendar,
): DeferredMaterial[] | undefined {
  const deferred: DeferredMaterial[] = [];
  for (const materialCode of missing) {
    const rule = item.materials.find((m) => m.code === materialCode);
    if (!rule?.deferrable) return undefined;
    const dueAt = calendar.dueAt(submittedAt, rule.deferrable.withinWorkingDays).toISOString();
    deferred.push({ materialCode, dueAt });
  }
  return deferred;
}

/** The material codes among `missing` that the item lets the applicant supply later. */
export const deferrableAmong = (item: ServiceItem, missing: readonly string[]): string[] =>
  missing.filter((code) => item.materials.some((m) => m.code === code && m.deferrable));

/** Whether `materialCode` is outstanding on the case (so it may still be uploaded after submit). */
export const isDeferred = (record: CaseRecord, materialCode: string): boolean =>
  (record.deferred ?? []).some((d) => d.materialCode === materialCode);

/** The queue entry of a case with deferrals: at its earliest due time (`undefined` without deferrals). */
export function deferralEntry(record: CaseRecord): FollowUpEntry | undefined {
  const first = (record.deferred ?? []).map((d) => d.dueAt).sort()[0];
  return first ? { queue: DEFERRED_MATERIALS_QUEUE, at: first, caseId: record.caseId } : undefined;
}

/**
 * Clear `materialCode`'s deferral once an upload of it was accepted (mutates `record`); returns whether it
 * was outstanding. The last one cleared leaves no `deferred` at all.
 */
export function clearDeferral(record: CaseRecord, materialCode: string): boolean {
  if (!isDeferred(record, materialCode)) return false;
  record.deferred = (record.deferred ?? []).filter((d) => d.materialCode !== materialCode);
  if (record.deferred.length === 0) delete record.deferred;
  return true;
}

/** Index the case in the deferred-materials queue before the write that defers (see ports/follow-ups.ts). */
export async function queueDeferrals(deps: CaseDependencies, record: CaseRecord): Promise<void> {
  const entry = deferralEntry(record);
  if (entry) await deps.followUps.add(entry);
}

/** 409 `MATERIALS_DEFERRED`: issuance waits for every deferred material. */
export const materialsDeferred = (record: CaseRecord) =>
  new DomainError(
    'CONFLICT',
    'MATERIALS_DEFERRED',
    `容缺受理的材料尚未补齐（${(record.deferred ?? []).length} 项），补齐后方可出证`,
    'Deferred materials are still outstanding; licences are issued once they are supplied',
    {
      details: {
        caseId: record.caseId,
        deferred: (record.deferred ?? []).map(({ materialCode, dueAt }) => ({ materialCode, dueAt })),
      },
    },
  );

/** Throws `MATERIALS_DEFERRED` while any deferred material is outstanding. */
export function refuseWhileDeferred(record: CaseRecord): void {
  if ((record.deferred ?? []).length > 0) throw materialsDeferred(record);
}

/**
 * Whether the case takes an upload of `materialCode` now: any material while DRAFT; after submit only a
 * deferred one (容缺受理), while the case is SUBMITTED or APPROVED — not once it is returned, rejected or issued.
 */
export const acceptsUpload = (record: CaseRecord, materialCode: string): boolean =>
  record.status === 'DRAFT' ||
  ((record.status === 'SUBMITTED' || record.status === 'APPROVED') && isDeferred(record, materialCode));

/**
 * Once a write supplied deferred materials, the case's entry in the deferred-materials queue moves to the
 * next due one, or goes with the last. Best effort: the job drops or re-reads an entry the case no longer backs.
 */
export async function dropSuppliedDeferrals(
  deps: CaseDependencies,
  before: CaseRecord,
  after: CaseRecord,
): Promise<void> {
  const was = deferralEntry(before);
  const now = deferralEntry(after);
  if (!was || was.at === now?.at) return;
  try {
    if (now) await deps.followUps.add(now);
    await deps.followUps.remove(was);
  } catch {
    // The job finds the stale entry, sees the case, and tidies up.
  }
}
