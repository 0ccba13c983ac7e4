/**
 * Step 2 of issuance (see issue-certificates.ts): each licence rendered and sealed, then stored — the PDF in
 * S3 (If-None-Match) and, side by side, its PENDING ledger record.
 */
import { createHash } from 'node:crypto';
import { ConcurrentUpdateError } from '../../ports/case-store.js';
import { ObjectExistsError } from '../../ports/object-store.js';
import type { CaseRecord, IssuanceRecord, Principal, ReservedLicence } from '../cases/model.js';
import type { ServiceItem } from '../catalogue/types.js';
import { mapWithConcurrency } from '../concurrency.js';
import { licenceQrText } from '../qr/licence-qr.js';
import { archiveDueOf } from '../verification/timestamps/licence-timestamps.js';
import { holderKeyOf } from './holder-index.js';
import type { IssuanceDependencies } from './issuance/dependencies.js';
import type { SealedLicence } from './licence-factory.js';
import type { CertificateRecord } from './model.js';
import { verifyUrlOf } from './view.js';

const licenceKey = (certificateId: string) => `licences/${certificateId}.pdf`;

const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** One batch being produced: what every licence of it shares. */
interface BatchContext {
  deps: IssuanceDependencies;
  record: CaseRecord;
  item: ServiceItem;
  principal: Principal;
  issuance: IssuanceRecord;
  /** True when this request reserved the batch just now (nothing of it can be stored yet). */
  fresh: boolean;
  /** Settles when the reservation is written: nothing is stored before (rendering may start). */
  reserved: Promise<unknown>;
  /** Licences that began storing. */
  storing: number;
}

/**
 * Counts a licence that begins storing. When the last one does, the commit follows the stores: the case
 * store may read what the commit needs (the audit chain's head) while they run, instead of after them.
 */
function storingStarted(batch: BatchContext): void {
  batch.storing += 1;
  if (batch.storing === batch.issuance.licences.length)
    batch.deps.cases.prepareUpdate?.().catch(() => undefined);
}

/** The licence's QR text with its signed offline payload, over what its ledger record will hold. */
async function qrTextFor(batch: BatchContext, licence: ReservedLicence, verifyUrl: string) {
  const { deps, item, issuance } = batch;
  if (!deps.qr) return undefined;
  const holderKey = await holderKeyOf(deps.holderKeys, licence.holder);
  const source = {
    ...licence,
    type: item.certificate.type,
    issuer: item.certificate.issuer,
    issuedAt: issuance.issuedAt,
    ...(holderKey ? { holderKey } : {}),
  };
  return (await licenceQrText(deps.qr, source, verifyUrl)).text;
}

/** Render and seal one reserved licence. */
async function seal(batch: BatchContext, licence: ReservedLicence): Promise<SealedLicence> {
  const { deps, item, issuance } = batch;
  const issuedAt = new Date(issuance.issuedAt);
  const verifyUrl = verifyUrlOf(deps.publicBaseUrl, licence.certificateId, licence.verificationCode);
  const qrText = await qrTextFor(batch, licence, verifyUrl);
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

/** The PENDING ledger record of a licence whose stored PDF is `sealed`, with its holder's lookup key. */
async function pendingRecord(
  batch: BatchContext,
  licence: ReservedLicence,
  sealed: Uint8Array,
  sealCertificateSerial: string,
): Promise<CertificateRecord> {
  const { record, item, principal, issuance } = batch;
  const holderKey = await holderKeyOf(batch.deps.holderKeys, licence.holder);
  return {
    certificateId: licence.certificateId,
    clientId: principal.clientId,
    caseId: record.caseId,
    serviceItemCode: item.code,
    batchId: issuance.batchId,
    status: 'PENDING',
    number: licence.number,
    identifier: licence.identifier,
    serial: licence.serial,
    type: item.certificate.type,
    typeName: item.certificate.name,
    issuer: item.certificate.issuer,
    holder: licence.holder,
    ...(holderKey ? { holderKey } : {}),
    fields: licence.fields,
    issuedAt: issuance.issuedAt,
    validFrom: licence.validFrom,
    validUntil: licence.validUntil,
    sha256: sha256Hex(sealed),
    objectKey: licenceKey(licence.certificateId),
    bytes: sealed.byteLength,
    verificationCode: licence.verificationCode,
    sealCertificateSerial,
    ...(licence.statusList ? { statusList: licence.statusList } : {}),
    expiryQueue: 'ACTIVE',
    ...archiveQueueOf(sealed),
    version: 1,
  };
}

/** A time-stamped licence joins the archive queue (B-LTA), due 90 days before its TSA certificate ends. */
function archiveQueueOf(sealed: Uint8Array): Pick<CertificateRecord, 'archiveQueue' | 'archiveDue'> {
  const due = archiveDueOf(sealed);
  return due ? { archiveQueue: 'DUE', archiveDue: due } : {};
}

/**
 * Store one licence. The ledger record must carry the hash of the object S3 keeps, and identical requests
 * race to store it (If-None-Match: the first object stays). A request that just reserved the batch writes
 * its record beside its object, but only where no record exists yet (`ifAbsent`): should its object lose,
 * that record is wrong until `recordStored` corrects it, and it can never replace a right one — so the
 * record is right before any request completes the licence, hence before the commit and activation.
 */
async function produceOne(batch: BatchContext, licence: ReservedLicence): Promise<CertificateRecord> {
  const { deps, fresh, reserved } = batch;
  const key = licenceKey(licence.certificateId);
  // A batch this request just reserved has nothing stored yet; a resumed one may (reuse it).
  const kept = fresh ? undefined : await deps.licences.get(key);
  const made = kept ? undefined : await seal(batch, licence);
  await reserved;
  storingStarted(batch);
  if (!made) return recordStored(batch, licence, kept as Uint8Array, '');
  const stored = deps.licences.put(key, made.bytes, { contentType: 'application/pdf', ifNoneMatch: true });
  stored.catch(() => undefined);
  const entry = await pendingRecord(batch, licence, made.bytes, made.sealCertificateSerial);
  const [object, ledger] = await Promise.allSettled([
    stored,
    fresh ? deps.ledger.putPending(entry, { ifAbsent: true }) : deps.ledger.get(licence.certificateId),
  ]);
  if (object.status === 'rejected' && !(object.reason instanceof ObjectExistsError)) throw object.reason;
  if (ledger.status === 'rejected' && !(ledger.reason instanceof ConcurrentUpdateError)) throw ledger.reason;
  if (object.status === 'fulfilled' && fresh && ledger.status === 'fulfilled') return entry;
  // Another request stored the object first: its bytes are the licence, and the record must say so.
  const bytes = object.status === 'fulfilled' ? made.bytes : await deps.licences.get(key);
  if (!bytes) throw new Error(`no licence ${key}`);
  const seen = !fresh && ledger.status === 'fulfilled' ? (ledger.value ?? null) : undefined;
  return recordStored(batch, licence, bytes, made.sealCertificateSerial, seen);
}

/**
 * Make the licence's ledger record carry the hash of `bytes`, the object stored, and return it: an existing
 * record that does is kept (whoever wrote it; after the commit it may be VALID already), a PENDING one that
 * does not (written beside an object that lost) is replaced. `seen` is a read of the record made meanwhile.
 */
async function recordStored(
  batch: BatchContext,
  licence: ReservedLicence,
  bytes: Uint8Array,
  sealCertificateSerial: string,
  seen?: CertificateRecord | null,
): Promise<CertificateRecord> {
  const { deps } = batch;
  const entry = await pendingRecord(batch, licence, bytes, sealCertificateSerial);
  // A write of the right hash fails only when the record changed since it was read: at most once for the
  // other requests' writes of the right hash or the activation after the commit — read again and look.
  for (let attempt = 0; attempt < 3; attempt++) {
    const existing = attempt === 0 && seen !== undefined ? seen : await deps.ledger.get(entry.certificateId);
    if (existing?.sha256 === entry.sha256 && existing.batchId === entry.batchId) return existing;
    if (existing && existing.status !== 'PENDING')
      throw new Error(`ledger record ${entry.certificateId} does not hold the stored licence`);
    try {
      await deps.ledger.putPending(entry);
      return entry;
    } catch (error) {
      if (!(error instanceof ConcurrentUpdateError)) throw error;
    }
  }
  throw new Error(`ledger record ${entry.certificateId} kept changing`);
}

/** Produce every licence of the batch (bounded concurrency); see `BatchContext` for the arguments. */
export function produceLicences(
  deps: IssuanceDependencies,
  record: CaseRecord,
  item: ServiceItem,
  principal: Principal,
  issuance: IssuanceRecord,
  fresh: boolean,
  reserved: Promise<unknown>,
): Promise<CertificateRecord[]> {
  const batch: BatchContext = { deps, record, item, principal, issuance, fresh, reserved, storing: 0 };
  return mapWithConcurrency(issuance.licences, deps.concurrency ?? 8, (licence) =>
    produceOne(batch, licence),
  );
}
