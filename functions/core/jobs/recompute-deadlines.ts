/**
 * `recompute-deadlines`: once a year's State Council notice is loaded as data, every case awaiting decisions
 * whose deadline was counted on the provisional calendar (statutory rules only) is counted again on the
 * official one.
 *
 * - A later official date is taken: the notice's extra days off (调休) are the department's time too.
 * - An earlier official date is never taken: the applicant was told the provisional date, and a deadline that
 *   moves forward by itself would make a case overdue that nobody could have known about. The promised date
 *   is kept and the basis still becomes `OFFICIAL`: the notice has been applied, the deadline is final and
 *   will not move again.
 * - Either way the change is audited (`case.due-recomputed`, old and new `dueAt`, the official count and the
 *   outcome), in the same transaction as the case.
 * - A case whose recount still touches a year without a notice stays provisional and is left for a later run.
 * The job reads only the sparse `byProvisionalDue` index, so a day without provisional cases costs one query.
 * Running it again at any `now` changes nothing more.
 */
import type { CaseDependencies } from '../cases/case-context.js';
import { mutateCaseAsSystem } from '../cases/case-context.js';
import type { CaseRecord } from '../cases/model.js';

export interface RecomputeDeadlinesResult {
  /** Cases found with a provisional deadline. */
  examined: number;
  /** Official date later than the provisional one: taken. */
  extended: number;
  /** Official date earlier than (or equal to) the provisional one: the promised date kept, basis OFFICIAL. */
  kept: number;
  /** Still touching a year without a notice: left provisional. */
  stillProvisional: number;
  /** No longer awaiting decisions: only the index marker removed. */
  closed: number;
  /** Could not be recounted this run (e.g. written concurrently throughout); tried again next run. */
  failed: number;
}

type Outcome = 'EXTENDED' | 'KEPT' | 'STILL_PROVISIONAL' | 'CLOSED';

const ACTOR = 'system:recompute-deadlines';

const COUNTER = {
  EXTENDED: 'extended',
  KEPT: 'kept',
  STILL_PROVISIONAL: 'stillProvisional',
  CLOSED: 'closed',
} as const satisfies Record<Outcome, keyof RecomputeDeadlinesResult>;

/** The deadline on the calendar as loaded now, for the limit promised at acceptance. */
function recount(deps: CaseDependencies, record: CaseRecord) {
  const limit =
    record.timeLimitWorkingDays ?? deps.catalogue.require(record.serviceItemCode).timeLimitWorkingDays;
  return deps.calendar.deadline(new Date(record.submittedAt ?? ''), limit);
}

async function recomputeOne(deps: CaseDependencies, caseId: string): Promise<Outcome> {
  const { result } = await mutateCaseAsSystem<Outcome>(deps, caseId, (next) => {
    if (next.status !== 'SUBMITTED' || !next.dueAt || !next.submittedAt) {
      delete next.provisionalQueue;
      return { audit: [], result: 'CLOSED' };
    }
    const official = recount(deps, next);
    if (official.basis === 'PROVISIONAL') return { audit: [], result: 'STILL_PROVISIONAL' };
    const previousDueAt = next.dueAt;
    const officialDueAt = official.dueAt.toISOString();
    const outcome = officialDueAt > previousDueAt ? 'EXTENDED' : 'KEPT';
    if (outcome === 'EXTENDED') {
      next.dueAt = officialDueAt;
      // Warnings given against the earlier date no longer hold; the deadline job warns again when due.
      delete next.warnings;
    }
    next.dueAtBasis = 'OFFICIAL';
    delete next.provisionalQueue;
    const audit = [
      {
        actor: ACTOR,
        action: 'case.due-recomputed',
        subject: next.caseId,
        details: { previousDueAt, dueAt: next.dueAt, officialDueAt, basis: 'OFFICIAL', outcome },
      },
    ];
    return { audit, result: outcome };
  });
  return result;
}

/** Recount every provisional deadline on the calendar as loaded now (see the module comment). */
export async function runRecomputeDeadlines(deps: CaseDependencies): Promise<RecomputeDeadlinesResult> {
  const candidates = await deps.cases.listProvisionalDeadlines();
  const result: RecomputeDeadlinesResult = {
    examined: candidates.length,
    extended: 0,
    kept: 0,
    stillProvisional: 0,
    closed: 0,
    failed: 0,
  };
  for (const candidate of candidates) {
    try {
      // Skip without a write what is still provisional: the common case between a December and its notice.
      const skip =
        candidate.status === 'SUBMITTED' &&
        candidate.submittedAt !== undefined &&
        recount(deps, candidate).basis === 'PROVISIONAL';
      const outcome = skip ? 'STILL_PROVISIONAL' : await recomputeOne(deps, candidate.caseId);
      result[COUNTER[outcome]]++;
    } catch {
      // One case that cannot be written now must not keep the others from their recount.
      result.failed++;
    }
  }
  return result;
}
