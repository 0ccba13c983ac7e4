/**
 * One licence's production, the same for a case's batch and a bulk row (the `SEALING` and `STORING` steps
 * of machine.ts): the QR text with its signed offline payload, render, PAdES seal through KMS, the PDF in
 * S3 with If-None-Match (a second write never replaces it; the object that won is the licence), and the
 * ledger record carrying the hash of exactly that object.
 *
 * Entry point for a bulk row (functions/core/bulk, one row = one licence, no case):
 *
 *   issueRowLicence(deps: LicenceProductionDependencies, row: LicenceSubject): Promise<CertificateRecord>
 *
 * `row.licence` is the reserved identity and plan (deterministic for a row: the same on every run), `origin`
 * the bulk job (stored in the record's `caseId`), `batchId` the chunk. Exactly once: a record already there
 * is returned as it is; a stored PDF without a record is recorded with its own bytes; otherwise the licence
 * is sealed and stored, and the conditional put of the record (`ifAbsent`, VALID) is the row's commit
 * point — a racing run of the same row records the same object's hash and reads the winner's record.
 * A `DomainError` (a licence that cannot be rendered) refuses the row; anything else is an outage to retry.
 */
import { createHash } from 'node:crypto';
import { ConcurrentUpdateError } from '../../../ports/case-store.js';
import type { HolderKeys } from '../../../ports/holder-keys.js';
import type { Ledger } from '../../../ports/ledger.js';
import { ObjectExistsError, type ObjectStore } from '../../../ports/object-store.js';
import type { ReservedLicence } from '../../cases/model.js';
import type { ServiceItem } from '../../catalogue/types.js';
import { type LicenceQrIssuer, licenceQrText } from '../../qr/licence-qr.js';
import { archiveDueOf, archiveDueOfSealToken } from '../../verification/timestamps/licence-timestamps.js';
import { holderKeyOf } from '../holder-index.js';
import type { LicenceFactory, SealedLicence } from '../licence-factory.js';
import type { CertificateRecord, CertificateStatus } from '../model.js';
import { verifyUrlOf } from '../view.js';

/** What producing a licence needs (a subset of the issuance's dependencies). */
export interface LicenceProductionDependencies {
  ledger: Ledger;
  licences: ObjectStore;
  factory: LicenceFactory;
  holderKeys: HolderKeys;
  publicBaseUrl: string;
  /** Signs each licence's offline QR payload (core/qr); without it the QR holds the verify URL alone. */
  qr?: LicenceQrIssuer;
}

/** One licence to produce: its reserved identity and plan, and what its ledger record names. */
export interface LicenceSubject {
  licence: ReservedLicence;
  item: ServiceItem;
  /** The client whose request (or job) issues it. */
  clientId: string;
  /** The case the licence is issued for, or the bulk job standing in its place (the record's `caseId`). */
  origin: string;
  /** The issuance batch (a case's batch, a bulk job's chunk): the record is in force once it committed. */
  batchId: string;
  /** The batch's issue time (ISO 8601), fixed with its reservation. */
  issuedAt: string;
}

/** Where a licence's PDF is stored. */
export const licenceKey = (certificateId: string) => `licences/${certificateId}.pdf`;

const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Whether `bytes` name `certificateId` in their XMP packet (licence/render/xmp.ts; uncompressed). */
const namesItself = (bytes: Uint8Array, certificateId: string) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(
    `<xmpMM:DocumentID>urn:zhengzhao:certificate:${certificateId}<`,
    0,
    'latin1',
  );

/**
 * The archive due day of the PDFs this process sealed, known from their time-stamp token (null: none), so
 * that the record of a licence stored as sealed does not parse its file again (≈1.5 ms a licence); bytes
 * another run stored are a different object and are read.
 */
const sealedArchiveDue = new WeakMap<Uint8Array, string | null>();

const archiveDueOfStored = (bytes: Uint8Array): string | undefined => {
  const known = sealedArchiveDue.get(bytes);
  return known === undefined ? archiveDueOf(bytes) : (known ?? undefined);
};

/** Render and seal one licence (its QR's offline payload signed first, over what its record will hold). */
export async function sealLicence(
  deps: LicenceProductionDependencies,
  subject: LicenceSubject,
): Promise<SealedLicence> {
  const { licence, item } = subject;
  const issuedAt = new Date(subject.issuedAt);
  const verifyUrl = verifyUrlOf(deps.publicBaseUrl, licence.certificateId, licence.verificationCode);
  let qrText: string | undefined;
  if (deps.qr) {
    const holderKey = await holderKeyOf(deps.holderKeys, licence.holder);
    const source = {
      ...licence,
      type: item.certificate.type,
      issuer: item.certificate.issuer,
      issuedAt: subject.issuedAt,
      ...(holderKey ? { holderKey } : {}),
    };
    qrText = (await licenceQrText(deps.qr, source, verifyUrl)).text;
  }
  const sealed = await deps.factory.produce(
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
  if (sealed.timeStampToken !== undefined)
    sealedArchiveDue.set(
      sealed.bytes,
      sealed.timeStampToken ? (archiveDueOfSealToken(sealed.timeStampToken) ?? null) : null,
    );
  return sealed;
}

/**
 * Store the sealed PDF unless an object is there already; resolves to the bytes S3 keeps (ours, or those
 * of the run that stored first) and the seal certificate's serial when the bytes are ours.
 */
export async function storeLicence(
  deps: LicenceProductionDependencies,
  subject: LicenceSubject,
  sealed: SealedLicence,
): Promise<{ bytes: Uint8Array; sealCertificateSerial: string }> {
  const key = licenceKey(subject.licence.certificateId);
  try {
    await deps.licences.put(key, sealed.bytes, { contentType: 'application/pdf', ifNoneMatch: true });
    return { bytes: sealed.bytes, sealCertificateSerial: sealed.sealCertificateSerial };
  } catch (error) {
    if (!(error instanceof ObjectExistsError)) throw error;
    // Another run stored first: its bytes are the licence, and the record must say so.
    const kept = await deps.licences.get(key);
    if (!kept) throw new Error(`no licence ${key}`);
    return { bytes: kept, sealCertificateSerial: '' };
  }
}

/** The ledger record of a licence whose stored PDF is `bytes`. */
export async function licenceRecord(
  deps: Pick<LicenceProductionDependencies, 'holderKeys'>,
  subject: LicenceSubject,
  stored: { bytes: Uint8Array; sealCertificateSerial: string },
  status: Extract<CertificateStatus, 'PENDING' | 'VALID'>,
): Promise<CertificateRecord> {
  const { licence, item } = subject;
  const holderKey = await holderKeyOf(deps.holderKeys, licence.holder);
  // A time-stamped licence joins the archive queue (B-LTA), due 90 days before its TSA certificate ends.
  const archiveDue = archiveDueOfStored(stored.bytes);
  return {
    certificateId: licence.certificateId,
    clientId: subject.clientId,
    caseId: subject.origin,
    serviceItemCode: item.code,
    batchId: subject.batchId,
    status,
    number: licence.number,
    identifier: licence.identifier,
    serial: licence.serial,
    type: item.certificate.type,
    typeName: item.certificate.name,
    issuer: item.certificate.issuer,
    holder: licence.holder,
    ...(holderKey ? { holderKey } : {}),
    fields: licence.fields,
    issuedAt: subject.issuedAt,
    validFrom: licence.validFrom,
    validUntil: licence.validUntil,
    sha256: sha256Hex(stored.bytes),
    ...(namesItself(stored.bytes, licence.certificateId) ? { namesItself: true as const } : {}),
    objectKey: licenceKey(licence.certificateId),
    bytes: stored.bytes.byteLength,
    verificationCode: licence.verificationCode,
    sealCertificateSerial: stored.sealCertificateSerial,
    ...(licence.statusList ? { statusList: licence.statusList } : {}),
    expiryQueue: 'ACTIVE',
    ...(archiveDue ? { archiveQueue: 'DUE' as const, archiveDue } : {}),
    version: 1,
  };
}

/** Issue one bulk row's licence exactly once; see the module comment. */
export async function issueRowLicence(
  deps: LicenceProductionDependencies,
  row: LicenceSubject,
): Promise<CertificateRecord> {
  const done = await deps.ledger.get(row.licence.certificateId);
  if (done) return done;
  const kept = await deps.licences.get(licenceKey(row.licence.certificateId));
  const stored = kept
    ? { bytes: kept, sealCertificateSerial: '' }
    : await storeLicence(deps, row, await sealLicence(deps, row));
  const record = await licenceRecord(deps, row, stored, 'VALID');
  try {
    await deps.ledger.putPending(record, { ifAbsent: true });
    return record;
  } catch (error) {
    if (!(error instanceof ConcurrentUpdateError)) throw error;
    const existing = await deps.ledger.get(row.licence.certificateId);
    if (!existing) throw error;
    return existing;
  }
}
