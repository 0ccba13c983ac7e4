/**
 * `GET /v1/audit?subject=`: a subject's trail, read under the same rules as the subject itself. A case is
 * looked up as a case, anything else as a licence (certificate entries are appended under the certificate
 * id); either must belong to the calling client (another client's subject shows no entries — ids of others
 * are not confirmed, as the case and certificate reads answer 404) and lie in the key's service items (403
 * `FORBIDDEN_SERVICE_ITEM`, as every other read of that subject answers). A licence's issuance is recorded
 * once per batch, by the `case.issued` entry of its case that lists it (issuance-commit.ts `issuanceAudit`) —
 * a bulk licence's by the `bulk.issued` entry under its chunk, its batch (bulk/issued-listing.ts): a
 * licence's trail holds that entry too, merged in seq order with the entries under the licence's own id.
 */
import type { AuditEntry, AuditLog } from '../../ports/audit-log.js';
import type { CaseStore } from '../../ports/case-store.js';
import type { Ledger } from '../../ports/ledger.js';
import { isBulkBatch } from '../bulk/issued-listing.js';
import { authoriseServiceItem } from '../cases/case-context.js';
import type { Principal } from '../cases/model.js';
import { resolveCertificate } from '../certificates/certificate-service.js';
import { LICENCE_LISTING_ACTIONS } from '../events/domain-events.js';

/** What the listing reads. */
export interface SubjectTrailDependencies {
  audit: Pick<AuditLog, 'listBySubject'>;
  cases: CaseStore;
  ledger: Ledger;
}

// Our ids are 31 characters; a longer subject is none of ours (and must not reach a key lookup).
const MAX_ID_LENGTH = 64;

/** The owner and service item of a case or licence id (a licence's with its case and batch), or undefined. */
async function subjectOwner(
  deps: SubjectTrailDependencies,
  subject: string,
): Promise<{ clientId: string; serviceItemCode: string; caseId?: string; batchId?: string } | undefined> {
  if (subject.length > MAX_ID_LENGTH) return undefined;
  const owned = await deps.cases.get(subject);
  if (owned) return { clientId: owned.clientId, serviceItemCode: owned.serviceItemCode };
  // A licence of a batch that never committed does not exist for anyone, its trail included.
  return resolveCertificate(deps, subject);
}

/** The subject's entries in seq order, scoped as the module comment says. */
export async function listSubjectTrail(
  deps: SubjectTrailDependencies,
  principal: Principal,
  subject: string,
): Promise<AuditEntry[]> {
  const owner = await subjectOwner(deps, subject);
  if (!owner || owner.clientId !== principal.clientId) return [];
  authoriseServiceItem(principal, owner.serviceItemCode);
  if (!owner.caseId) return deps.audit.listBySubject(subject);
  // A case licence's listing is under its case; a bulk licence's under its chunk (the job is no subject).
  const listingSubject =
    owner.batchId && isBulkBatch({ caseId: owner.caseId, batchId: owner.batchId })
      ? owner.batchId
      : owner.caseId;
  const [own, ofBatch] = await Promise.all([
    deps.audit.listBySubject(subject),
    deps.audit.listBySubject(listingSubject),
  ]);
  const listed = ofBatch.filter((e) => listsLicence(e, subject));
  return [...own, ...listed].sort((a, b) => a.seq - b.seq);
}

/**
 * Whether an issuance listing (a case batch's `case.issued` or `case.issued.licences`, a bulk chunk's
 * `bulk.issued`) lists the licence `certificateId`.
 */
export function listsLicence(entry: AuditEntry, certificateId: string): boolean {
  const licences = entry.details.licences;
  return (
    LICENCE_LISTING_ACTIONS.includes(entry.action) &&
    Array.isArray(licences) &&
    licences.some((l) => (l as { certificateId?: unknown } | null)?.certificateId === certificateId)
  );
}
