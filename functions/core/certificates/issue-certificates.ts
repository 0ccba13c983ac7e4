/**
 * Issuance of 1..100 licences for an APPROVED case — all or nothing, resumable, exactly once:
 *
 * 1. reserve: serials (atomic counter), ids and verification codes are fixed in the case record
 *    (`issuance`, PREPARING) by a conditional write — a retry of the same request finds and resumes them;
 * 2. produce: each licence is rendered, sealed through KMS (bounded concurrency) and written to S3 with
 *    If-None-Match (a second write cannot replace it; a resumed batch reuses what is there), and recorded in
 *    the ledger as PENDING — not in force, invisible to verification;
 * 3. commit: one conditional write of the case (APPROVED → ISSUED, batch COMMITTED) is the commit point;
 * 4. activate: ledger records PENDING → VALID (verification treats a PENDING record of a committed batch as
 *    VALID too, so a crash here changes nothing visible).
 * A crash before 3 leaves nothing issued; the same request (same Idempotency-Key) completes the same batch.
 */
import { createHash } from 'node:crypto';
import type { AuditInput } from '../../ports/audit-log.js';
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
): Promise<{ issuance: IssuanceRecord; fresh: boolean }> {
  // A resumed request finds its batch: no new plan, no new serials (no gaps in licence numbers).
  if (record.issuance?.requestHash === requestHash) return { issuance: record.issuance, fresh: false };
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
  const { result } = await mutateCase(deps, principal, record.caseId, (next) => {
    if (next.issuance?.requestHash === requestHash)
      return { audit: [], result: { issuance: next.issuance, fresh: false } };
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
    return { audit: [], result: { issuance, fresh: true } };
  });
  return result;
}

async function produce(
  deps: IssuanceDependencies,
  record: CaseRecord,
  item: ServiceItem,
  principal: Principal,
  issuance: IssuanceRecord,
  fresh: boolean,
): Promise<CertificateRecord[]> {
  const issuedAt = new Date(issuance.issuedAt);
  return mapWithConcurrency(issuance.licences, deps.concurrency ?? 8, async (licence) => {
    const key = licenceKey(licence.certificateId);
    // A batch this request just reserved has nothing stored yet; a resumed one may (reuse it).
    let sealed = fresh ? undefined : await deps.licences.get(key);
    let sealCertificateSerial = '';
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
      try {
        await deps.licences.put(key, made.bytes, { contentType: 'application/pdf', ifNoneMatch: true });
        sealed = made.bytes;
      } catch (error) {
        // A concurrent resume of the same batch wrote it first: the stored licence is the one.
        if (!(error instanceof ObjectExistsError)) throw error;
        sealed = await deps.licences.get(key);
        if (!sealed) throw error;
      }
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
    if (!existing) await deps.ledger.putPending(entry);
    return existing ?? entry;
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
  const { issuance, fresh } = await reserve(deps, principal, record, item, request, requestHash);
  const produced = await produce(deps, record, item, principal, issuance, fresh);

  // The committing write also claims the writing of the batch's audit entries (one write, not two).
  const auditToken = base32(deps.random.bytes(10));
  const { result: committedNow } = await mutateCase(deps, principal, caseId, (next) => {
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
    next.issuance.auditClaim = { token: auditToken, at: deps.clock.now().toISOString() };
    return { audit: [], result: true };
  });
  if (committedNow) {
    const stats = [
      recordCaseTransition(deps.counters, item.code, 'APPROVED', 'ISSUED'),
      recordIssued(deps.counters, new Date(issuance.issuedAt), produced.length),
    ];
    await Promise.all(stats.map((s) => s.catch(() => undefined)));
  }
  // Whoever committed or lost the race to commit: the audit trail of the batch is written once.
  await completeCommitted(deps, principal, caseId, issuance, produced, committedNow ? auditToken : undefined);
  const now = deps.clock.now();
  return produced.map((p) => toCertificateView({ ...p, status: 'VALID' }, deps.publicBaseUrl, now));
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
  const activate = () =>
    Promise.all(produced.map((p) => deps.ledger.activate(p.certificateId, issuance.batchId)));
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
      const audit: AuditInput[] = [
        {
          actor: principal.clientId,
          action: 'case.issued',
          subject: caseId,
          details: { batchId: issuance.batchId, count: produced.length },
        },
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
      ];
      // Certificate entries first, the case entry last: its presence means the batch is fully audited.
      const ordered = [...audit.slice(1), audit[0] as AuditInput];
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
