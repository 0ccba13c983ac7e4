/**
 * Steps 3 and 4 of issuance (see issue-certificates.ts): the commit point, and completing a committed batch —
 * activation and its audit entries, written exactly once — also when a retry finds the batch committed.
 */
import type { AuditInput } from '../../ports/audit-log.js';
import { MAX_AUDIT_ENTRIES_PER_UPDATE } from '../../ports/case-store.js';
import { LICENCES_PER_ENTRY, licenceListings } from '../audit/licence-listing.js';
import { mutateCase } from '../cases/case-context.js';
import type { CaseRecord, IssuanceRecord, Principal } from '../cases/model.js';
import type { ServiceItem } from '../catalogue/types.js';
import { DomainError } from '../errors.js';
import { base32 } from '../ids.js';
import type { IssuanceDependencies } from './issuance/dependencies.js';
import type { CertificateRecord } from './model.js';

/**
 * Whether a batch of `count` licences commits its ledger records in the commit's transaction, with the case
 * and the batch's audit entries: then production writes no PENDING record and nothing is activated after the
 * commit. That costs the same write units as the other way (2 per record in a transaction against 1 for the
 * PENDING record and 1 for its activation) but two requests fewer per licence and no step after the commit —
 * a 54-licence batch made 108 ledger requests besides its transaction. The bound is what one transaction holds:
 * the case, the batch's audit entries (one per 60 licences) and the records — up to 97 licences. A larger batch
 * (98–100) writes PENDING records beside its PDFs and activates them.
 */
export const recordsInCommit = (count: number) =>
  count + issuanceAuditEntries(count) <= MAX_AUDIT_ENTRIES_PER_UPDATE;

/** How many audit entries `issuanceAudit` writes for a batch of `count` licences. */
const issuanceAuditEntries = (count: number) => Math.max(1, Math.ceil(count / LICENCES_PER_ENTRY));

/**
 * Steps 3 and 4: the commit write (APPROVED → ISSUED, batch COMMITTED) and what follows it — the activation of
 * the ledger records and, for a batch too large for one transaction, its audit entries. The statistics follow
 * from the commit write's change record, off this path (core/stats/case-changes.ts).
 */
export async function commitBatch(
  deps: IssuanceDependencies,
  principal: Principal,
  _item: ServiceItem,
  issuance: IssuanceRecord,
  produced: CertificateRecord[],
  reserved: CaseRecord,
): Promise<void> {
  const { caseId } = reserved;
  // The commit write: up to MAX_AUDIT_ENTRIES_PER_UPDATE entries go into its transaction (the batch is then
  // audited atomically); a larger batch's commit claims the writing of its entries instead.
  const atomicAudit =
    issuanceAudit(principal, caseId, issuance, produced).length <= MAX_AUDIT_ENTRIES_PER_UPDATE;
  const inCommit = recordsInCommit(issuance.licences.length);
  const auditToken = base32(deps.random.bytes(10));
  const { result: committedNow } = await mutateCase(
    deps,
    principal,
    caseId,
    (next) => {
      if (next.issuance?.batchId !== issuance.batchId) {
        throw new DomainError(
          'CONFLICT',
          'ISSUANCE_SUPERSEDED',
          '签发批次已被替换',
          'This issuance batch was replaced',
          {},
        );
      }
      if (next.issuance.state === 'COMMITTED') return { audit: [], result: false };
      next.issuance.state = 'COMMITTED';
      next.status = 'ISSUED';
      next.certificateIds = [...next.certificateIds, ...produced.map((p) => p.certificateId)];
      if (inCommit) {
        next.issuance.audited = true;
        return {
          audit: issuanceAudit(principal, caseId, issuance, produced),
          result: true,
          // In force from the commit on: the records are written VALID by the commit itself.
          ledger: produced.map((p) => ({ ...p, status: 'VALID' as const })),
        };
      }
      if (atomicAudit) {
        next.issuance.audited = true;
        return { audit: issuanceAudit(principal, caseId, issuance, produced), result: true };
      }
      next.issuance.auditClaim = { token: auditToken, at: deps.clock.now().toISOString() };
      return { audit: [], result: true };
    },
    reserved,
  );
  // Committed with its records and its audit entries in one write: nothing is left.
  if (committedNow && inCommit) return;
  if (committedNow && atomicAudit) {
    // Committed and audited in one write: only the activation is left (idempotent; readers treat a PENDING
    // record of a committed batch as in force, so a crash here changes nothing visible).
    await activateBatch(deps, issuance, produced);
  } else {
    // Whoever committed or lost the race to commit: the audit trail of the batch is written once.
    await completeCommitted(
      deps,
      principal,
      caseId,
      issuance,
      produced,
      committedNow ? auditToken : undefined,
    );
  }
}

/** PENDING → VALID for every licence of the batch (idempotent). */
export const activateBatch = (
  deps: IssuanceDependencies,
  issuance: IssuanceRecord,
  produced: CertificateRecord[],
) => Promise.all(produced.map((p) => deps.ledger.activate(p.certificateId, issuance.batchId)));

/**
 * The audit entry of a batch: ONE `case.issued` entry under the case (beyond 60 licences, `case.issued.licences`
 * entries list the rest, appended in the same write), listing every licence it issued
 * (id, number, the SHA-256 of its PDF), so the chain still fixes each licence's bytes while a
 * batch writes one entry and one index copy instead of one per licence (issue 19: 6 → 3 WRU for a single
 * licence). A licence's trail finds it through its case (core/audit/subject-trail.ts), and consumers see one
 * `certificate.issued` event per listed licence (core/events/domain-events.ts `eventsOfEntry`). Its presence
 * means the batch is fully audited.
 */
export function issuanceAudit(
  principal: Principal,
  caseId: string,
  issuance: IssuanceRecord,
  produced: CertificateRecord[],
): AuditInput[] {
  // A request holds up to 100 licences: one entry, or two; an entry of a batch that issued none still says so.
  const listings = licenceListings(produced);
  return (listings.length > 0 ? listings : [[]]).map((licences, i) => ({
    actor: principal.clientId,
    action: i === 0 ? 'case.issued' : ISSUED_LICENCES_CONTINUED,
    subject: caseId,
    details: { batchId: issuance.batchId, count: produced.length, licences },
  }));
}

/**
 * The action of a batch's further listing entries (see `issuanceAudit`): appended in the same write, so the batch
 * still has one `case.issued` event — one SMS, one statistic.
 */
export const ISSUED_LICENCES_CONTINUED = 'case.issued.licences';

/**
 * After the commit point: activate the batch's ledger records (idempotent) and append its audit entries if
 * the trail does not have them yet — once per batch, also when the committing request crashed before writing
 * them (the retry takes this path) or when identical requests raced. The case records `audited` afterwards,
 * so the common replay costs one read.
 */
export async function completeCommitted(
  deps: IssuanceDependencies,
  principal: Principal,
  caseId: string,
  issuance: IssuanceRecord,
  produced: CertificateRecord[],
  /** Set when the caller's commit write already claimed the audit writing. */
  claimed?: string,
): Promise<void> {
  const activate = () => activateBatch(deps, issuance, produced);
  // Without the claim, activate first (idempotent; a failure holds nothing). With it, inside the try below.
  if (!claimed) await activate();
  // Claim the audit writing (conditional write on the case), so racing identical requests write it once;
  // a claim older than a minute belongs to a crashed request and may be taken over.
  const token = claimed ?? base32(deps.random.bytes(10));
  const now = deps.clock.now();
  const { result: mine } = claimed
    ? { result: true }
    : await mutateCase(deps, principal, caseId, (next) => {
        const batch = next.issuance;
        if (batch?.batchId !== issuance.batchId || batch.audited) return { audit: [], result: false };
        if (batch.auditClaim && Date.parse(batch.auditClaim.at) > now.getTime() - 60_000)
          return { audit: [], result: false };
        batch.auditClaim = { token, at: now.toISOString() };
        return { audit: [], result: true };
      });
  if (!mine) return;
  try {
    // Just committed by this request: nobody can have written the batch's entries yet, so no need to look.
    const activated = claimed ? activate() : Promise.resolve([]);
    // Awaited below; marked handled now so an early failure is not an unhandled rejection meanwhile.
    activated.catch(() => undefined);
    const trail = claimed ? [] : await deps.audit.listBySubject(caseId);
    const written = trail.some((e) => e.action === 'case.issued' && e.details.batchId === issuance.batchId);
    if (!written) {
      const ordered = issuanceAudit(principal, caseId, issuance, produced);
      await deps.audit.append(ordered);
    }
    await activated;
  } catch (error) {
    // Give the claim back so the retry writes the entries at once (a crash lets it lapse instead).
    await mutateCase(deps, principal, caseId, (next) => {
      if (next.issuance?.auditClaim?.token === token) delete next.issuance.auditClaim;
      return { audit: [], result: undefined };
    }).catch(() => undefined);
    throw error;
  }
  await mutateCase(deps, principal, caseId, (next) => {
    if (next.issuance?.batchId === issuance.batchId) {
      next.issuance.audited = true;
      delete next.issuance.auditClaim;
    }
    return { audit: [], result: undefined };
  });
}
