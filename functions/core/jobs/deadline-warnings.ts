/**
 * `deadline-warnings` (时限预警): for every case awaiting decisions that is due within one working day or
 * overdue, warn each approving department that has not decided — once per department and kind (DUE_SOON,
 * then OVERDUE), recorded on the case and in the audit trail. Running twice at the same `now` does nothing more.
 */
import type { AuditInput } from '../../ports/audit-log.js';
import { type CaseDependencies, mutateCaseAsSystem } from '../cases/case-context.js';
import { pendingDepartments } from '../cases/view.js';

export interface DeadlineWarningsResult {
  examined: number;
  warnings: number;
  /** Cases skipped because the working-day calendar does not cover their dates. */
  skipped: number;
}

/** Look this far ahead in calendar days: always more than one working day, even across Spring Festival. */
const LOOKAHEAD_DAYS = 14;

export async function runDeadlineWarnings(
  deps: CaseDependencies,
  now: Date,
): Promise<DeadlineWarningsResult> {
  const horizon = new Date(now.getTime() + LOOKAHEAD_DAYS * 86_400_000).toISOString();
  const candidates = await deps.cases.listAwaitingDecision(horizon);
  let warnings = 0;
  let skipped = 0;
  for (const candidate of candidates) {
    let kind: 'DUE_SOON' | 'OVERDUE';
    try {
      const status = deps.calendar.slaStatus(now, new Date(candidate.dueAt ?? ''));
      if (status === 'ON_TIME') continue;
      kind = status;
    } catch {
      skipped++;
      continue;
    }
    const item = deps.catalogue.require(candidate.serviceItemCode);
    const due = pendingDepartments(candidate, item).filter(
      (d) => !(candidate.warnings ?? []).some((w) => w.department === d && w.kind === kind),
    );
    // Nothing new to say: no write at all, so a second run at the same `now` changes nothing.
    if (due.length === 0) continue;
    const { result } = await mutateCaseAsSystem(deps, candidate.caseId, (next) => {
      if (next.status !== 'SUBMITTED') return { audit: [], result: 0 };
      const at = now.toISOString();
      const audit: AuditInput[] = [];
      next.warnings ??= [];
      for (const department of pendingDepartments(next, item)) {
        if (next.warnings.some((w) => w.department === department && w.kind === kind)) continue;
        next.warnings.push({ department, kind, at });
        audit.push({
          actor: 'system:deadline-warnings',
          action: 'case.deadline-warning',
          subject: next.caseId,
          details: { department, kind, dueAt: next.dueAt },
        });
      }
      return { audit, result: audit.length };
    });
    warnings += result;
  }
  return { examined: candidates.length, warnings, skipped };
}
