/**
 * Issuance of 1..100 licences for an APPROVED case — all or nothing, resumable, exactly once:
 *
 * 1. reserve: once the key's scope, the case's state and the plan are checked, serials (atomic counter), ids
 *    and verification codes are fixed in the case record (`issuance`, PREPARING) by a conditional write — a
 *    retry of the same request finds and resumes them; serials a batch does not keep are voided with an
 *    audit entry (issuance-serials.ts), so every gap in a numbering sequence is explained;
 * 2. produce: each licence is rendered and sealed through KMS (bounded concurrency; rendering starts while the
 *    reservation is being written, storing only after it), then written to S3 with If-None-Match (a second
 *    write cannot replace it; a resumed batch reuses what is there) and, side by side, recorded in the ledger
 *    as PENDING — not in force, invisible to verification; while the last ones are stored, the case store
 *    reads what the commit's transaction extends (the audit chain's head, `CaseStore.prepareUpdate`);
 * 3. commit: one conditional write of the case (APPROVED → ISSUED, batch COMMITTED) is the commit point; up
 *    to 98 licences its transaction also holds the batch's audit entries, a larger batch claims their writing;
 * 4. activate: ledger records PENDING → VALID (verification treats a PENDING record of a committed batch as
 *    VALID too, so a crash here changes nothing visible).
 * A crash before 3 leaves nothing issued; the same request (same Idempotency-Key) completes the same batch.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../audit/canonical-json.js';
import { authoriseServiceItem, loadOwnCase } from '../cases/case-context.js';
import { refuseWhileDeferred } from '../cases/deferrals.js';
import { refuseStalePulledLicences } from '../cases/licence-rechecks.js';
import type { IssuanceRecord, Principal } from '../cases/model.js';
import type { ServiceItem } from '../catalogue/types.js';
import { isDomainError } from '../errors.js';
import type { IssuanceDependencies } from './issuance/dependencies.js';
import { commitBatch, completeCommitted } from './issuance-commit.js';
import { produceLicences } from './issuance-production.js';
import { notApproved, type Reservation, reserveBatch } from './issuance-reservation.js';
import { abandonBatch, serialSequence } from './issuance-serials.js';
import type { CertificateRecord, CertificateView } from './model.js';
import type { IssueRequest } from './plan.js';
import { toCertificateView } from './view.js';

export type { IssuanceDependencies } from './issuance/dependencies.js';

/** Issue the licences of an APPROVED case; see the module comment for the protocol. */
export async function issueCertificates(
  deps: IssuanceDependencies,
  principal: Principal,
  caseId: string,
  request: IssueRequest,
): Promise<CertificateView[]> {
  const record = await loadOwnCase(deps, principal, caseId);
  // The key's scope before anything about the case's state (and before a serial is taken).
  authoriseServiceItem(principal, record.serviceItemCode);
  const item = deps.catalogue.require(record.serviceItemCode);
  const requestHash = createHash('sha256').update(canonicalJson(request)).digest('hex');
  if (record.issuance?.state === 'COMMITTED' && record.issuance.requestHash === requestHash)
    return replayCommitted(deps, principal, caseId, record.issuance);
  if (record.status !== 'APPROVED' && record.issuance?.requestHash !== requestHash) throw notApproved(record);
  // 容缺受理: no licence while a deferred material is outstanding — refused before a serial is taken.
  if (record.issuance?.requestHash !== requestHash) refuseWhileDeferred(record);
  // Licences pulled as materials must still be in force (a resumed batch already passed this check).
  if (record.issuance?.requestHash !== requestHash) await refuseStalePulledLicences(deps, principal, record);
  const reservation = await reserveBatch(deps, principal, record, item, request, requestHash);
  // Licences render while the reservation is written; a concurrent identical request that reserved first
  // wins, and this one completes that batch instead.
  const lost = Symbol('lost');
  const gate = reservation.written.then((w) => {
    if (reservation.fresh && !w.fresh) throw lost;
    return w.record;
  });
  // Awaited by production only after the first licence is sealed: handled now, or a refused reservation
  // would be an unhandled rejection meanwhile (which ends the process).
  gate.catch(() => undefined);
  let issuance = reservation.issuance;
  let produced: CertificateRecord[];
  try {
    produced = await produceLicences(deps, record, item, principal, issuance, reservation.fresh, gate);
  } catch (error) {
    if (error !== lost) {
      await abandonIfRefused(deps, principal, caseId, item, reservation, error);
      throw error;
    }
    const winner = (await reservation.written).record;
    if (!winner.issuance) throw error;
    issuance = winner.issuance;
    produced = await produceLicences(deps, record, item, principal, issuance, false, Promise.resolve());
  }
  const reserved = await reservation.written.then((w) => w.record);

  await commitBatch(deps, principal, item, issuance, produced, reserved);
  const now = deps.clock.now();
  return produced.map((p) => toCertificateView({ ...p, status: 'VALID' }, deps, now));
}

/** A replay, or a retry after a crash past the commit point: finish what may be missing. */
async function replayCommitted(
  deps: IssuanceDependencies,
  principal: Principal,
  caseId: string,
  issuance: IssuanceRecord,
): Promise<CertificateView[]> {
  const done = await Promise.all(issuance.licences.map((l) => deps.ledger.get(l.certificateId)));
  const produced = done.filter((r): r is CertificateRecord => r !== undefined);
  await completeCommitted(deps, principal, caseId, issuance, produced);
  return produced.map((r) =>
    toCertificateView({ ...r, status: r.status === 'PENDING' ? 'VALID' : r.status }, deps, deps.clock.now()),
  );
}

/**
 * Production failed with a refusal of the request itself (422: a licence that cannot be rendered): the
 * same request would fail again, so its batch must not hold the case — it is taken out and its serials are
 * voided. Outages (anything else) keep the batch for the retry. A refused reservation wrote no batch.
 */
async function abandonIfRefused(
  deps: IssuanceDependencies,
  principal: Principal,
  caseId: string,
  item: ServiceItem,
  reservation: Reservation,
  error: unknown,
): Promise<void> {
  if (!isDomainError(error) || (error.kind !== 'UNPROCESSABLE' && error.kind !== 'INVALID')) return;
  const written = await reservation.written.then(
    () => true,
    () => false,
  );
  if (!written) return;
  await abandonBatch(deps, principal, caseId, serialSequence(item), reservation.issuance).catch(
    () => undefined,
  );
}
