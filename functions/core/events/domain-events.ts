/**
 * Domain events, read from the audit chain. Every state change a client cares about (a case submitted,
 * decided or returned, a licence issued, revoked or suspended) is already appended to the audit chain in the
 * same DynamoDB transaction as the change itself (`CaseStore.update`, `Ledger.update`): the entry is the
 * outbox record. It exists exactly when the change does, exactly once (the chain's conditional write on
 * `seq`), in one total order — so consumers (webhooks; SMS per event later) never "write state, then hope
 * to send". On AWS a DynamoDB stream of the audit table carries new entries to the consumers; locally a
 * cursor over the chain does (`webhook-pump.ts`).
 */
import { createHash } from 'node:crypto';
import type { AuditEntry } from '../../ports/audit-log.js';
import { BULK_ISSUED } from '../bulk/issued-listing.js';

/** The event types upstream systems may receive (API.md, "webhooks"); each is an audit action of that name. */
export const WEBHOOK_EVENT_TYPES = [
  'case.submitted',
  'case.approved',
  'case.rejected',
  'case.returned',
  'certificate.issued',
  'certificate.revoked',
  'certificate.suspended',
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/**
 * Audit actions whose entry lists issued licences (`details.licences`: `certificateId`, `number`, `sha256`),
 * standing for one `certificate.issued` event each: a case batch's `case.issued` and its `case.issued.licences`
 * continuations (issuance-commit.ts `issuanceAudit`), a bulk chunk's `bulk.issued` (bulk/issued-listing.ts).
 */
export const LICENCE_LISTING_ACTIONS: readonly string[] = [
  'case.issued',
  'case.issued.licences',
  BULK_ISSUED,
];

/**
 * Every audit action a webhook event comes from: the event types' own and the listings'. The AWS pipe from
 * the audit stream to the webhook queue passes exactly these (lib/webhooks.ts).
 */
export const WEBHOOK_SOURCE_ACTIONS: readonly string[] = [...WEBHOOK_EVENT_TYPES, ...LICENCE_LISTING_ACTIONS];

/** One recorded fact, as consumers see it. */
export interface DomainEvent<T extends string = string> {
  /**
   * Stable across every re-reading of the same entry (`evt_` + the first 128 bits of the entry's chain
   * hash): retries and duplicate stream records carry the same id, so receivers dedupe on it.
   */
  id: string;
  type: T;
  /** When the change was recorded (the audit entry's `at`). */
  createdAt: string;
  /** The case or certificate id. */
  subject: string;
  /** Position in the audit chain (ordering; never shown to clients). */
  seq: number;
  /** The entry's details: ids, codes and masked values only (the audit chain refuses personal data). */
  details: Record<string, unknown>;
  /** Who made the change (a client id, a department client, `system`). */
  actor: string;
}

/** The fields of an audit entry an event needs (the stream record carries just these, too). */
export type RecordedEntry = Pick<
  AuditEntry,
  'seq' | 'at' | 'action' | 'subject' | 'details' | 'hash' | 'actor'
>;

/**
 * The event an audit entry stands for, if its action is one of `types` (default: the webhook types);
 * `undefined` for every other entry. Pure: the same entry always gives the same event.
 */
export function eventOfEntry<T extends string = WebhookEventType>(
  entry: RecordedEntry,
  types: readonly T[] = WEBHOOK_EVENT_TYPES as unknown as readonly T[],
): DomainEvent<T> | undefined {
  if (!(types as readonly string[]).includes(entry.action)) return undefined;
  if (!/^[0-9a-f]{64}$/.test(entry.hash)) return undefined;
  return {
    id: `evt_${entry.hash.slice(0, 32)}`,
    type: entry.action as T,
    createdAt: entry.at,
    subject: entry.subject,
    seq: entry.seq,
    details: entry.details,
    actor: entry.actor,
  };
}

/**
 * Every event an audit entry stands for: its own (`eventOfEntry`) and, for an entry that lists issued
 * licences (`LICENCE_LISTING_ACTIONS`: issuance writes one entry per batch or per 60 licences, not one per
 * licence), one `certificate.issued` event per licence it lists. A listed licence's event has the licence as
 * subject, the entry's seq, time and actor, and an id of its own that is as stable as the entry's: `evt_` + the
 * first 128 bits of SHA-256(entry hash ‖ ":" ‖ certificate id). Its details are what a per-licence entry held:
 * the listed number and SHA-256 with the case (a bulk licence: the job) and batch.
 */
export function eventsOfEntry<T extends string = WebhookEventType>(
  entry: RecordedEntry,
  types: readonly T[] = WEBHOOK_EVENT_TYPES as unknown as readonly T[],
): DomainEvent<T>[] {
  const own = eventOfEntry(entry, types);
  const events: DomainEvent<T>[] = own ? [own] : [];
  const licences = entry.details.licences;
  if (
    !LICENCE_LISTING_ACTIONS.includes(entry.action) ||
    !Array.isArray(licences) ||
    !(types as readonly string[]).includes('certificate.issued') ||
    !/^[0-9a-f]{64}$/.test(entry.hash)
  )
    return events;
  const context = listingContext(entry);
  for (const licence of licences) {
    const { certificateId, ...rest } = (licence ?? {}) as Record<string, unknown>;
    if (typeof certificateId !== 'string') continue;
    const digest = createHash('sha256').update(`${entry.hash}:${certificateId}`).digest('hex');
    events.push({
      id: `evt_${digest.slice(0, 32)}`,
      type: 'certificate.issued' as T,
      createdAt: entry.at,
      subject: certificateId,
      seq: entry.seq,
      details: { ...rest, ...context },
      actor: entry.actor,
    });
  }
  return events;
}

/** Where a listing's licences came from: a case's batch (the entry's subject), or a bulk job's chunk. */
const listingContext = (entry: RecordedEntry): Record<string, unknown> =>
  entry.action === BULK_ISSUED
    ? { bulkId: entry.details.bulkId, batchId: entry.details.batchId }
    : { caseId: entry.subject, batchId: entry.details.batchId };
