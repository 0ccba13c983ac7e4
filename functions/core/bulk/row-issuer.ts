/**
 * Issuing one bulk row's licence: through issuance's own production (issuance/licence-production.ts
 * `issueRowLicence`), the same QR payload, render, PAdES seal, S3 If-None-Match and ledger record as a case's
 * licence, whose commit point for a row is the ledger's conditional put of its VALID record. The job stands
 * where a case's licences name their case (`origin`), the chunk is the batch.
 *
 * A row of a chunk this run has just reserved (`fresh`) cannot have been stored by any run before — rows are
 * issued only once their chunk is RESERVED, and this run's write made it so — so its two look-ups for earlier
 * work (the ledger record, the stored PDF) are skipped, as a case's freshly reserved batch skips them: the same
 * production steps follow, and the conditional writes (S3 If-None-Match, the ledger's `ifAbsent`) still settle
 * a race with a concurrent run of the chunk that read this reservation.
 */

import { ConcurrentUpdateError } from '../../ports/case-store.js';
import type { ReservedLicence } from '../cases/model.js';
import type { ServiceItem } from '../catalogue/types.js';
import {
  issueRowLicence,
  type LicenceProductionDependencies,
  type LicenceSubject,
  licenceRecord,
  sealLicence,
  storeLicence,
} from '../certificates/issuance/licence-production.js';
import type { CertificateRecord } from '../certificates/model.js';

/** One row ready to issue: its reserved identity and plan, and what its record names. */
export interface PreparedRow {
  licence: ReservedLicence;
  item: ServiceItem;
  clientId: string;
  /** The job (the record's `caseId`). */
  bulkId: string;
  /** The chunk (the record's `batchId`). */
  batchId: string;
  issuedAt: string;
  /** The run reserved the row's chunk just now (see the module comment). */
  fresh?: boolean;
}

/**
 * Issue one prepared row; resolves to its ledger record (whether this call or an earlier run wrote it).
 * A `DomainError` (a licence that cannot be rendered) fails the row; anything else is an outage: the chunk
 * is run again later.
 */
export type IssueRow = (row: PreparedRow) => Promise<CertificateRecord>;

export type RowIssuerDependencies = LicenceProductionDependencies;

/** The production `IssueRow`. */
export function createRowIssuer(deps: RowIssuerDependencies): IssueRow {
  return (row) => {
    const subject: LicenceSubject = {
      licence: row.licence,
      item: row.item,
      clientId: row.clientId,
      origin: row.bulkId,
      batchId: row.batchId,
      issuedAt: row.issuedAt,
    };
    return row.fresh ? issueFreshRow(deps, subject) : issueRowLicence(deps, subject);
  };
}

/** `issueRowLicence` without the look-ups no earlier run can have anything for (seal, store, record). */
async function issueFreshRow(deps: RowIssuerDependencies, subject: LicenceSubject) {
  const stored = await storeLicence(deps, subject, await sealLicence(deps, subject));
  const record = await licenceRecord(deps, subject, stored, 'VALID');
  try {
    await deps.ledger.putPending(record, { ifAbsent: true });
    return record;
  } catch (error) {
    if (!(error instanceof ConcurrentUpdateError)) throw error;
    // A concurrent run of the chunk recorded it first (the same object's hash: If-None-Match chose it).
    const existing = await deps.ledger.get(subject.licence.certificateId);
    if (!existing) throw error;
    return existing;
  }
}
