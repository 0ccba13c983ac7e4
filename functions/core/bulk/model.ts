/**
 * Bulk issuance (存量证照电子化, mass renewals): a job of up to 1,000,000 rows, each row one licence issued
 * exactly once through the same production as a case's licence (render, seal, S3 If-None-Match, ledger
 * conditional put, audit), resumable after any crash.
 *
 * A job is split into chunks of `CHUNK_ROWS` rows; a chunk is the unit of work (one queue message) with a
 * durable state in its own record:
 *   PENDING  → RESERVED (serials, status-list positions and the issue time fixed by one conditional write)
 *            → DONE     (every row issued or failed, its results object written, audited once).
 * A row's licence has a deterministic identity (the job's secret + the row number → certificate id and
 * verification code; the chunk's reservation + the row's place → serial), so a chunk run again — a duplicate
 * delivery, a worker that died mid-chunk — finds what is done and issues nothing twice.
 */

/** Rows per chunk: one audit append (one transaction of ≤ 100 entries) holds a licence entry per row and the chunk's own. */
export const CHUNK_ROWS = 99;
/** The most rows a job may have. */
export const MAX_BULK_ROWS = 1_000_000;
/** The most rows given inline in the request body (larger jobs upload an NDJSON file). */
export const MAX_INLINE_ROWS = 1_000;
/** The most bytes of an uploaded rows file (NDJSON, one row a line): 1,000,000 rows of ≤ 1 KiB each. */
export const MAX_ROWS_FILE_BYTES = 1024 * 1024 * 1024;
/** The most bytes of one line of the rows file (a longer line is a failed row). */
export const MAX_ROW_BYTES = 16 * 1024;

/** What a row asks for (the `rows[]` entries, or one line of the NDJSON file). */
export interface BulkRowInput {
  holder: {
    type?: 'PERSON' | 'ORGANIZATION';
    name: string;
    idType?: string;
    idNumber?: string;
    organization?: string;
  };
  fields: Record<string, unknown>;
  validFrom?: string;
  validUntil?: string;
}

export type BulkStatus = 'SPLITTING' | 'RUNNING' | 'COMPLETED' | 'FAILED';

export interface BulkJob {
  bulkId: string;
  clientId: string;
  serviceItemCode: string;
  basis: { reference: string };
  status: BulkStatus;
  /** Rows in the job (known once the rows are split; 0 before). */
  total: number;
  /** Chunks in the job (known once split). */
  chunkCount: number;
  issued: number;
  failed: number;
  /** Chunks whose counts are in `issued`/`failed` (so a chunk is counted once whatever the deliveries). */
  countedChunks: number[];
  /** Where the rows came from (`bulk/{bulkId}/rows.ndjson` for inline rows, else the client's upload). */
  rowsKey: string;
  /** Hex secret from which row identities are derived (never leaves the server). */
  secret: string;
  createdAt: string;
  completedAt?: string;
  resultsKey?: string;
  /** Why a job could not start (FAILED). */
  error?: { code: string; message: string };
}

export type ChunkState = 'PENDING' | 'RESERVED' | 'DONE';

export interface BulkChunk {
  bulkId: string;
  index: number;
  /** 1-based row number of the chunk's first row. */
  firstRow: number;
  rowCount: number;
  state: ChunkState;
  /** RESERVED on: the licences' issue time, first serial and first status-list position for its valid rows. */
  issuedAt?: string;
  serialStart?: number;
  positionStart?: number;
  /** The claim under which the serials were reserved. */
  claim?: string;
  /** Who is appending the chunk's audit entries, since when (so two runs of a chunk write them once). */
  auditClaim?: { token: string; at: string };
  /** DONE: counts. */
  issued?: number;
  failed?: number;
  version: number;
}

/** One unit of queued work: a chunk to run, the split of an uploaded file, or the assembly of the results. */
export type BulkMessage =
  | { kind: 'split'; bulkId: string }
  | { kind: 'chunk'; bulkId: string; index: number }
  | { kind: 'finalise'; bulkId: string };

/** One line of the results file. Personal data never appears (no holder, no fields). */
export type BulkResultLine =
  | { row: number; certificateId: string; number: string }
  | {
      row: number;
      error: { code: string; message: string; details?: Record<string, unknown>; requestId: string };
    };

/** Where a job's files live in the materials bucket (rows uploads, chunks, results). */
export const BULK_PREFIX = 'bulk/';
/**
 * Days a job's files are kept: its rows (uploaded, and split into chunks) hold holders' personal data, and its
 * results file is read once the job completes — the licences themselves are in the ledger and their bucket.
 */
export const BULK_FILES_RETENTION_DAYS = 30;

export const chunkKey = (bulkId: string, index: number) => `bulk/${bulkId}/chunks/${index}.ndjson`;
export const chunkResultsKey = (bulkId: string, index: number) => `bulk/${bulkId}/results/${index}.ndjson`;
export const resultsKey = (bulkId: string) => `bulk/${bulkId}/results.ndjson`;
export const inlineRowsKey = (bulkId: string) => `bulk/${bulkId}/rows.ndjson`;
export const uploadKey = (clientId: string, uploadId: string) =>
  `bulk/uploads/${clientId}/${uploadId}.ndjson`;
