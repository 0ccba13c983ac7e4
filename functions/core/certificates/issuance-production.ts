/**
 * The `PRODUCING` step of issuance (issuance/machine.ts): each licence of a batch rendered and sealed
 * (issuance/licence-production.ts, shared with bulk rows), then stored — the PDF in S3 (If-None-Match) and,
 * side by side, its PENDING ledger record — once the reservation is known to be this batch's.
 */
import { ConcurrentUpdateError } from '../../ports/case-store.js';
import { ObjectExistsError } from '../../ports/object-store.js';
import type { CaseRecord, IssuanceRecord, Principal, ReservedLicence } from '../cases/model.js';
import type { ServiceItem } from '../catalogue/types.js';
import { afterPendingIo, mapWithConcurrency } from '../concurrency.js';
import type { IssuanceDependencies } from './issuance/dependencies.js';
import {
  type LicenceSubject,
  licenceKey,
  licenceRecord,
  sealLicence,
  storeLicence,
} from './issuance/licence-production.js';
import { recordsInCommit } from './issuance-commit.js';
import type { CertificateRecord } from './model.js';

/** One batch being produced: what every licence of it shares. */
interface BatchContext {
  deps: IssuanceDependencies;
  record: CaseRecord;
  item: ServiceItem;
  principal: Principal;
  issuance: IssuanceRecord;
  /** True when this request reserved the batch just now (nothing of it can be stored yet). */
  fresh: boolean;
  /**
   * Settles when the reservation's outcome is known: true when the batch is the case's and may be stored,
   * false when it is not (another request's batch won): then nothing of it is stored. Never rejects.
   */
  mayStore: Promise<boolean>;
  /** Licences that began storing. */
  storing: number;
  /** Set once `mayStore` said no: licences not sealed yet are not sealed at all. */
  notOurs: boolean;
  /**
   * The records go into the commit's transaction (issuance-commit.ts `recordsInCommit`): nothing is written to
   * the ledger here, and each record is made from the bytes S3 kept.
   */
  recordsInCommit: boolean;
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

/** The licence as a subject of production (issuance/licence-production.ts). */
const subjectOf = (batch: BatchContext, licence: ReservedLicence): LicenceSubject => ({
  licence,
  item: batch.item,
  clientId: batch.principal.clientId,
  origin: batch.record.caseId,
  batchId: batch.issuance.batchId,
  issuedAt: batch.issuance.issuedAt,
});

/** The PENDING ledger record of a licence whose stored PDF is `bytes`. */
const pendingRecord = (
  batch: BatchContext,
  licence: ReservedLicence,
  bytes: Uint8Array,
  sealCertificateSerial: string,
) => licenceRecord(batch.deps, subjectOf(batch, licence), { bytes, sealCertificateSerial }, 'PENDING');

/**
 * Store one licence. The ledger record must carry the hash of the object S3 keeps, and identical requests
 * race to store it (If-None-Match: the first object stays). A request that just reserved the batch writes
 * its record beside its object, but only where no record exists yet (`ifAbsent`): should its object lose,
 * that record is wrong until `recordStored` corrects it, and it can never replace a right one — so the
 * record is right before any request completes the licence, hence before the commit and activation.
 * Resolves to undefined, storing nothing, when the batch turned out not to be the case's (`mayStore`).
 */
async function produceOne(
  batch: BatchContext,
  licence: ReservedLicence,
): Promise<CertificateRecord | undefined> {
  const { deps, fresh } = batch;
  if (batch.notOurs) return undefined;
  const key = licenceKey(licence.certificateId);
  // A batch this request just reserved has nothing stored yet; a resumed one may (reuse it).
  const kept = fresh ? undefined : await deps.licences.get(key);
  const made = kept ? undefined : await sealLicence(deps, subjectOf(batch, licence));
  if (!(await batch.mayStore)) return undefined;
  storingStarted(batch);
  if (batch.recordsInCommit) {
    const stored = made
      ? await storeLicence(deps, subjectOf(batch, licence), made)
      : { bytes: kept as Uint8Array, sealCertificateSerial: '' };
    return pendingRecord(batch, licence, stored.bytes, stored.sealCertificateSerial);
  }
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

/**
 * Produce every licence of the batch (bounded concurrency); see `BatchContext` for the arguments. Resolves
 * to the batch's records, or to undefined when `mayStore` said the batch is not the case's (nothing stored).
 */
export async function produceLicences(
  deps: IssuanceDependencies,
  record: CaseRecord,
  item: ServiceItem,
  principal: Principal,
  issuance: IssuanceRecord,
  fresh: boolean,
  mayStore: Promise<boolean>,
): Promise<CertificateRecord[] | undefined> {
  const batch: BatchContext = {
    ...{ deps, record, item, principal, issuance, fresh, mayStore },
    storing: 0,
    notOurs: false,
    recordsInCommit: recordsInCommit(issuance.licences.length),
  };
  // `mayStore` never rejects (the reservation's outcome); this only marks the batch as not ours early.
  void mayStore.then((ours) => {
    batch.notOurs = !ours;
  });
  // A fresh batch's reservation write was just started: let it leave before rendering takes the thread.
  if (fresh) await afterPendingIo();
  const produced = await mapWithConcurrency(issuance.licences, deps.concurrency ?? 8, (licence) =>
    produceOne(batch, licence),
  );
  return (await mayStore) ? produced.filter((p): p is CertificateRecord => p !== undefined) : undefined;
}
