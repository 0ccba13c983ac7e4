/**
 * Step 2 of issuance (see issue-certificates.ts): each licence rendered and sealed, then stored — the PDF in
 * S3 (If-None-Match) and, side by side, its PENDING ledger record.
 */
import { createHash } from 'node:crypto';
import { ObjectExistsError } from '../../ports/object-store.js';
import type { CaseRecord, IssuanceRecord, Principal, ReservedLicence } from '../cases/model.js';
import type { ServiceItem } from '../catalogue/types.js';
import { mapWithConcurrency } from '../concurrency.js';
import type { IssuanceDependencies } from './issue-certificates.js';
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

/** Render and seal one reserved licence. */
function seal(batch: BatchContext, licence: ReservedLicence): Promise<SealedLicence> {
  const { deps, item, issuance } = batch;
  const issuedAt = new Date(issuance.issuedAt);
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
      verifyUrl: verifyUrlOf(deps.publicBaseUrl, licence.certificateId, licence.verificationCode),
    },
    issuedAt,
  );
}

/** The PENDING ledger record of a licence whose stored PDF is `sealed`. */
function pendingRecord(
  batch: BatchContext,
  licence: ReservedLicence,
  sealed: Uint8Array,
  sealCertificateSerial: string,
): CertificateRecord {
  const { record, item, principal, issuance } = batch;
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
    fields: licence.fields,
    issuedAt: issuance.issuedAt,
    validFrom: licence.validFrom,
    validUntil: licence.validUntil,
    sha256: sha256Hex(sealed),
    objectKey: licenceKey(licence.certificateId),
    bytes: sealed.byteLength,
    verificationCode: licence.verificationCode,
    sealCertificateSerial,
    expiryQueue: 'ACTIVE',
    version: 1,
  };
}

async function produceOne(batch: BatchContext, licence: ReservedLicence): Promise<CertificateRecord> {
  const { deps, fresh, reserved } = batch;
  const key = licenceKey(licence.certificateId);
  // A batch this request just reserved has nothing stored yet; a resumed one may (reuse it).
  const kept = fresh ? undefined : await deps.licences.get(key);
  const made = kept ? undefined : await seal(batch, licence);
  await reserved;
  storingStarted(batch);
  const stored: Promise<unknown> = made
    ? deps.licences.put(key, made.bytes, { contentType: 'application/pdf', ifNoneMatch: true })
    : Promise.resolve();
  stored.catch(() => undefined);
  const entry = pendingRecord(
    batch,
    licence,
    kept ?? (made as SealedLicence).bytes,
    made?.sealCertificateSerial ?? '',
  );
  const existing = fresh ? undefined : await deps.ledger.get(licence.certificateId);
  // The object and the ledger record are written side by side (the record is PENDING: not in force).
  const [object, ledger] = await Promise.allSettled([
    stored,
    existing ? Promise.resolve() : deps.ledger.putPending(entry),
  ]);
  if (object.status === 'rejected' && !(object.reason instanceof ObjectExistsError)) throw object.reason;
  if (ledger.status === 'rejected') throw ledger.reason;
  if (object.status === 'fulfilled' && !existing) return entry;
  const record = existing ?? entry;
  // A concurrent resume of the same batch may have written the object first: the stored licence is the one,
  // and the ledger record must carry its hash (whoever wrote the record).
  const storedBytes = object.status === 'fulfilled' ? (kept ?? made?.bytes) : await deps.licences.get(key);
  if (!storedBytes) throw object.status === 'rejected' ? object.reason : new Error(`no licence ${key}`);
  const sha256 = sha256Hex(storedBytes);
  if (record.sha256 === sha256) return record;
  const rewritten = { ...record, sha256, bytes: storedBytes.byteLength };
  await deps.ledger.putPending(rewritten);
  return rewritten;
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
