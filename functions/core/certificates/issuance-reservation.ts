/**
 * Step 1 of issuance (see issue-certificates.ts): serials, ids and verification codes fixed in the case record
 * by one conditional write, so that a retry of the same request resumes the same batch.
 */

import { normaliseMobile } from '../cases/applicant.js';
import { mutateCase } from '../cases/case-context.js';
import type { CaseRecord, IssuanceRecord, Principal, ReservedLicence } from '../cases/model.js';
import type { ServiceItem } from '../catalogue/types.js';
import { DomainError } from '../errors.js';
import { base32, newId } from '../ids.js';
import { buildIdentifier } from '../licence/identifier.js';
import { formatLicenceNumber } from '../licence/licence-number.js';
import { STATUS_POSITION_COUNTER, statusListReference } from '../status-lists/status-list.js';
import type { IssuanceDependencies } from './issuance/dependencies.js';
import { serialSequence, type VoidReason, voidedSerials, voidUnwrittenBatch } from './issuance-serials.js';
import { type IssueRequest, type PlannedLicence, planLicences } from './plan.js';

/** 128 random bits, Crockford base32 (26 characters): printed in the QR, checked on verification. */
export const newVerificationCode = (random: { bytes(n: number): Uint8Array }) => base32(random.bytes(16));

/** 409 CASE_NOT_APPROVED: licences are issued for an APPROVED case only. */
export const notApproved = (record: CaseRecord) =>
  new DomainError(
    'CONFLICT',
    'CASE_NOT_APPROVED',
    '办件尚未审批通过，不能签发证照',
    'The case is not approved; licences cannot be issued',
    {
      details: { caseId: record.caseId, status: record.status },
    },
  );

/** 409 ISSUANCE_IN_PROGRESS: another request's batch of this case is being produced. */
export const issuanceInProgress = (record: CaseRecord) =>
  new DomainError(
    'CONFLICT',
    'ISSUANCE_IN_PROGRESS',
    '另一签发请求正在处理中',
    'Another issuance of this case is in progress',
    { details: { caseId: record.caseId }, retryAfterSeconds: 5 },
  );

/**
 * Why `record` cannot take a new batch at `now`, if it cannot: not APPROVED, or another request's batch
 * showed a sign of life (started, or resumed by its own request) less than `staleMs` ago — an older one was
 * abandoned and may be replaced.
 */
function refusalOf(record: CaseRecord, now: Date, staleMs: number): DomainError | undefined {
  if (record.status !== 'APPROVED') return notApproved(record);
  const lastSign = record.issuance && (record.issuance.resumedAt ?? record.issuance.startedAt);
  if (lastSign !== undefined && Date.parse(lastSign) > now.getTime() - staleMs)
    return issuanceInProgress(record);
  return undefined;
}

/**
 * Plan the batch of `request`, reserve its serials and start the write that fixes it in the case (see
 * `Reservation`); a request whose batch is already in the case resumes it without a write. Everything that
 * can refuse the request is checked before a serial is taken; what a race decides later is settled in the
 * reservation write, which voids the serials it does not keep (issuance-serials.ts).
 */
export async function reserveBatch(
  deps: IssuanceDependencies,
  principal: Principal,
  loaded: CaseRecord,
  item: ServiceItem,
  request: IssueRequest,
  requestHash: string,
): Promise<Reservation> {
  const staleMs = deps.staleBatchMs ?? 15 * 60_000;
  let record = loaded;
  // A resumed request finds its batch: no new plan, no new serials (no gaps in licence numbers) — unless the
  // batch was voided as abandoned meanwhile: then the request takes a fresh one, never the voided serials.
  if (loaded.issuance?.requestHash === requestHash) {
    const resumed = await resumeBatch(deps, principal, loaded, loaded.issuance, staleMs);
    if (resumed.issuance?.requestHash === requestHash)
      return {
        issuance: resumed.issuance,
        fresh: false,
        outcome: Promise.resolve({ kind: 'RESERVED', record: resumed }),
      };
    record = resumed;
  }
  const issuedAt = deps.clock.now();
  const refused = refusalOf(record, issuedAt, staleMs);
  if (refused) throw refused;
  const planned = planLicences(deps.catalogue, item, record, request, issuedAt, deps.glyphs);
  const sequence = serialSequence(item);
  const batchId = newId('BATCH', deps.clock, deps.random);
  // Serials and status-list positions are taken side by side, each with the batch as its claim.
  const [first, firstPosition] = await Promise.all([
    reserveSerials(deps, sequence, planned.length, batchId),
    reserveSerials(deps, STATUS_POSITION_COUNTER, planned.length, batchId),
  ]);
  const issuance = newBatch(deps, item, planned, { batchId, first, firstPosition }, requestHash, issuedAt);
  const notifyMobile = request.notify ? normaliseMobile(request.notify.mobile) : undefined;
  if (notifyMobile) issuance.notifyMobile = notifyMobile;
  // Settles to an outcome and never rejects: nothing can be an unhandled rejection while licences render.
  const outcome = writeReservation(deps, principal, record, sequence, issuance, staleMs).then(
    (w): ReservationOutcome => ({ kind: w.fresh ? 'RESERVED' : 'JOINED', record: w.record }),
    (error: unknown): ReservationOutcome => ({ kind: 'FAILED', error }),
  );
  return { issuance, fresh: true, outcome };
}

/**
 * A retry resuming its PREPARING batch after the stale limit marks it alive (`resumedAt`) before storing
 * anything, by a conditional case write: the job voiding abandoned batches (void-abandoned-batches.ts) then
 * either voided it first — this write finds it gone and the request reserves afresh — or sees it alive and
 * leaves it. A batch younger than the stale limit needs no mark: its request ends (15 min at most on Lambda)
 * long before the job's day has passed. Returns the case as it now is.
 */
async function resumeBatch(
  deps: IssuanceDependencies,
  principal: Principal,
  record: CaseRecord,
  issuance: IssuanceRecord,
  staleMs: number,
): Promise<CaseRecord> {
  const now = deps.clock.now();
  const lastSign = Date.parse(issuance.resumedAt ?? issuance.startedAt);
  if (issuance.state !== 'PREPARING' || lastSign > now.getTime() - staleMs) return record;
  const { record: current } = await mutateCase(
    deps,
    principal,
    record.caseId,
    (next) => {
      if (next.issuance?.batchId === issuance.batchId && next.issuance.state === 'PREPARING')
        next.issuance.resumedAt = now.toISOString();
      return { audit: [], result: undefined };
    },
    record,
  );
  return current;
}

/**
 * Take `count` values of counter `sequence` (serials, status-list positions) for batch `batchId`. A failed
 * reservation is asked again once with the same claim: if the first had been made and only its reply was
 * lost, the counter returns that block, not a second one.
 */
export async function reserveSerials(
  deps: IssuanceDependencies,
  sequence: string,
  count: number,
  batchId: string,
): Promise<number> {
  try {
    return await deps.counters.reserve(sequence, count, batchId);
  } catch {
    return deps.counters.reserve(sequence, count, batchId);
  }
}

/**
 * The batch of `planned` with serials from `first` and status-list positions from `firstPosition` (counter
 * values start at 1, positions at 0): ids, numbers, identifiers, verification codes and status entries.
 */
function newBatch(
  deps: IssuanceDependencies,
  item: ServiceItem,
  planned: PlannedLicence[],
  { batchId, first, firstPosition }: { batchId: string; first: number; firstPosition: number },
  requestHash: string,
  issuedAt: Date,
): IssuanceRecord {
  const template = item.certificate;
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
    statusList: statusListReference(firstPosition - 1 + i, deps.statusListSize),
    ...plan,
  }));
  return {
    batchId,
    requestHash,
    state: 'PREPARING',
    startedAt: issuedAt.toISOString(),
    issuedAt: issuedAt.toISOString(),
    licences,
  };
}

/** The case already decided against this batch: an identical request's batch is there, or it refuses. */
class NotReserved {
  constructor(
    readonly record: CaseRecord,
    readonly reason: VoidReason,
    readonly refusal?: DomainError,
  ) {}
}

/**
 * The reservation write. Whatever the race decided, the serials this batch does not keep are voided: the
 * request lost to a different one (rejects with that refusal) or to an identical one (whose batch this
 * request completes: `fresh` false); a stale batch it replaces has its serials voided in the same write.
 * A request that lost writes nothing to the case — its consistent read decided, and a write would only
 * contend with the batch's own progress (identical requests then ran out of attempts: 409 CONCURRENT_UPDATE).
 */
async function writeReservation(
  deps: IssuanceDependencies,
  principal: Principal,
  record: CaseRecord,
  sequence: string,
  issuance: IssuanceRecord,
  staleMs: number,
): Promise<{ record: CaseRecord; fresh: boolean }> {
  const now = new Date(issuance.startedAt);
  try {
    const { record: written } = await mutateCase(
      deps,
      principal,
      record.caseId,
      (next) => {
        if (next.issuance?.requestHash === issuance.requestHash)
          throw new NotReserved(next, 'DUPLICATE_REQUEST');
        const refusal = refusalOf(next, now, staleMs);
        if (refusal) throw new NotReserved(next, refusal.code as VoidReason, refusal);
        // A stale batch of another request is replaced: it was abandoned, its serials are voided here.
        const replaced = next.issuance?.state === 'PREPARING' ? next.issuance : undefined;
        next.issuance = issuance;
        return {
          audit: replaced ? [voidedSerials(principal.clientId, next, sequence, replaced, 'SUPERSEDED')] : [],
          result: undefined,
        };
      },
      record,
    );
    return { record: written, fresh: true };
  } catch (error) {
    if (!(error instanceof NotReserved)) {
      await voidUnwrittenBatch(deps, principal, record, sequence, issuance, error);
      throw error;
    }
    await deps.audit.append([voidedSerials(principal.clientId, record, sequence, issuance, error.reason)]);
    if (error.refusal) throw error.refusal;
    return { record: error.record, fresh: false };
  }
}

/**
 * How a reservation write ended (machine.ts, `RESERVING`):
 * - `RESERVED`: the batch is the case's (`record`: the case as written, or as found for a resumed batch);
 * - `JOINED`: an identical request reserved first — its batch (`record.issuance`) is the one to complete;
 * - `FAILED`: refused (a DomainError: another request's batch, the case's state) or an outage; this batch
 *   is not the case's to complete (its serials are accounted for: issuance-serials.ts).
 */
export type ReservationOutcome =
  | { kind: 'RESERVED'; record: CaseRecord }
  | { kind: 'JOINED'; record: CaseRecord }
  | { kind: 'FAILED'; error: unknown };

/**
 * A reservation: the batch (ids, serials, codes) and the outcome of the write that fixes it in the case.
 * Production may start rendering while the write is in flight, but stores nothing before its outcome is
 * `RESERVED`; `outcome` never rejects.
 */
export interface Reservation {
  issuance: IssuanceRecord;
  /** True when this request planned the batch just now (nothing of it can be stored yet). */
  fresh: boolean;
  outcome: Promise<ReservationOutcome>;
}
