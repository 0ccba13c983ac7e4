/**
 * Accounting for licence serials (see issue-certificates.ts). A numbering sequence (one counter per licence
 * type and issuer) is never rolled back: a serial, once taken from the counter, ends in exactly one of
 *
 * - a licence of a committed batch (the ledger);
 * - the PREPARING batch of a case, where the resumption of that same request (same body) reuses it — for a
 *   day at most: a batch neither resumed nor replaced by then is voided as abandoned;
 * - an audit entry `licence-serial.voided` on the case, naming the serials, their numbers and the reason.
 *
 * A request refused before the reservation (403, 409, 422) takes no serial at all. Serials are voided when
 * a batch loses the reservation race (to a different request, `ISSUANCE_IN_PROGRESS`, or to an identical one
 * whose batch this request then completes, `DUPLICATE_REQUEST`), when a stale PREPARING batch is replaced by
 * another request (`SUPERSEDED`), when the batch's request can never succeed (`REQUEST_REFUSED`: a licence
 * that cannot be rendered), when the reservation write failed and the batch is not in the case
 * (`RESERVATION_FAILED`), and when a batch was neither resumed nor replaced for a day (`ABANDONED`, by the
 * job `void-abandoned-batches`, core/jobs/void-abandoned-batches.ts). Where the decision is a case write,
 * the entry is in that write's transaction.
 */
import type { AuditInput } from '../../ports/audit-log.js';
import { mutateCase } from '../cases/case-context.js';
import type { CaseRecord, IssuanceRecord, Principal } from '../cases/model.js';
import type { ServiceItem } from '../catalogue/types.js';
import { isDomainError } from '../errors.js';
import type { IssuanceDependencies } from './issuance/dependencies.js';

/** The audit action of voided serials. */
export const SERIALS_VOIDED = 'licence-serial.voided';

/** Why serials of a batch were voided (`details.reason` of a `licence-serial.voided` entry). */
export type VoidReason =
  | 'ISSUANCE_IN_PROGRESS'
  | 'CASE_NOT_APPROVED'
  | 'DUPLICATE_REQUEST'
  | 'SUPERSEDED'
  | 'REQUEST_REFUSED'
  | 'RESERVATION_FAILED'
  | 'ABANDONED';

/** The counter a service item's licences are numbered from (one sequence per licence type and issuer). */
export const serialSequence = (item: ServiceItem): string =>
  `serial:${item.certificate.typeCode}:${item.certificate.issuerCode}`;

/**
 * The audit entry voiding every serial of `issuance` (on the case: the client sees its own trail). `actor`:
 * the client whose request decided it, or the job that did (`system:…`).
 */
export function voidedSerials(
  actor: string,
  record: Pick<CaseRecord, 'caseId' | 'serviceItemCode'>,
  sequence: string,
  issuance: IssuanceRecord,
  reason: VoidReason,
): AuditInput {
  return {
    actor,
    action: SERIALS_VOIDED,
    subject: record.caseId,
    details: {
      sequence,
      serviceItemCode: record.serviceItemCode,
      batchId: issuance.batchId,
      serials: issuance.licences.map((l) => l.serial),
      numbers: issuance.licences.map((l) => l.number),
      reason,
    },
  };
}

/**
 * The reservation write of `issuance` failed. A DomainError means it was refused, so nothing was written;
 * any other failure (an outage, a lost reply) may have written it, so the case is read back: a batch that is
 * there is kept for the resumption, one that is not is voided. Never throws: the caller reports the failure.
 */
export async function voidUnwrittenBatch(
  deps: IssuanceDependencies,
  principal: Principal,
  record: CaseRecord,
  sequence: string,
  issuance: IssuanceRecord,
  failure: unknown,
): Promise<void> {
  try {
    if (!isDomainError(failure)) {
      const current = await deps.cases.get(record.caseId);
      if (current?.issuance?.batchId === issuance.batchId) return;
    }
    await deps.audit.append([
      voidedSerials(principal.clientId, record, sequence, issuance, 'RESERVATION_FAILED'),
    ]);
  } catch {
    // Storage is down as well: the request fails either way, and its serials stay unexplained — the one gap
    // this protocol cannot close without a transaction spanning the counter and the case.
  }
}

/**
 * The batch's request can never succeed (e.g. a holder's name that cannot be rendered): take the PREPARING
 * batch out of the case and void its serials in the same write, so that a corrected request is not held
 * back as `ISSUANCE_IN_PROGRESS`. A batch no longer in the case, or committed, is left alone.
 */
export async function abandonBatch(
  deps: IssuanceDependencies,
  principal: Principal,
  caseId: string,
  sequence: string,
  issuance: IssuanceRecord,
): Promise<void> {
  await mutateCase(deps, principal, caseId, (next) => {
    if (next.issuance?.batchId !== issuance.batchId || next.issuance.state !== 'PREPARING')
      return { audit: [], result: undefined };
    delete next.issuance;
    return {
      audit: [voidedSerials(principal.clientId, next, sequence, issuance, 'REQUEST_REFUSED')],
      result: undefined,
    };
  });
}
