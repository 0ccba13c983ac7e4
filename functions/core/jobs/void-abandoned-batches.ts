/**
 * `void-abandoned-batches`: a PREPARING issuance batch holds serials of a numbering sequence until its own
 * request resumes it (same body) or another request supersedes it after 15 minutes. A batch nobody comes
 * back for would hold them forever, a gap in the sequence that no audit entry explains. This job voids every
 * batch whose last sign of life (`resumedAt`, else `startedAt`) is older than `ABANDONED_BATCH_MS`:
 *
 * - one conditional write of the case (its version) takes the batch out and appends `licence-serial.voided`
 *   (reason `ABANDONED`) in the same transaction, so a retry racing the job either wrote first — the job
 *   re-reads, finds the batch resumed or committed and leaves it — or finds the batch gone and reserves
 *   afresh (issuance-reservation.ts `resumeBatch`): a voided serial is never issued;
 * - the batch's PENDING ledger records and stored PDFs, if production got that far, are left: a PENDING
 *   record is in force only once the case names its batch COMMITTED, and a removed batch id never comes back,
 *   so they stay invisible to verification and to the owner; the void entry names their batch;
 * - why a day: the idempotency record of the batch's request lives 24 h, a request ends within 15 minutes
 *   (Lambda's limit; the gateway's 29 s), and between 15 minutes and a day only another body could take the
 *   case (supersession); the batch's own client retrying with its key within the key's lifetime still
 *   resumes its batch and its licence numbers.
 * It reads only the sparse `byPreparingBatch` index. Running it again at any `now` voids nothing twice.
 */
import { type CaseDependencies, mutateCaseAsSystem } from '../cases/case-context.js';
import type { CaseRecord } from '../cases/model.js';
import { serialSequence, voidedSerials } from '../certificates/issuance-serials.js';

/** A PREPARING batch without a sign of life for this long is abandoned (see the module comment). */
export const ABANDONED_BATCH_MS = 24 * 3600_000;

export interface VoidAbandonedBatchesResult {
  /** Cases found with a PREPARING batch older than the threshold. */
  examined: number;
  /** Batches taken out of their case, their serials voided. */
  voided: number;
  /** Serials voided, over all batches. */
  serials: number;
  /** Resumed, committed or replaced meanwhile: left alone. */
  left: number;
  /** Could not be written this run (e.g. written concurrently throughout); tried again next run. */
  failed: number;
}

const ACTOR = 'system:void-abandoned-batches';

/** The batch of `record` if it is PREPARING with no sign of life since `cutoff` (ISO). */
function abandonedBatch(record: CaseRecord, cutoff: string) {
  const batch = record.issuance;
  if (batch?.state !== 'PREPARING') return undefined;
  return (batch.resumedAt ?? batch.startedAt) <= cutoff ? batch : undefined;
}

/** The batch was resumed, committed or replaced since it was listed: nothing to write. */
const LEFT = Symbol('left');

/** Void the batch of one case if it is still abandoned when written; the number of serials voided. */
async function voidOne(deps: CaseDependencies, caseId: string, cutoff: string): Promise<number> {
  try {
    const { result } = await mutateCaseAsSystem(deps, caseId, (next) => {
      const batch = abandonedBatch(next, cutoff);
      if (!batch) throw LEFT;
      const sequence = serialSequence(deps.catalogue.require(next.serviceItemCode));
      delete next.issuance;
      return {
        audit: [voidedSerials(ACTOR, next, sequence, batch, 'ABANDONED')],
        result: batch.licences.length,
      };
    });
    return result;
  } catch (error) {
    if (error === LEFT) return 0;
    throw error;
  }
}

/** Void every batch abandoned at `now` (see the module comment). */
export async function runVoidAbandonedBatches(
  deps: CaseDependencies,
  now: Date,
  abandonedAfterMs = ABANDONED_BATCH_MS,
): Promise<VoidAbandonedBatchesResult> {
  const cutoff = new Date(now.getTime() - abandonedAfterMs).toISOString();
  const candidates = await deps.cases.listPreparingBatches(cutoff);
  const result: VoidAbandonedBatchesResult = {
    examined: candidates.length,
    voided: 0,
    serials: 0,
    left: 0,
    failed: 0,
  };
  for (const candidate of candidates) {
    try {
      // The batch decides, not the index keys (a record written outside `mutateCase` may carry stale ones).
      const serials = abandonedBatch(candidate, cutoff) ? await voidOne(deps, candidate.caseId, cutoff) : 0;
      if (serials > 0) {
        result.voided++;
        result.serials += serials;
      } else result.left++;
    } catch {
      // One case that cannot be written now must not keep the others from being voided.
      result.failed++;
    }
  }
  return result;
}
