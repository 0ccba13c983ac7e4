/**
 * Issuing one bulk row's licence: through issuance's own production (issuance/licence-production.ts
 * `issueRowLicence`), the same QR payload, render, PAdES seal, S3 If-None-Match and ledger record as a case's
 * licence, whose commit point for a row is the ledger's conditional put of its VALID record. The job stands
 * where a case's licences name their case (`origin`), the chunk is the batch.
 */
import type { ReservedLicence } from '../cases/model.js';
import type { ServiceItem } from '../catalogue/types.js';
import {
  issueRowLicence,
  type LicenceProductionDependencies,
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
  return (row) =>
    issueRowLicence(deps, {
      licence: row.licence,
      item: row.item,
      clientId: row.clientId,
      origin: row.bulkId,
      batchId: row.batchId,
      issuedAt: row.issuedAt,
    });
}
