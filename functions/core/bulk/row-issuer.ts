/**
 * Issuing one bulk row's licence, exactly once: the same production as a case's licence (the QR's signed
 * offline payload, render, PAdES seal through KMS, the PDF in S3 with If-None-Match, the ledger record with
 * its holder key and status-list entry) whose commit point is the ledger's conditional put of the record
 * (`ifAbsent`). A row has no case to commit through, and needs none: its identity is deterministic, so a
 * second run finds the record (done), or the stored PDF (sealed, not yet recorded: its bytes are recorded),
 * or nothing (sealed afresh; a racing run's object wins the If-None-Match and both record its bytes).
 */
import { createHash } from 'node:crypto';
import { ConcurrentUpdateError } from '../../ports/case-store.js';
import type { HolderKeys } from '../../ports/holder-keys.js';
import type { Ledger } from '../../ports/ledger.js';
import { ObjectExistsError, type ObjectStore } from '../../ports/object-store.js';
import type { ReservedLicence } from '../cases/model.js';
import type { ServiceItem } from '../catalogue/types.js';
import { holderKeyOf } from '../certificates/holder-index.js';
import type { LicenceFactory } from '../certificates/licence-factory.js';
import type { CertificateRecord } from '../certificates/model.js';
import { verifyUrlOf } from '../certificates/view.js';
import { type LicenceQrIssuer, licenceQrText } from '../qr/licence-qr.js';
import { archiveDueOf } from '../verification/timestamps/licence-timestamps.js';

/** One row ready to issue: its reserved identity and plan, and what its record names. */
export interface PreparedRow {
  licence: ReservedLicence;
  item: ServiceItem;
  clientId: string;
  /** The job (in the record's `caseId`: the job stands where a case's licences name their case). */
  bulkId: string;
  /** The chunk (the record's `batchId`). */
  batchId: string;
  issuedAt: string;
  /**
   * True when this run wrote the chunk's reservation just now: no run can have stored any of its rows
   * before (rows are issued only once reserved), so the reads that look for earlier work are skipped and
   * only the conditional writes settle a race with a concurrent run.
   */
  fresh?: boolean;
}

/**
 * Issue one prepared row; resolves to its ledger record (whether this call or an earlier run wrote it).
 * A `DomainError` (a licence that cannot be rendered) fails the row; anything else is an outage: the chunk
 * is run again later.
 */
export type IssueRow = (row: PreparedRow) => Promise<CertificateRecord>;

export interface RowIssuerDependencies {
  ledger: Ledger;
  licences: ObjectStore;
  factory: LicenceFactory;
  holderKeys: HolderKeys;
  publicBaseUrl: string;
  qr?: LicenceQrIssuer;
}

const licenceKey = (certificateId: string) => `licences/${certificateId}.pdf`;
const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** The production `IssueRow` (the existing issuance's parts; see the module comment). */
export function createRowIssuer(deps: RowIssuerDependencies): IssueRow {
  return async (row) => {
    const { licence } = row;
    const key = licenceKey(licence.certificateId);
    const [done, kept, holderKey] = await Promise.all([
      row.fresh ? undefined : deps.ledger.get(licence.certificateId),
      row.fresh ? undefined : deps.licences.get(key),
      holderKeyOf(deps.holderKeys, licence.holder),
    ]);
    if (done) return done;
    let bytes = kept;
    let sealSerial = '';
    if (!bytes) {
      const sealed = await seal(deps, row, holderKey);
      sealSerial = sealed.sealCertificateSerial;
      try {
        await deps.licences.put(key, sealed.bytes, { contentType: 'application/pdf', ifNoneMatch: true });
        bytes = sealed.bytes;
      } catch (error) {
        if (!(error instanceof ObjectExistsError)) throw error;
        // Another run of this row stored first: its bytes are the licence.
        bytes = await deps.licences.get(key);
        sealSerial = '';
        if (!bytes) throw new Error(`no licence ${key}`);
      }
    }
    const record = recordOf(row, bytes, sealSerial, holderKey);
    try {
      await deps.ledger.putPending(record, { ifAbsent: true });
      return record;
    } catch (error) {
      if (!(error instanceof ConcurrentUpdateError)) throw error;
      const existing = await deps.ledger.get(licence.certificateId);
      if (!existing) throw error;
      return existing;
    }
  };
}

async function seal(deps: RowIssuerDependencies, row: PreparedRow, holderKey: string | undefined) {
  const { licence, item } = row;
  const issuedAt = new Date(row.issuedAt);
  const verifyUrl = verifyUrlOf(deps.publicBaseUrl, licence.certificateId, licence.verificationCode);
  const qrText = deps.qr
    ? (
        await licenceQrText(
          deps.qr,
          {
            ...licence,
            type: item.certificate.type,
            issuer: item.certificate.issuer,
            issuedAt: row.issuedAt,
            ...(holderKey ? { holderKey } : {}),
          },
          verifyUrl,
        )
      ).text
    : undefined;
  return deps.factory.produce(
    {
      template: item.certificate,
      certificateId: licence.certificateId,
      number: licence.number,
      identifier: licence.identifier,
      holder: licence.holder,
      fields: licence.fields,
      issuedAt,
      validFrom: new Date(`${licence.validFrom}T00:00:00+08:00`),
      validUntil: new Date(`${licence.validUntil}T00:00:00+08:00`),
      verifyUrl,
      ...(qrText ? { qrText } : {}),
    },
    issuedAt,
  );
}

/** The row's ledger record, in force from its write (VALID: the write is the row's commit point). */
function recordOf(
  row: PreparedRow,
  bytes: Uint8Array,
  sealCertificateSerial: string,
  holderKey: string | undefined,
): CertificateRecord {
  const { licence, item } = row;
  const due = archiveDueOf(bytes);
  return {
    certificateId: licence.certificateId,
    clientId: row.clientId,
    caseId: row.bulkId,
    serviceItemCode: item.code,
    batchId: row.batchId,
    status: 'VALID',
    number: licence.number,
    identifier: licence.identifier,
    serial: licence.serial,
    type: item.certificate.type,
    typeName: item.certificate.name,
    issuer: item.certificate.issuer,
    holder: licence.holder,
    ...(holderKey ? { holderKey } : {}),
    fields: licence.fields,
    issuedAt: row.issuedAt,
    validFrom: licence.validFrom,
    validUntil: licence.validUntil,
    sha256: sha256Hex(bytes),
    objectKey: licenceKey(licence.certificateId),
    bytes: bytes.byteLength,
    verificationCode: licence.verificationCode,
    sealCertificateSerial,
    ...(licence.statusList ? { statusList: licence.statusList } : {}),
    expiryQueue: 'ACTIVE',
    ...(due ? { archiveQueue: 'DUE' as const, archiveDue: due } : {}),
    version: 1,
  };
}
