/** 事后核查 is scheduled when a pledged case is approved (see pledge-checks.ts for the rest). */
import type { AuditInput } from '../../ports/audit-log.js';
import { pledgeCheckQueue } from '../../ports/follow-ups.js';
import type { CaseDependencies } from '../cases/case-context.js';
import type { CaseRecord } from '../cases/model.js';

/**
 * Schedule the check of a pledged case being approved at `approvedAt` (mutates `record`, which is being
 * written): the queue entry first, then the case write that makes it due. Returns the audit entries.
 */
export async function schedulePledgeCheck(
  deps: CaseDependencies,
  record: CaseRecord,
  approvedAt: Date,
): Promise<AuditInput[]> {
  if (!record.pledge || record.pledge.check) return [];
  const dueAt = deps.calendar.dueAt(approvedAt, record.pledge.checkWithinWorkingDays).toISOString();
  await deps.followUps.add({ queue: pledgeCheckQueue(record.clientId), at: dueAt, caseId: record.caseId });
  record.pledge.check = { dueAt, status: 'PENDING' };
  return [
    { actor: 'system', action: 'case.pledge-check-scheduled', subject: record.caseId, details: { dueAt } },
  ];
}
