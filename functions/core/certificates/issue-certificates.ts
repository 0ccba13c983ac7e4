/**
 * Issuance of 1..100 licences for an APPROVED case — all or nothing, resumable, exactly once:
 *
 * 1. reserve: once the key's scope, the case's state and the plan are checked, serials (atomic counter), ids
 *    and verification codes are fixed in the case record (`issuance`, PREPARING) by a conditional write — a
 *    retry of the same request finds and resumes them; serials a batch does not keep are voided with an
 *    audit entry (issuance-serials.ts), so every gap in a numbering sequence is explained;
 * 2. produce: each licence is rendered and sealed through KMS (bounded concurrency; rendering starts while the
 *    reservation is being written, storing only after it), then written to S3 with If-None-Match (a second
 *    write cannot replace it; a resumed batch reuses what is there); a batch over 97 licences also records
 *    each in the ledger as PENDING beside it — not in force, invisible to verification; while the last ones
 *    are stored, the case store reads what the commit's transaction extends (the audit chain's head);
 * 3. commit: one conditional write of the case (APPROVED → ISSUED, batch COMMITTED) is the commit point; up
 *    to 97 licences its transaction also holds their ledger records (VALID) and the batch's audit entries
 *    (issuance-commit.ts `recordsInCommit`);
 * 4. activate (over 97 licences): ledger records PENDING → VALID (verification treats a PENDING record of a
 *    committed batch as VALID too, so a crash here changes nothing visible).
 * A crash before 3 leaves nothing issued; the same request (same Idempotency-Key) completes the same batch.
 * The states, transitions and invariants are in one place, issuance/machine.ts; this is its LOADED step.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../audit/canonical-json.js';
import { authoriseServiceItem, loadOwnCase } from '../cases/case-context.js';
import { refuseWhileDeferred } from '../cases/deferrals.js';
import { refuseStalePulledLicences } from '../cases/licence-rechecks.js';
import type { Principal } from '../cases/model.js';
import type { IssuanceDependencies } from './issuance/dependencies.js';
import { replayCommitted, runIssuance } from './issuance/machine.js';
import { notApproved, reserveBatch } from './issuance-reservation.js';
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
  // LOADED (issuance/machine.ts): the checks, in the order that takes no serial for a refused request.
  const loaded = await loadOwnCase(deps, principal, caseId);
  // The key's scope before anything about the case's state (and before a serial is taken).
  authoriseServiceItem(principal, loaded.serviceItemCode);
  const item = deps.catalogue.require(loaded.serviceItemCode);
  const requestHash = createHash('sha256').update(canonicalJson(request)).digest('hex');
  const ctx = { deps, principal, item, loaded };
  if (loaded.issuance?.state === 'COMMITTED' && loaded.issuance.requestHash === requestHash)
    return views(deps, await replayCommitted(ctx, caseId, loaded.issuance));
  const resuming = loaded.issuance?.requestHash === requestHash;
  if (loaded.status !== 'APPROVED' && !resuming) throw notApproved(loaded);
  // 容缺受理: no licence while a deferred material is outstanding — refused before a serial is taken.
  if (!resuming) refuseWhileDeferred(loaded);
  // Licences pulled as materials must still be in force (a resumed batch already passed this check).
  if (!resuming) await refuseStalePulledLicences(deps, principal, loaded);
  const reservation = await reserveBatch(deps, principal, loaded, item, request, requestHash);
  const done = await runIssuance(ctx, reservation);
  return views(deps, done.produced);
}

/** The answer: the batch's licences as the API shows them (a PENDING record of a committed batch is VALID). */
function views(deps: IssuanceDependencies, produced: CertificateRecord[]): CertificateView[] {
  const now = deps.clock.now();
  return produced.map((r) =>
    toCertificateView({ ...r, status: r.status === 'PENDING' ? 'VALID' : r.status }, deps, now),
  );
}
