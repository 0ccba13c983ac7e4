/**
 * A bulk chunk's issuance in the audit chain: `bulk.issued` entries under the chunk (its batch id,
 * `{bulkId}#{chunk}`), each listing up to 60 of its licences (id, number, the SHA-256 of the PDF), appended in
 * the chunk's one audit transaction with its other entries — instead of one `certificate.issued` entry per
 * licence (issue 19: one entry and one index copy per 60 licences instead of per licence). As a case batch's
 * `case.issued` listing (issuance-commit.ts `issuanceAudit`): consumers see one `certificate.issued` event per
 * listed licence (events/domain-events.ts `eventsOfEntry`), and a bulk licence's trail holds the entry that
 * lists it, found under its batch id (audit/subject-trail.ts).
 */
import type { AuditInput } from '../../ports/audit-log.js';
import { type LicenceInListing, licenceListings } from '../audit/licence-listing.js';
import type { CertificateRecord } from '../certificates/model.js';

export const BULK_ISSUED = 'bulk.issued';

/** The listing entries of a chunk's issued licences (none when no row was issued). */
export const bulkIssuedEntries = (
  actor: string,
  bulkId: string,
  batchId: string,
  issued: readonly LicenceInListing[],
): AuditInput[] =>
  licenceListings(issued).map((licences) => ({
    actor,
    action: BULK_ISSUED,
    subject: batchId,
    details: { bulkId, batchId, count: issued.length, licences },
  }));

/**
 * Whether a licence was issued by a bulk job: its batch is a chunk of the job that stands as its case
 * (`{bulkId}#{chunk}`, run-chunk.ts `chunkSubject`). A case's batches and reissues are named otherwise.
 */
export const isBulkBatch = (record: Pick<CertificateRecord, 'caseId' | 'batchId'>): boolean =>
  record.batchId.startsWith(`${record.caseId}#`);
