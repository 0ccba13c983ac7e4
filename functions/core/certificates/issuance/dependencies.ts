/**
 * What issuance needs — one module the issuance steps all import from, so none of them imports another's
 * types in a circle (issue-certificates.ts re-exports it for older importers).
 */
import type { Counters, Ledger } from '../../../ports/ledger.js';
import type { ObjectStore } from '../../../ports/object-store.js';
import type { CaseDependencies } from '../../cases/case-context.js';
import type { LicenceQrIssuer } from '../../qr/licence-qr.js';
import type { LicenceFactory } from '../licence-factory.js';

export interface IssuanceDependencies extends CaseDependencies {
  ledger: Ledger;
  counters: Counters;
  licences: ObjectStore;
  factory: LicenceFactory;
  publicBaseUrl: string;
  /** Base of `statusList.uri` (the edge on AWS). @default publicBaseUrl */
  statusListBaseUrl?: string;
  /** Licences rendered and sealed at once. @default 8 — bounds concurrent KMS Sign calls and memory. */
  concurrency?: number;
  /** A PREPARING batch older than this may be replaced by a different request. @default 15 min */
  staleBatchMs?: number;
  /** Entries per token status list (tests use small lists to cross a list's end). @default 2^20 */
  statusListSize?: number;
  /** Signs each licence's offline QR payload (core/qr); without it the QR holds the verify URL alone. */
  qr?: LicenceQrIssuer;
}
