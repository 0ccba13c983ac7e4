/** What bulk issuance needs (composition builds it once per process; tests pass fakes or local adapters). */
import type { AuditLog } from '../../ports/audit-log.js';
import type { BulkObjects, BulkQueue, BulkStore } from '../../ports/bulk.js';
import type { Clock } from '../../ports/clock.js';
import type { Counters } from '../../ports/ledger.js';
import type { Random } from '../../ports/random.js';
import type { Catalogue } from '../catalogue/catalogue.js';
import type { GlyphCoverage } from '../licence/printable.js';
import type { IssueRow } from './row-issuer.js';

export interface BulkDependencies {
  catalogue: Catalogue;
  clock: Clock;
  random: Random;
  audit: AuditLog;
  counters: Counters;
  store: BulkStore;
  objects: BulkObjects;
  queue: BulkQueue;
  issueRow: IssueRow;
  /** Base of the `rowsUrl` an upload is named by (the API's public base URL). */
  publicBaseUrl: string;
  /** Lifetime of the presigned upload and results URLs. */
  presignExpiresSeconds: number;
  glyphs?: GlyphCoverage;
  /** Rows of one chunk issued at once. @default 8 — with the worker's concurrency, bounds KMS Sign calls. */
  concurrency?: number;
  /** Entries per token status list (tests use small lists). @default 2^20 */
  statusListSize?: number;
  /** A chunk's audit claim older than this belongs to a dead worker and may be taken over. @default 60 s */
  auditClaimMs?: number;
}
