/**
 * Issuance as one state machine: where an issuing request stands, how it moves on, and what holds at every
 * step. A case's request runs it (issue-certificates.ts); a bulk row is its `PRODUCING` step for one licence
 * with its own commit point (licence-production.ts `issueRowLicence`). The steps' storage work lives in the
 * step modules (issuance-reservation.ts, issuance-production.ts, issuance-commit.ts, issuance-serials.ts);
 * they import only their dependencies' types from dependencies.ts, never each other in a circle.
 *
 *   LOADED ──(batch of this request COMMITTED)──────────────────────────────▶ REPLAYING ──▶ DONE
 *     │ checks: key scope, APPROVED, no deferred material, pulled licences in force (not for a resumption)
 *     ▼
 *   RESERVING (fresh batch: serials and positions taken, the case write in flight; licences render meanwhile)
 *     │  outcome RESERVED ─────────────▶ PRODUCING (store)
 *     │  outcome JOINED (identical request reserved first) ─▶ PRODUCING its batch, as a resumption
 *     │  outcome FAILED ──────────────▶ refused (nothing stored; serials voided or the batch kept, see serials)
 *     ▼
 *   PRODUCING (render, seal, PDF If-None-Match; a batch over 97 licences: PENDING ledger records beside them)
 *     │  a licence that cannot be rendered (422) ─▶ ABANDONED (batch out of the case, serials voided)
 *     ▼
 *   COMMITTING (one conditional case write: APPROVED → ISSUED, batch COMMITTED — the commit point; in its
 *     │          transaction the batch's audit entries when they fit, and up to 97 licences their ledger
 *     │          records, VALID: issuance-commit.ts `recordsInCommit`)
 *     ▼
 *   COMPLETING (a batch over 97: activation PENDING → VALID)
 *     ▼
 *   DONE
 *
 * Invariants:
 * - nothing is stored (S3 or ledger) before the reservation's outcome is RESERVED for that batch;
 * - every serial taken ends in exactly one of: a committed licence, the case's PREPARING batch (resumable by
 *   the same request), a `licence-serial.voided` audit entry (issuance-serials.ts);
 * - a ledger record carries the SHA-256 of the object S3 keeps for it (written by the commit, or before it);
 * - the commit write is the only step that makes licences count: a crash before it leaves nothing issued
 *   and the same request resumes the same batch; after it, the same request completes and replays it;
 * - no promise of a step is left without a handler: the reservation's outcome never rejects, and the
 *   prefetch of the audit head is caught where it starts.
 */
import type { CaseRecord, IssuanceRecord, Principal } from '../../cases/model.js';
import type { ServiceItem } from '../../catalogue/types.js';
import { isDomainError } from '../../errors.js';
import { commitBatch, completeCommitted } from '../issuance-commit.js';
import { produceLicences } from '../issuance-production.js';
import type { Reservation, ReservationOutcome } from '../issuance-reservation.js';
import { abandonBatch, serialSequence } from '../issuance-serials.js';
import type { CertificateRecord } from '../model.js';
import type { IssuanceDependencies } from './dependencies.js';

/** What every step of one request shares. */
export interface IssuanceContext {
  deps: IssuanceDependencies;
  principal: Principal;
  item: ServiceItem;
  /** The case as loaded at the start. */
  loaded: CaseRecord;
}

/** Where one issuing request stands (see the module comment for the transitions). */
export type IssuanceState =
  | { step: 'RESERVING'; reservation: Reservation }
  | { step: 'PRODUCING'; issuance: IssuanceRecord; fresh: boolean; mayStore: Promise<boolean> }
  | { step: 'COMMITTING'; issuance: IssuanceRecord; produced: CertificateRecord[]; reserved: CaseRecord }
  | { step: 'DONE'; issuance: IssuanceRecord; produced: CertificateRecord[] };

/**
 * RESERVING → PRODUCING. Production of the fresh batch starts at once (rendering needs no reservation)
 * and stores only once the outcome is RESERVED; on JOINED the identical request's batch is produced
 * instead, as a resumption (what is stored is reused); on FAILED the failure is the request's answer.
 */
async function produceReserved(
  ctx: IssuanceContext,
  reservation: Reservation,
): Promise<Extract<IssuanceState, { step: 'COMMITTING' }>> {
  const mayStore = reservation.outcome.then((o) => o.kind === 'RESERVED');
  const own = await produce(ctx, {
    step: 'PRODUCING',
    issuance: reservation.issuance,
    fresh: reservation.fresh,
    mayStore,
  }).catch(async (error: unknown) => {
    await abandonIfRefused(ctx, reservation, error);
    throw error;
  });
  const outcome: ReservationOutcome = await reservation.outcome;
  if (outcome.kind === 'FAILED') throw outcome.error;
  if (outcome.kind === 'RESERVED' && own)
    return { step: 'COMMITTING', issuance: reservation.issuance, produced: own, reserved: outcome.record };
  // JOINED: the case holds the identical request's batch; complete that one.
  const winner = outcome.record.issuance;
  if (!winner) throw new Error(`case ${outcome.record.caseId}: the joined batch is gone`);
  const produced = await produce(ctx, {
    step: 'PRODUCING',
    issuance: winner,
    fresh: false,
    mayStore: Promise.resolve(true),
  });
  if (!produced) throw new Error(`batch ${winner.batchId}: not stored`);
  return { step: 'COMMITTING', issuance: winner, produced, reserved: outcome.record };
}

/** PRODUCING: every licence of the batch sealed and stored (undefined: the batch was not the case's). */
const produce = (ctx: IssuanceContext, state: Extract<IssuanceState, { step: 'PRODUCING' }>) =>
  produceLicences(ctx.deps, ctx.loaded, ctx.item, ctx.principal, state.issuance, state.fresh, state.mayStore);

/**
 * A licence of the batch cannot be produced because of the request itself (422: a holder's name that cannot
 * be rendered): the same request would fail again, so its batch must not hold the case — it is taken out
 * and its serials voided (ABANDONED). Outages keep the batch for the retry; a batch that was never the
 * case's needs nothing.
 */
async function abandonIfRefused(ctx: IssuanceContext, reservation: Reservation, error: unknown) {
  if (!isDomainError(error) || (error.kind !== 'UNPROCESSABLE' && error.kind !== 'INVALID')) return;
  if ((await reservation.outcome).kind !== 'RESERVED') return;
  const { deps, principal, loaded, item } = ctx;
  await abandonBatch(deps, principal, loaded.caseId, serialSequence(item), reservation.issuance).catch(
    () => undefined,
  );
}

/** COMMITTING → DONE: the commit point, then activation and the audit entries (issuance-commit.ts). */
async function commit(
  ctx: IssuanceContext,
  state: Extract<IssuanceState, { step: 'COMMITTING' }>,
): Promise<Extract<IssuanceState, { step: 'DONE' }>> {
  await commitBatch(ctx.deps, ctx.principal, ctx.item, state.issuance, state.produced, state.reserved);
  return { step: 'DONE', issuance: state.issuance, produced: state.produced };
}

/** Runs a request from RESERVING to DONE. */
export async function runIssuance(ctx: IssuanceContext, reservation: Reservation) {
  const committing = await produceReserved(ctx, reservation);
  return commit(ctx, committing);
}

/** REPLAYING: a committed batch of this request — complete what a crash may have left, then answer. */
export async function replayCommitted(
  ctx: Pick<IssuanceContext, 'deps' | 'principal'>,
  caseId: string,
  issuance: IssuanceRecord,
): Promise<CertificateRecord[]> {
  const done = await Promise.all(issuance.licences.map((l) => ctx.deps.ledger.get(l.certificateId)));
  const produced = done.filter((r): r is CertificateRecord => r !== undefined);
  await completeCommitted(ctx.deps, ctx.principal, caseId, issuance, produced);
  return produced;
}
