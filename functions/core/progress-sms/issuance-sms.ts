/**
 * The issuing request's own SMS (`notify` in `POST /v1/cases/{caseId}/certificates`): the request delivers its
 * batch's `case.issued` event itself, through the same claim as every other reader, so the holder gets ONE
 * message for the request — never one per licence, never a second one from the stream consumer — and the
 * response can say whether it went out.
 */
import { eventOfEntry } from '../events/domain-events.js';
import { deliverProgressSms, type ProgressSmsDependencies } from './deliver.js';

/** SENT (by this request or an earlier reader); QUEUED: another reader holds it, or the event is not yet in the trail; FAILED: the send failed (a retry of the event sends it). */
export interface IssuanceSmsOutcome {
  status: 'SENT' | 'QUEUED' | 'FAILED';
  messageId?: string;
}

/** Deliver the issuance message of the case's committed batch. Never throws: the licences stay issued. */
export async function deliverIssuanceSms(
  deps: ProgressSmsDependencies,
  caseId: string,
): Promise<IssuanceSmsOutcome> {
  try {
    const record = await deps.cases.get(caseId);
    const batchId = record?.issuance?.state === 'COMMITTED' ? record.issuance.batchId : undefined;
    if (!batchId) return { status: 'QUEUED' };
    const trail = await deps.audit.listBySubject(caseId);
    const entry = trail.find((e) => e.action === 'case.issued' && e.details.batchId === batchId);
    const event = entry ? eventOfEntry(entry, ['case.issued']) : undefined;
    // A large batch whose entries another request is still writing: the consumer sends it once they land.
    if (!event) return { status: 'QUEUED' };
    const delivered = await deliverProgressSms(deps, event);
    if (delivered.outcome === 'SKIPPED') return { status: 'FAILED' };
    const { status, messageId } = delivered.record;
    return status === 'SENT' && messageId ? { status: 'SENT', messageId } : { status: 'QUEUED' };
  } catch {
    return { status: 'FAILED' };
  }
}
