/**
 * `deferred-materials` (容缺受理): for every case with deferred materials outstanding, read from the follow-up
 * queue (never a scan) — a reminder to the applicant once a material falls due within one working day
 * (`case.deferred-material-due`), and once one is past its due time the case is returned (退件: RETURNED,
 * `case.returned`). Each is recorded on the case with its audit entry in one write, so a second run at the
 * same `now` does nothing more; the applicant's SMS is the progress message of that audit entry, delivered
 * at most once per entry (`notify`, and the progress-SMS reader of the audit chain).
 */
import type { AuditLog } from '../../ports/audit-log.js';
import { DEFERRED_MATERIALS_QUEUE, type FollowUpEntry } from '../../ports/follow-ups.js';
import { type CaseDependencies, mutateCaseAsSystem } from '../cases/case-context.js';
import { deferralEntry } from '../cases/deferrals.js';
import type { CaseRecord, DeferredMaterial } from '../cases/model.js';
import { type DomainEvent, eventOfEntry } from '../events/domain-events.js';

/** The audit actions this job records, whose progress SMS `notify` delivers. */
export type DeferralAction = 'case.deferred-material-due' | 'case.returned';

export interface DeferredMaterialsDependencies extends CaseDependencies {
  /**
   * Deliver the applicant's SMS of the entry just recorded (at most once per entry; a failure is left to
   * the audit-chain reader, which delivers it later). Never throws.
   */
  notify: (caseId: string, action: DeferralAction) => Promise<void>;
}

export interface DeferredMaterialsResult {
  examined: number;
  reminded: number;
  returned: number;
  /** Entries the case no longer backs (supplied, decided, returned), dropped from the queue. */
  dropped: number;
  /** Cases whose dates the working-day calendar does not cover. */
  skipped: number;
}

/** Look this far ahead in calendar days: always more than one working day, even across Spring Festival. */
const LOOKAHEAD_DAYS = 14;
const PAGE = 100;
const ACTOR = 'system:deferred-materials';

/** Whether the case still waits for its deferred materials (decisions go on meanwhile). */
const waitsForMaterials = (record: CaseRecord | undefined): record is CaseRecord =>
  record !== undefined &&
  (record.status === 'SUBMITTED' || record.status === 'APPROVED') &&
  (record.deferred ?? []).length > 0;

const overdueOf = (record: CaseRecord, now: Date): DeferredMaterial[] =>
  (record.deferred ?? []).filter((d) => Date.parse(d.dueAt) < now.getTime());

export async function runDeferredMaterials(
  deps: DeferredMaterialsDependencies,
  now: Date,
): Promise<DeferredMaterialsResult> {
  const result: DeferredMaterialsResult = { examined: 0, reminded: 0, returned: 0, dropped: 0, skipped: 0 };
  const horizon = new Date(now.getTime() + LOOKAHEAD_DAYS * 86_400_000).toISOString();
  const entries: FollowUpEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.followUps.list(DEFERRED_MATERIALS_QUEUE, horizon, {
      limit: PAGE,
      ...(cursor ? { cursor } : {}),
    });
    entries.push(...page.records);
    cursor = page.nextCursor;
  } while (cursor);
  for (const entry of entries) {
    result.examined++;
    const record = await deps.cases.get(entry.caseId);
    if (!waitsForMaterials(record) || deferralEntry(record)?.at !== entry.at) {
      await dropEntry(deps, entry, record);
      result.dropped++;
      if (!waitsForMaterials(record)) continue;
    }
    if (overdueOf(record, now).length > 0) {
      if (await returnCase(deps, record.caseId, now)) result.returned++;
      continue;
    }
    try {
      if (await remindIfDue(deps, record, now)) result.reminded++;
    } catch {
      result.skipped++;
    }
  }
  return result;
}

/** Drop an entry the case no longer backs; where the case still waits, its current entry is (re)added. */
async function dropEntry(
  deps: DeferredMaterialsDependencies,
  entry: FollowUpEntry,
  record: CaseRecord | undefined,
): Promise<void> {
  const current = waitsForMaterials(record) ? deferralEntry(record) : undefined;
  if (current) await deps.followUps.add(current);
  await deps.followUps.remove(entry);
}

/** Return the case (退件) for the materials past their due time; false when another run or writer was first. */
async function returnCase(deps: DeferredMaterialsDependencies, caseId: string, now: Date): Promise<boolean> {
  const { record, result: from } = await mutateCaseAsSystem(deps, caseId, (next) => {
    const overdue = waitsForMaterials(next) ? overdueOf(next, now) : [];
    if (overdue.length === 0) return { audit: [], result: undefined };
    const from = next.status;
    next.status = 'RETURNED';
    next.returnedAt = now.toISOString();
    delete next.slaQueue;
    delete next.provisionalQueue;
    const audit = [
      {
        actor: ACTOR,
        action: 'case.returned',
        subject: caseId,
        details: {
          reason: 'DEFERRED_MATERIALS_OVERDUE',
          materialCodes: overdue.map((d) => d.materialCode),
          dueAt: overdue.map((d) => d.dueAt).sort()[0],
        },
      },
    ];
    return { audit, result: from };
  });
  if (!from) return false;
  const entry = deferralEntry(record);
  if (entry) await deps.followUps.remove(entry).catch(() => undefined);
  await deps.notify(caseId, 'case.returned');
  return true;
}

/**
 * Remind once per material, when it falls due within one working day (DUE_SOON on the working-day
 * calendar: the working day before the due day, and the due day itself).
 */
async function remindIfDue(
  deps: DeferredMaterialsDependencies,
  listed: CaseRecord,
  now: Date,
): Promise<boolean> {
  const dueSoon = (d: DeferredMaterial) =>
    !d.remindedAt && deps.calendar.slaStatus(now, new Date(d.dueAt)) === 'DUE_SOON';
  // Nothing to say: no write at all, so a second run at the same `now` changes nothing.
  if (!(listed.deferred ?? []).some(dueSoon)) return false;
  const { result } = await mutateCaseAsSystem(deps, listed.caseId, (next) => {
    const due = waitsForMaterials(next) ? (next.deferred ?? []).filter(dueSoon) : [];
    if (due.length === 0) return { audit: [], result: false };
    for (const d of due) d.remindedAt = now.toISOString();
    const audit = [
      {
        actor: ACTOR,
        action: 'case.deferred-material-due',
        subject: next.caseId,
        details: {
          materialCodes: due.map((d) => d.materialCode),
          dueAt: due.map((d) => d.dueAt).sort()[0],
        },
      },
    ];
    return { audit, result: true };
  });
  if (result) await deps.notify(listed.caseId, 'case.deferred-material-due');
  return result;
}

/**
 * A `notify` that delivers the progress message of the case's latest `action` entry through `deliver` (the
 * progress-SMS delivery, which claims the event first: the audit-chain reader finds the claim and sends
 * nothing more). Failures are left to that reader.
 */
export function notifyThroughAuditEvents(
  audit: Pick<AuditLog, 'listBySubject'>,
  deliver: (event: DomainEvent) => Promise<unknown>,
): DeferredMaterialsDependencies['notify'] {
  return async (caseId, action) => {
    try {
      const trail = await audit.listBySubject(caseId);
      const entry = trail.findLast((e) => e.action === action);
      const event = entry ? eventOfEntry(entry, [action]) : undefined;
      if (event) await deliver(event);
    } catch {
      // Delivered later by the audit-chain reader (at most once per entry).
    }
  };
}
