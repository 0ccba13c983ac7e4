/**
 * Running one chunk (see model.ts): check its rows, reserve serials once (RESERVED), issue every valid row
 * through `IssueRow` (exactly once each, whatever ran before), write the chunk's results, append its audit
 * entries once (a claim on the chunk record), mark it DONE and count it in the job once. Every step finds
 * what an earlier run did: a duplicate delivery, or a run after a worker died at any point, finishes the
 * chunk without a second licence, serial or audit entry. An outage (anything but a row's own refusal)
 * rejects, and the queue delivers the chunk again.
 */
import type { AuditInput } from '../../ports/audit-log.js';
import { ConcurrentUpdateError } from '../../ports/case-store.js';
import type { ServiceItem } from '../catalogue/types.js';
import { SERIALS_VOIDED, serialSequence } from '../certificates/issuance-serials.js';
import type { PlannedLicence } from '../certificates/plan.js';
import { mapWithConcurrency } from '../concurrency.js';
import { type DomainError, isDomainError } from '../errors.js';
import { base32 } from '../ids.js';
import { issuedItemKey, issuedKey, shanghaiDay } from '../stats/stats.js';
import { STATUS_POSITION_COUNTER } from '../status-lists/status-list.js';
import type { BulkDependencies } from './context.js';
import { reservedRow } from './identity.js';
import { bulkIssuedEntries } from './issued-listing.js';
import { type BulkChunk, type BulkJob, type BulkResultLine, chunkKey, chunkResultsKey } from './model.js';
import { parseRowLine, planRow } from './rows.js';

/** The audit subject of a chunk's own entry (looked up to know whether its entries are written). */
export const chunkSubject = (bulkId: string, index: number) => `${bulkId}#${index}`;
export const CHUNK_AUDITED = 'bulk-chunk.issued';

type Checked = { row: number; plan: PlannedLicence } | { row: number; error: DomainError };

const errorLine = (bulkId: string, row: number, error: DomainError): BulkResultLine => ({
  row,
  error: {
    code: error.code,
    message: `${error.messageZh} / ${error.messageEn}`,
    ...(error.details ? { details: error.details } : {}),
    requestId: `${bulkId}/${row}`,
  },
});

/** Run chunk `index` of job `bulkId` to DONE (idempotent). */
export async function runChunk(deps: BulkDependencies, bulkId: string, index: number): Promise<void> {
  const job = await deps.store.getJob(bulkId);
  let chunk = await deps.store.getChunk(bulkId, index);
  if (!job || !chunk) return; // a message of a job that does not exist (or not yet split): nothing to do
  if (chunk.state !== 'DONE') {
    const item = deps.catalogue.require(job.serviceItemCode);
    const lines = await readChunkRows(deps, chunk);
    // Rows are checked at the issue time the reservation carries (a fresh chunk: now, before any serial).
    const at = chunk.issuedAt ?? deps.clock.now().toISOString();
    let checked = checkRows(deps, item, chunk.firstRow, lines, at);
    const reserved = await reserve(deps, job, item, chunk, at, checked.filter((c) => 'plan' in c).length);
    chunk = reserved.chunk;
    // Another run reserved the chunk first, at its own time: the rows are checked as of that time.
    if (chunk.issuedAt !== at) checked = checkRows(deps, item, chunk.firstRow, lines, chunk.issuedAt ?? at);
    const done = await issueRows(deps, job, item, chunk, checked, reserved.fresh);
    if (!done) return; // another run holds the audit claim and finishes the chunk
  }
  await countAndMaybeFinish(deps, bulkId, index);
}

async function readChunkRows(deps: BulkDependencies, chunk: BulkChunk): Promise<string[]> {
  const bytes = await deps.objects.get(chunkKey(chunk.bulkId, chunk.index));
  if (!bytes) throw new Error(`chunk rows missing: ${chunk.bulkId}/${chunk.index}`);
  const lines = new TextDecoder().decode(bytes).split('\n');
  return lines.slice(0, chunk.rowCount);
}

/** Every row of the chunk checked at the issue time `at` (pure: the same rows pass on every run). */
function checkRows(
  deps: BulkDependencies,
  item: ServiceItem,
  firstRow: number,
  lines: string[],
  issuedAt: string,
): Checked[] {
  const at = new Date(issuedAt);
  return lines.map((line, i) => {
    const row = firstRow + i;
    const input = parseRowLine(line, row);
    if (isDomainError(input)) return { row, error: input };
    const plan = planRow(deps.catalogue, item, input, row, at, deps.glyphs);
    return isDomainError(plan) ? { row, error: plan } : { row, plan };
  });
}

/**
 * PENDING → RESERVED: the issue time, serials and status-list positions of the valid rows, fixed by one
 * conditional write. Rows are checked at the time the reservation will carry, before any serial is taken.
 * A run that loses the write to another run of the chunk voids its own block (audited) and takes the winner's.
 */
async function reserve(
  deps: BulkDependencies,
  job: BulkJob,
  item: ServiceItem,
  chunk: BulkChunk,
  issuedAt: string,
  valid: number,
): Promise<{ chunk: BulkChunk; fresh: boolean }> {
  // `fresh`: this run's write reserved the chunk (nothing of it can be stored yet; row-issuer.ts).
  if (chunk.state !== 'PENDING') return { chunk, fresh: false };
  // The same claim on every run of this step: a run after a crash between the counters and the chunk write gets
  // the block it took back (unless the counter moved on meanwhile: then that block is a gap; docs/API.md).
  const claim = `${job.bulkId}#${chunk.index}`;
  const sequence = serialSequence(item);
  const [serialStart, positionStart] =
    valid === 0
      ? [0, 0]
      : await Promise.all([
          deps.counters.reserve(sequence, valid, claim),
          deps.counters.reserve(STATUS_POSITION_COUNTER, valid, claim),
        ]);
  const next: BulkChunk = {
    ...chunk,
    state: 'RESERVED',
    issuedAt,
    serialStart,
    positionStart,
    claim,
    version: chunk.version + 1,
  };
  try {
    await deps.store.updateChunk(next);
    return { chunk: next, fresh: true };
  } catch (error) {
    if (!(error instanceof ConcurrentUpdateError)) throw error;
    if (valid > 0)
      await deps.audit.append([voided(job, chunk, sequence, serialStart, valid, 'DUPLICATE_DELIVERY')]);
    const winner = await deps.store.getChunk(job.bulkId, chunk.index);
    if (!winner || winner.state === 'PENDING') throw error;
    return { chunk: winner, fresh: false };
  }
}

function voided(
  job: BulkJob,
  chunk: BulkChunk,
  sequence: string,
  first: number,
  count: number,
  reason: string,
): AuditInput {
  return {
    actor: job.clientId,
    action: SERIALS_VOIDED,
    subject: chunkSubject(job.bulkId, chunk.index),
    details: { sequence, serviceItemCode: job.serviceItemCode, bulkId: job.bulkId, first, count, reason },
  };
}

/**
 * Issue the valid rows (bounded concurrency), write the results object, append the audit entries under the
 * chunk's claim and mark it DONE. False when another run holds the claim (it finishes the chunk).
 */
async function issueRows(
  deps: BulkDependencies,
  job: BulkJob,
  item: ServiceItem,
  reserved: BulkChunk,
  checked: Checked[],
  fresh: boolean,
): Promise<boolean> {
  const batchId = chunkSubject(job.bulkId, reserved.index);
  const issuedAt = reserved.issuedAt ?? deps.clock.now().toISOString();
  let offset = 0;
  const prepared = checked.map((c) => (!('plan' in c) ? c : { ...c, offset: offset++ }));
  const outcomes = await mapWithConcurrency(prepared, deps.concurrency ?? 8, async (c) => {
    if (!('plan' in c)) return { row: c.row, error: c.error };
    const licence = reservedRow(
      item,
      c.plan,
      {
        secret: job.secret,
        row: c.row,
        issuedAt,
        serialStart: reserved.serialStart ?? 0,
        positionStart: reserved.positionStart ?? 0,
        offset: c.offset,
      },
      deps.statusListSize,
    );
    try {
      const record = await deps.issueRow({
        licence,
        item,
        clientId: job.clientId,
        bulkId: job.bulkId,
        batchId,
        issuedAt,
        fresh,
      });
      return { row: c.row, record };
    } catch (error) {
      // A licence that cannot be rendered fails its row (its serial is voided in the chunk's entry).
      if (isDomainError(error) && (error.kind === 'UNPROCESSABLE' || error.kind === 'INVALID'))
        return { row: c.row, error, serial: licence.serial };
      throw error;
    }
  });
  const lines: BulkResultLine[] = outcomes.map((o) =>
    'record' in o && o.record
      ? { row: o.row, certificateId: o.record.certificateId, number: o.record.number }
      : errorLine(job.bulkId, o.row, (o as { error: DomainError }).error),
  );
  const body = lines.map((l) => JSON.stringify(l)).join('\n');
  await deps.objects.put(
    chunkResultsKey(job.bulkId, reserved.index),
    new TextEncoder().encode(body ? `${body}\n` : ''),
    'application/x-ndjson',
  );
  const records = outcomes.flatMap((o) => ('record' in o && o.record ? [o.record] : []));
  const voidedSerials = outcomes.flatMap((o) => ('serial' in o && o.serial !== undefined ? [o.serial] : []));
  // A refused row's serial is voided in the chunk's own append (one transaction with its listings and its own).
  const voidEntry: AuditInput[] =
    voidedSerials.length === 0
      ? []
      : [
          {
            actor: job.clientId,
            action: SERIALS_VOIDED,
            subject: batchId,
            details: {
              sequence: serialSequence(item),
              serviceItemCode: job.serviceItemCode,
              bulkId: job.bulkId,
              serials: voidedSerials,
              reason: 'REQUEST_REFUSED',
            },
          },
        ];
  const entries: AuditInput[] = [
    // The licences listed ≤ 60 an entry (issued-listing.ts), not one entry per licence.
    ...bulkIssuedEntries(job.clientId, job.bulkId, batchId, records),
    ...voidEntry,
    {
      actor: job.clientId,
      action: CHUNK_AUDITED,
      subject: batchId,
      details: {
        bulkId: job.bulkId,
        index: reserved.index,
        issued: records.length,
        failed: lines.length - records.length,
      },
    },
  ];
  return auditOnceAndFinish(deps, reserved, entries, records.length, lines.length - records.length);
}

/**
 * The chunk's audit entries, once: claim the writing on the chunk record (a claim older than
 * `auditClaimMs` is a dead run's and is taken over), look whether a dead claimant wrote them already,
 * append, then mark DONE.
 */
async function auditOnceAndFinish(
  deps: BulkDependencies,
  reserved: BulkChunk,
  entries: AuditInput[],
  issued: number,
  failed: number,
): Promise<boolean> {
  const now = deps.clock.now();
  const current = (await deps.store.getChunk(reserved.bulkId, reserved.index)) ?? reserved;
  if (current.state === 'DONE') return true;
  const claimMs = deps.auditClaimMs ?? 60_000;
  if (current.auditClaim && Date.parse(current.auditClaim.at) > now.getTime() - claimMs) return false;
  const claimed: BulkChunk = {
    ...current,
    auditClaim: { token: base32(deps.random.bytes(10)), at: now.toISOString() },
    version: current.version + 1,
  };
  try {
    await deps.store.updateChunk(claimed);
  } catch (error) {
    if (error instanceof ConcurrentUpdateError) return false;
    throw error;
  }
  const subject = chunkSubject(reserved.bulkId, reserved.index);
  const trail = current.auditClaim ? await deps.audit.listBySubject(subject) : [];
  if (!trail.some((e) => e.action === CHUNK_AUDITED)) await deps.audit.append(entries);
  const { auditClaim: _, ...rest } = claimed;
  await deps.store.updateChunk({ ...rest, state: 'DONE', issued, failed, version: claimed.version + 1 });
  return true;
}

/** Count the DONE chunk in the job (once) and, when it was the last, queue the results' assembly. */
async function countAndMaybeFinish(deps: BulkDependencies, bulkId: string, index: number): Promise<void> {
  const chunk = await deps.store.getChunk(bulkId, index);
  if (chunk?.state !== 'DONE') return;
  const issued = chunk.issued ?? 0;
  const stored = await deps.store.getJob(bulkId);
  // The statistics count a licence on its issue day (Asia/Shanghai), per service item, as a case's licences.
  const day = shanghaiDay(new Date(chunk.issuedAt ?? deps.clock.now().toISOString()));
  const item = stored?.serviceItemCode ?? '';
  const deltas = issued > 0 ? { [issuedKey(day)]: issued, [issuedItemKey(item, day)]: issued } : {};
  const job = await deps.store.countChunk(bulkId, index, { issued, failed: chunk.failed ?? 0 }, deltas);
  if (job.status === 'RUNNING' && job.countedChunks.length >= job.chunkCount)
    await deps.queue.send([{ kind: 'finalise', bulkId }]);
}
