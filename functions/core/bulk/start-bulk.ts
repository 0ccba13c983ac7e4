/**
 * Starting a bulk job: the upload URL for a large rows file, the job itself (inline rows or an upload),
 * the split of its rows into chunks (streamed, resumable: a split run again writes the same chunks and
 * leaves done ones alone), and the assembly of the results once every chunk is counted.
 */
import { ConcurrentUpdateError } from '../../ports/case-store.js';
import { authoriseServiceItem } from '../cases/case-context.js';
import type { Principal } from '../cases/model.js';
import { DomainError } from '../errors.js';
import { newId } from '../ids.js';
import type { BulkDependencies } from './context.js';
import {
  type BulkChunk,
  type BulkJob,
  type BulkRowInput,
  CHUNK_ROWS,
  chunkKey,
  chunkResultsKey,
  inlineRowsKey,
  MAX_BULK_ROWS,
  MAX_ROWS_FILE_BYTES,
  resultsKey,
  uploadKey,
} from './model.js';

export interface StartBulkRequest {
  serviceItemCode: string;
  basis: { reference: string };
  rows?: BulkRowInput[];
  rowsUrl?: string;
}

const uploadPath = '/v1/bulk-issuances/uploads/';
const uploadIdPattern = /^UPLD-[0-9A-HJKMNP-TV-Z]{26}$/;

const rowsNotUploaded = (detail: Record<string, unknown>) =>
  new DomainError(
    'UNPROCESSABLE',
    'ROWS_NOT_UPLOADED',
    '未找到上传的数据文件（rowsUrl 须为本客户端上传的文件）',
    'No uploaded rows file at rowsUrl (it must name an upload of this client)',
    { details: detail },
  );

/** `POST /v1/bulk-issuances/uploads`: a presigned PUT for an NDJSON rows file, and the `rowsUrl` naming it. */
export async function createBulkUpload(deps: BulkDependencies, principal: Principal) {
  const uploadId = newId('UPLD', deps.clock, deps.random);
  const presigned = await deps.objects.presignPut(uploadKey(principal.clientId, uploadId), {
    contentType: 'application/x-ndjson',
    expiresInSeconds: deps.presignExpiresSeconds,
    maxBytes: MAX_ROWS_FILE_BYTES,
  });
  const expiresAt = new Date(deps.clock.now().getTime() + deps.presignExpiresSeconds * 1000).toISOString();
  return {
    uploadUrl: presigned.url,
    method: 'PUT' as const,
    headers: presigned.headers,
    rowsUrl: `${deps.publicBaseUrl}${uploadPath}${uploadId}`,
    maxBytes: MAX_ROWS_FILE_BYTES,
    expiresAt,
  };
}

/** The caller's upload a `rowsUrl` names (another client's upload id names nothing). */
function uploadKeyOf(deps: BulkDependencies, principal: Principal, rowsUrl: string): string {
  const prefix = `${deps.publicBaseUrl}${uploadPath}`;
  const id = rowsUrl.startsWith(prefix) ? rowsUrl.slice(prefix.length) : '';
  if (!uploadIdPattern.test(id)) throw rowsNotUploaded({ reason: 'NOT_AN_UPLOAD_URL' });
  return uploadKey(principal.clientId, id);
}

/**
 * `POST /v1/bulk-issuances`: the job is created (RUNNING for the client), its inline rows split at once and
 * queued, an upload's split queued (a 1,000,000-row file is split by the worker, streamed).
 */
export async function startBulk(
  deps: BulkDependencies,
  principal: Principal,
  request: StartBulkRequest,
): Promise<{ bulkId: string; status: 'RUNNING' }> {
  // The key's scope first (before anything is written), then the item itself.
  authoriseServiceItem(principal, request.serviceItemCode);
  deps.catalogue.require(request.serviceItemCode);
  const bulkId = newId('BULK', deps.clock, deps.random);
  let rowsKey: string;
  if (request.rowsUrl !== undefined) {
    rowsKey = uploadKeyOf(deps, principal, request.rowsUrl);
    const size = await deps.objects.size(rowsKey);
    if (size === undefined) throw rowsNotUploaded({ reason: 'NOT_UPLOADED' });
    if (size > MAX_ROWS_FILE_BYTES)
      throw new DomainError(
        'TOO_LARGE',
        'ROWS_FILE_TOO_LARGE',
        '数据文件过大',
        'The rows file is too large',
        {
          details: { maxBytes: MAX_ROWS_FILE_BYTES },
        },
      );
  } else {
    rowsKey = inlineRowsKey(bulkId);
    const body = (request.rows ?? []).map((r) => JSON.stringify(r)).join('\n');
    await deps.objects.put(rowsKey, new TextEncoder().encode(body), 'application/x-ndjson');
  }
  const job: BulkJob = {
    bulkId,
    clientId: principal.clientId,
    serviceItemCode: request.serviceItemCode,
    basis: { reference: request.basis.reference },
    status: 'SPLITTING',
    total: 0,
    chunkCount: 0,
    issued: 0,
    failed: 0,
    countedChunks: [],
    rowsKey,
    secret: Buffer.from(deps.random.bytes(32)).toString('hex'),
    createdAt: deps.clock.now().toISOString(),
  };
  await deps.store.createJob(job);
  if (request.rowsUrl === undefined) await splitRows(deps, bulkId);
  else await deps.queue.send([{ kind: 'split', bulkId }]);
  return { bulkId, status: 'RUNNING' };
}

/** Chunk records and queue messages are written this many chunks at a time. */
const SPLIT_BATCH = 25;

/**
 * Split the job's rows file into chunk objects and records (a row is a non-empty line; row n is the n-th),
 * then queue one message per chunk. Streamed: the file is never held whole. A file past `MAX_BULK_ROWS`
 * fails the job before a single chunk is queued. Run again after a crash it rewrites the same chunks.
 */
export async function splitRows(deps: BulkDependencies, bulkId: string): Promise<void> {
  const job = await deps.store.getJob(bulkId);
  if (job?.status !== 'SPLITTING') return;
  let rows = 0;
  let chunks = 0;
  let current: string[] = [];
  let pending: BulkChunk[] = [];
  // Chunk objects are written up to SPLIT_BATCH at a time (10,102 of them for a million rows).
  let writes: Promise<void>[] = [];
  const flushChunk = async () => {
    if (current.length === 0) return;
    const index = chunks++;
    const write = deps.objects.put(
      chunkKey(bulkId, index),
      new TextEncoder().encode(current.join('\n')),
      'application/x-ndjson',
    );
    // Awaited with its batch below; handled now so that an early failure is not an unhandled rejection.
    write.catch(() => undefined);
    writes.push(write);
    pending.push({
      bulkId,
      index,
      firstRow: rows - current.length + 1,
      rowCount: current.length,
      state: 'PENDING',
      version: 1,
    });
    current = [];
    if (pending.length >= SPLIT_BATCH) {
      // A chunk record only once its rows are stored: a record never names a missing object.
      await Promise.all(writes);
      writes = [];
      await deps.store.putChunks(pending);
      pending = [];
    }
  };
  for await (const raw of deps.objects.lines(job.rowsKey)) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') continue;
    rows += 1;
    if (rows > MAX_BULK_ROWS) {
      await deps.store.markFailed(bulkId, {
        code: 'TOO_MANY_ROWS',
        message: `一个批量任务最多 ${MAX_BULK_ROWS} 行 / At most ${MAX_BULK_ROWS} rows per bulk issuance`,
      });
      return;
    }
    current.push(line);
    if (current.length === CHUNK_ROWS) await flushChunk();
  }
  await flushChunk();
  await Promise.all(writes);
  if (pending.length > 0) await deps.store.putChunks(pending);
  await deps.store.markSplit(bulkId, rows, chunks);
  for (let i = 0; i < chunks; i += SPLIT_BATCH) {
    const batch = Array.from({ length: Math.min(SPLIT_BATCH, chunks - i) }, (_, k) => ({
      kind: 'chunk' as const,
      bulkId,
      index: i + k,
    }));
    await deps.queue.send(batch);
  }
  if (chunks === 0) await deps.queue.send([{ kind: 'finalise', bulkId }]);
}

/**
 * Queue again the work of every unfinished job: its split, or the chunks not counted yet and the assembly. For
 * a queue that does not survive its process (the local runtime's pool); duplicates are harmless.
 */
export async function resumeOpenJobs(deps: BulkDependencies): Promise<number> {
  const jobs = await deps.store.listOpenJobs();
  for (const job of jobs) {
    if (job.status === 'SPLITTING') {
      await deps.queue.send([{ kind: 'split', bulkId: job.bulkId }]);
      continue;
    }
    const counted = new Set(job.countedChunks);
    const open = Array.from({ length: job.chunkCount }, (_, index) => index).filter((i) => !counted.has(i));
    await deps.queue.send([
      ...open.map((index) => ({ kind: 'chunk' as const, bulkId: job.bulkId, index })),
      { kind: 'finalise', bulkId: job.bulkId },
    ]);
  }
  return jobs.length;
}

/**
 * Assemble the results file from the chunks' results, in row order, and complete the job (idempotent:
 * a second run rewrites the same file). Only once every chunk is counted. The file is streamed from the
 * chunks' objects into its own (a million rows are 150–250 MB: never held in the worker's memory); a missing
 * chunk result throws (`MissingObjectError`) and leaves the job RUNNING for the next delivery.
 */
export async function finaliseBulk(deps: BulkDependencies, bulkId: string): Promise<void> {
  const job = await deps.store.getJob(bulkId);
  if (job?.status !== 'RUNNING' || job.countedChunks.length < job.chunkCount) return;
  const sources = Array.from({ length: job.chunkCount }, (_, index) => chunkResultsKey(bulkId, index));
  const key = resultsKey(bulkId);
  await deps.objects.concatenate(key, sources, 'application/x-ndjson');
  try {
    await deps.store.markCompleted(bulkId, key, deps.clock.now().toISOString());
  } catch (error) {
    if (!(error instanceof ConcurrentUpdateError)) throw error;
  }
}
