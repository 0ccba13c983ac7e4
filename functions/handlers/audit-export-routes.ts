/** Routes of the signed audit checkpoints and the offline-verifiable export of the audit log. 🔑 */
import * as z from 'zod';
import { MAIN_CHAIN } from '../core/audit/checkpoint.js';
import { AUDIT_EXPORT_MEDIA_TYPE, type AuditExportLine } from '../core/audit/offline-verify.js';
import { DomainError } from '../core/errors.js';
import { json } from '../http/responses.js';
import { defineRoute, type RouteDefinition } from '../http/route.js';
import { errorSchema } from '../http/schemas.js';
import type { ApiClient } from '../http/types.js';
import type { AuditLog } from '../ports/audit-log.js';
import type { Checkpoint, CheckpointStore } from '../ports/checkpoint-store.js';

/** What these routes read; `AppDependencies` provides it once it has `checkpoints`. */
export interface AuditExportDependencies {
  audit: Pick<AuditLog, 'head' | 'listRange'>;
  checkpoints: Pick<CheckpointStore, 'latest' | 'list'>;
  /** The seal certificate chain as PEM, seal certificate first (as served at /.well-known). */
  sealChain: { pem(): Promise<string> };
}

/** Limits of one export response. */
export interface AuditExportLimits {
  /** Refuse chains longer than this. @default 100000 */
  maxEntries: number;
  /** Refuse bodies larger than this (a Lambda response carries at most 6 MB). @default 5 MiB */
  maxBytes: number;
}

/** The default limits: one synchronous Lambda response, not a bulk-transfer channel. */
export const DEFAULT_EXPORT_LIMITS: AuditExportLimits = { maxEntries: 100_000, maxBytes: 5 * 1024 * 1024 };

const PAGE = 1000;

const exportTooLarge = (details: Record<string, unknown>) =>
  new DomainError(
    'UNPROCESSABLE',
    'AUDIT_EXPORT_TOO_LARGE',
    '审计日志过大，无法在一次响应中导出',
    'The audit log is too large to export in one response',
    { details },
  );

/**
 * The export as NDJSON lines: the seal chain, entries 1 … head in seq order, then the checkpoints that cover
 * them. The head is read first and nothing after it is included, so entries appended (and checkpoints
 * signed) while the export runs cannot make it look truncated; checkpoints that existed before the head was
 * read are all included, so a chain cut below them does look truncated. `AUDIT_EXPORT_TOO_LARGE` over the limits.
 */
export async function buildAuditExport(
  deps: AuditExportDependencies,
  limits: AuditExportLimits = DEFAULT_EXPORT_LIMITS,
): Promise<string[]> {
  // Read before the head: the head only grows, so a checkpoint read now that lies beyond the head read next
  // means the chain was cut — the export keeps it, for the offline check to say so.
  const latest = await deps.checkpoints.latest();
  const head = await deps.audit.head();
  const total = head?.seq ?? 0;
  const checkpointsThrough = Math.max(total, latest?.seq ?? 0);
  if (total > limits.maxEntries) throw exportTooLarge({ entries: total, maxEntries: limits.maxEntries });
  const lines: string[] = [];
  let bytes = 0;
  const add = (line: AuditExportLine) => {
    const text = JSON.stringify(line);
    bytes += Buffer.byteLength(text) + 1;
    if (bytes > limits.maxBytes) throw exportTooLarge({ entries: total, maxBytes: limits.maxBytes });
    lines.push(text);
  };
  add({ type: 'seal-chain', pem: await deps.sealChain.pem() });
  for (let next = 1; next <= total; ) {
    const page = await deps.audit.listRange(next, Math.min(PAGE, total - next + 1));
    if (page.length === 0) break;
    for (const entry of page) if (entry.seq <= total) add({ type: 'entry', ...entry });
    next = (page.at(-1)?.seq ?? total) + 1;
  }
  for (let after = 0; ; ) {
    const page = await deps.checkpoints.list({ afterSeq: after, limit: PAGE });
    for (const checkpoint of page)
      if (checkpoint.seq <= checkpointsThrough) add({ type: 'checkpoint', ...checkpoint });
    const last = page.at(-1);
    if (!last || last.seq >= checkpointsThrough || page.length < PAGE) break;
    after = last.seq;
  }
  return lines;
}

// The export spans every client's subjects (ids and actions, no personal data): only a client entitled to
// all service items — an administrator's system — may take it.
function assertMayExport(client: ApiClient | undefined): void {
  if (client?.serviceItems.includes('*')) return;
  throw new DomainError(
    'FORBIDDEN',
    'AUDIT_EXPORT_FORBIDDEN',
    '仅可访问全部事项的客户端可导出审计日志',
    'Only a client with access to all service items may export the audit log',
  );
}

const checkpointSchema = z
  .object({
    seq: z.number().int(),
    head: z.string(),
    at: z.iso.datetime(),
    signature: z.string().describe('Base64 signature over SHA-256(canonical JSON of {at, chain, head, seq})'),
    keyId: z.string(),
    algorithm: z.string(),
  })
  .meta({ id: 'AuditCheckpoint' });

const view = ({ seq, head, at, signature, keyId, algorithm }: Checkpoint) => ({
  seq,
  head,
  at,
  signature,
  keyId,
  algorithm,
});

const digits = z.string().regex(/^\d{1,9}$/);

/** `GET /v1/audit/checkpoints` and `GET /v1/audit/export`. */
export const auditExportRoutes: RouteDefinition<AuditExportDependencies>[] = [
  defineRoute<AuditExportDependencies>({
    method: 'GET',
    path: '/v1/audit/checkpoints',
    operationId: 'listAuditCheckpoints',
    summary: 'Signed checkpoints of the audit chain head (the newest, or those after afterSeq), ascending',
    tags: ['audit'],
    access: 'upstream',
    body: { kind: 'none' },
    query: z.object({
      limit: digits.optional().describe('1–1000, default 100'),
      afterSeq: digits.optional().describe('Only checkpoints covering a later seq'),
    }),
    responses: {
      200: { description: 'Checkpoints', schema: z.object({ checkpoints: z.array(checkpointSchema) }) },
      400: { description: 'Invalid query', schema: errorSchema },
      401: { description: 'Missing or wrong API key', schema: errorSchema },
    },
    handle: async (request, deps) => {
      const { limit, afterSeq } = request.query as { limit?: string; afterSeq?: string };
      const list = await deps.checkpoints.list({
        limit: Math.min(Math.max(Number(limit ?? 100), 1), 1000),
        ...(afterSeq === undefined ? {} : { afterSeq: Number(afterSeq) }),
      });
      return json(200, { checkpoints: list.map(view) });
    },
  }),
  defineRoute<AuditExportDependencies>({
    method: 'GET',
    path: '/v1/audit/export',
    operationId: 'exportAudit',
    summary: 'The whole audit log with its checkpoints and seal chain, for `npm run audit:verify`',
    tags: ['audit'],
    access: 'upstream',
    body: { kind: 'none' },
    responses: {
      200: { description: 'NDJSON: seal chain, entries, checkpoints', mediaType: AUDIT_EXPORT_MEDIA_TYPE },
      401: { description: 'Missing or wrong API key', schema: errorSchema },
      403: { description: 'The client may not export the audit log', schema: errorSchema },
      422: { description: 'AUDIT_EXPORT_TOO_LARGE', schema: errorSchema },
    },
    handle: async (request, deps) => {
      assertMayExport(request.client);
      const lines = await buildAuditExport(deps);
      return {
        statusCode: 200,
        headers: {
          'content-type': `${AUDIT_EXPORT_MEDIA_TYPE}; charset=utf-8`,
          'content-disposition': `attachment; filename="audit-${MAIN_CHAIN}.jsonl"`,
          'cache-control': 'no-store',
        },
        body: `${lines.join('\n')}\n`,
      };
    },
  }),
];
