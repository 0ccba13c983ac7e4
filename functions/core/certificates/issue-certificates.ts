/**
 * Issuance of 1..100 licences for an APPROVED case — all or nothing, resumable, exactly once:
 *
 * 1. reserve: serials (atomic counter), ids and verification codes are fixed in the case record
 *    (`issuance`, PREPARING) by a conditional write — a retry of the same request finds and resumes them;
 * 2. produce: each licence is rendered and sealed through KMS (bounded concurrency; rendering starts while the
 *    reservation is being written, storing only after it), then written to S3 with If-None-Match (a second
 *    write cannot replace it; a resumed batch reuses what is there) and, side by side, recorded in the ledger
 *    as PENDING — not in force, invisible to verification;
 * 3. commit: one conditional write of the case (APPROVED → ISSUED, batch COMMITTED) is the commit point; up
 *    to 98 licences its transaction also holds the batch's audit entries, a larger batch claims their writing;
 * 4. activate: ledger records PENDING → VALID (verification treats a PENDING record of a committed batch as
 *    VALID too, so a crash here changes nothing visible).
 * A crash before 3 leaves nothing issued; the same request (same Idempotency-Key) completes the same batch.
 */
import { createHash } from 'node:crypto';
import type { AuditInput } from '../../ports/audit-log.js';
import { MAX_AUDIT_ENTRIES_PER_UPDATE } from '../../ports/case-store.js';
import type { Counters, Ledger } from '../../ports/ledger.js';
import { ObjectExistsError, type ObjectStore } from '../../ports/object-store.js';
import { canonicalJson } from '../audit/canonical-json.js';
import type { CaseDependencies } from '../cases/case-context.js';
import { loadOwnCase, mutateCase } from '../cases/case-context.js';
import type { CaseRecord, IssuanceRecord, Principal, ReservedLicence } from '../cases/model.js';
import type { ServiceItem } from '../catalogue/types.js';
import { mapWithConcurrency } from '../concurrency.js';
import { DomainError } from '../errors.js';
import { base32, newId } from '../ids.js';
import { buildIdentifier } from '../licence/identifier.js';
import { formatLicenceNumber } from '../licence/licence-number.js';
import { recordCaseTransition, recordIssued } from '../stats/stats.js';
import type { LicenceFactory } from './licence-factory.js';
import type { CertificateRecord, CertificateView } from './model.js';
import { type IssueRequest, planLicences } from './plan.js';
import { toCertificateView, verifyUrlOf } from './view.js';

export interface IssuanceDependencies extends CaseDependencies {
  ledger: Ledger;
  counters: Counters;
  licences: ObjectStore;
  factory: LicenceFactory;
  publicBaseUrl: string;
  /** Licences rendered and sealed at once. @default 8 — bounds concurrent KMS Sign calls and memory. */
  concurrency?: number;
  /** A PREPARING batch older than this may be replaced by a different request. @default 15 min */
  staleBatchMs?: number;
}

const licenceKey = (certificateId: string) => `licences/${certificateId}.pdf`;

/** 128 random bits, Crockford base32 (26 characters): printed in the QR, checked on verification. */
export const newVerificationCode = (random: { bytes(n: number): Uint8Array }) => base32(random.bytes(16));

const notApproved = (record: CaseRecord) =>
  new DomainError(
    'CONFLICT',
    'CASE_NOT_APPROVED',
    '办件尚未审批通过，不能签发证照',
    'The case is not approved; licences cannot be issued',
    {
      details: { caseId: record.caseId, status: record.status },
    },
  );

async function reserve(
  deps: IssuanceDependencies,
  principal: Principal,
  record: CaseRecord,
  item: ServiceItem,
  request: IssueRequest,
  requestHash: string,
): Promise<Reservation> {
  // A resumed request finds its batch: no new plan, no new serials (no gaps in licence numbers).
  if (record.issuance?.requestHash === requestHash)
    return { issuance: record.issuance, fresh: false, written: Promise.resolve({ record, fresh: false }) };
  const issuedAt = deps.clock.now();
  const planned = planLicences(deps.catalogue, item, record, request, issuedAt);
  const template = item.certificate;
  const first = await deps.counters.reserve(
    `serial:${template.typeCode}:${template.issuerCode}`,
    planned.length,
  );
  const year = Number(new Date(issuedAt.getTime() + 8 * 3600_000).toISOString().slice(0, 4));
  const licences: ReservedLicence[] = planned.map((plan, i) => ({
    certificateId: newId('CERT', deps.clock, deps.random),
    serial: first + i,
    number: formatLicenceNumber({ prefix: template.numberPrefix, year, serial: first + i }),
    identifier: buildIdentifier({
      typeCode: template.typeCode,
      issuerCode: template.issuerCode,
      serial: first + i,
      version: 1,
    }),
    verificationCode: newVerificationCode(deps.random),
    ...plan,
  }));
  const issuance: IssuanceRecord = {
    batchId: newId('BATCH', deps.clock, deps.random),
    requestHash,
    state: 'PREPARING',
    startedAt: issuedAt.toISOString(),
    issuedAt: issuedAt.toISOString(),
    licences,
  };
  const staleMs = deps.staleBatchMs ?? 15 * 60_000;
  const written = mutateCase(
    deps,
    principal,
    record.caseId,
    (next) => {
      if (next.issuance?.requestHash === requestHash) return { audit: [], result: false };
      if (next.status !== 'APPROVED') throw notApproved(next);
      if (next.issuance && Date.parse(next.issuance.startedAt) > issuedAt.getTime() - staleMs) {
        throw new DomainError(
          'CONFLICT',
          'ISSUANCE_IN_PROGRESS',
          '另一签发请求正在处理中',
          'Another issuance of this case is in progress',
          {
            retryAfterSeconds: 5,
          },
        );
      }
      next.issuance = issuance;
      return { audit: [], result: true };
    },
    record,
  ).then(({ record: written, result }) => ({ record: written, fresh: result }));
  // Awaited by the caller; marked handled now so that a failure while licences render is not unhandled.
  written.catch(() => undefined);
  return { issuance, fresh: true, written };
}

/**
 * A reservation: the batch (ids, serials, codes) and the write that fixes it in the case. Production may
 * start rendering while `written` is in flight, but stores nothing before it succeeded; `written.fresh` is
 * false when an identical concurrent request reserved first (its batch, in `written.record`, is the one).
 */
interface Reservation {
  issuance: IssuanceRecord;
  fresh: boolean;
  written: Promise<{ record: CaseRecord; fresh: boolean }>;
}

async function produce(
  deps: IssuanceDependencies,
  record: CaseRecord,
  item: ServiceItem,
  principal: Principal,
  issuance: IssuanceRecord,
  fresh: boolean,
  /** Settles when the reservation is written: nothing is stored before (rendering may start). */
  reserved: Promise<unknown>,
): Promise<CertificateRecord[]> {
  const issuedAt = new Date(issuance.issuedAt);
  return mapWithConcurrency(issuance.licences, deps.concurrency ?? 8, async (licence) => {
    const key = licenceKey(licence.certificateId);
    // A batch this request just reserved has nothing stored yet; a resumed one may (reuse it).
    let sealed = fresh ? undefined : await deps.licences.get(key);
    let sealCertificateSerial = '';
    let stored: Promise<unknown> = Promise.resolve();
    if (!sealed) {
      const made = await deps.factory.produce(
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
      sealCertificateSerial = made.sealCertificateSerial;
      await reserved;
      sealed = made.bytes;
      stored = deps.licences.put(key, made.bytes, { contentType: 'application/pdf', ifNoneMatch: true });
      stored.catch(() => undefined);
    } else {
      await reserved;
    }
    const entry: CertificateRecord = {
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
      sha256: createHash('sha256').update(sealed).digest('hex'),
      objectKey: key,
      bytes: sealed.byteLength,
      verificationCode: licence.verificationCode,
      sealCertificateSerial,
      expiryQueue: 'ACTIVE',
      version: 1,
    };
    const existing = fresh ? undefined : await deps.ledger.get(licence.certificateId);
    if (existing) {
      await stored;
      return existing;
    }
    // The object and the ledger record are written side by side (the record is PENDING: not in force).
    const [object] = await Promise.allSettled([stored, deps.ledger.putPending(entry)]).then(
      async (results) => {
        const [put, ledger] = results;
        if (put.status === 'rejected' && !(put.reason instanceof ObjectExistsError)) throw put.reason;
        if (ledger.status === 'rejected') throw ledger.reason;
        return results;
      },
    );
    if (object.status === 'fulfilled') return entry;
    // A concurrent resume of the same batch wrote the object first: the stored licence is the one.
    const kept = await deps.licences.get(key);
    if (!kept) throw object.reason;
    const rewritten = {
      ...entry,
      sha256: createHash('sha256').update(kept).digest('hex'),
      bytes: kept.byteLength,
    };
    await deps.ledger.putPending(rewritten);
    return rewritten;
  });
}

/** Issue the licences of an APPROVED case; see the module comment for the protocol. */
export async function issueCertificates(
  deps: IssuanceDependencies,
  principal: Principal,
  caseId: string,
  request: IssueRequest,
): Promise<CertificateView[]> {
  const record = await loadOwnCase(deps, principal, caseId);
  const item = deps.catalogue.require(record.serviceItemCode);
  const requestHash = createHash('sha256').update(canonicalJson(request)).digest('hex');
  if (record.issuance?.state === 'COMMITTED' && record.issuance.requestHash === requestHash) {
    // A replay, or a retry after a crash past the commit point: finish what may be missing.
    const done = await Promise.all(record.issuance.licences.map((l) => deps.ledger.get(l.certificateId)));
    const produced = done.filter((r): r is CertificateRecord => r !== undefined);
    await completeCommitted(deps, principal, caseId, record.issuance, produced);
    return produced.map((r) =>
      toCertificateView(
        { ...r, status: r.status === 'PENDING' ? 'VALID' : r.status },
        deps.publicBaseUrl,
        deps.clock.now(),
      ),
    );
  }
  if (record.status !== 'APPROVED' && record.issuance?.requestHash !== requestHash) throw notApproved(record);
  const reservation = await reserve(deps, principal, record, item, request, requestHash);
  // Licences render while the reservation is written; a concurrent identical request that reserved first
  // wins, and this one completes that batch instead.
  const lost = Symbol('lost');
  const gate = reservation.written.then((w) => {
    if (reservation.fresh && !w.fresh) throw lost;
    return w.record;
  });
  let issuance = reservation.issuance;
  let produced: CertificateRecord[];
  try {
    produced = await produce(deps, record, item, principal, issuance, reservation.fresh, gate);
  } catch (error) {
    if (error !== lost) throw error;
    const winner = (await reservation.written).record;
    if (!winner.issuance) throw error;
    issuance = winner.issuance;
    produced = await produce(deps, record, item, principal, issuance, false, Promise.resolve());
  }
  const reserved = await reservation.written.then((w) => w.record);

  // The commit write: up to MAX_AUDIT_ENTRIES_PER_UPDATE entries go into its transaction (the batch is then
  // audited atomically); a larger batch's commit claims the writing of its entries instead.
  const atomicAudit = produced.length + 1 <= MAX_AUDIT_ENTRIES_PER_UPDATE;
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
      if (atomicAudit) {
        next.issuance.audited = true;
        return { audit: issuanceAudit(principal, caseId, issuance, produced), result: true };
      }
      next.issuance.auditClaim = { token: auditToken, at: deps.clock.now().toISOString() };
      return { audit: [], result: true };
    },
    reserved,
  );
  const stats = committedNow
    ? Promise.all(
        [
          recordCaseTransition(deps.counters, item.code, 'APPROVED', 'ISSUED'),
          recordIssued(deps.counters, new Date(issuance.issuedAt), produced.length),
        ].map((s) => s.catch(() => undefined)),
      )
    : Promise.resolve([]);
  if (committedNow && atomicAudit) {
    // Committed and audited in one write: only the activation is left (idempotent; readers treat a PENDING
    // record of a committed batch as in force, so a crash here changes nothing visible).
    await Promise.all([activateBatch(deps, issuance, produced), stats]);
  } else {
    await stats;
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
  const now = deps.clock.now();
  return produced.map((p) => toCertificateView({ ...p, status: 'VALID' }, deps.publicBaseUrl, now));
}

const activateBatch = (deps: IssuanceDependencies, issuance: IssuanceRecord, produced: CertificateRecord[]) =>
  Promise.all(produced.map((p) => deps.ledger.activate(p.certificateId, issuance.batchId)));

/** The audit entries of a batch: one per licence, then the case's (its presence means fully audited). */
function issuanceAudit(
  principal: Principal,
  caseId: string,
  issuance: IssuanceRecord,
  produced: CertificateRecord[],
): AuditInput[] {
  return [
    ...produced.map((p) => ({
      actor: principal.clientId,
      action: 'certificate.issued',
      subject: p.certificateId,
      details: {
        caseId,
        number: p.number,
        identifier: p.identifier,
        sha256: p.sha256,
        batchId: issuance.batchId,
      },
    })),
    {
      actor: principal.clientId,
      action: 'case.issued',
      subject: caseId,
      details: { batchId: issuance.batchId, count: produced.length },
    },
  ];
}

/**
 * After the commit point: activate the batch's ledger records (idempotent) and append its audit entries if
 * the trail does not have them yet — once per batch, also when the committing request crashed before writing
 * them (the retry takes this path) or when identical requests raced. The case records `audited` afterwards,
 * so the common replay costs one read.
 */
async function completeCommitted(
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
      for (let i = 0; i < ordered.length; i += 100) await deps.audit.append(ordered.slice(i, i + 100));
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
