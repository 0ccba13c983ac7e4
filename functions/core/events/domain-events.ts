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
 * Every event an audit entry stands for: its own (`eventOfEntry`) and, for a batch's `case.issued` entry (and
 * its `case.issued.licences` continuations beyond 60 licences), one
 * `certificate.issued` event per licence it lists (issuance writes one entry per batch, not one per licence:
 * issuance-commit.ts `issuanceAudit`). A listed licence's event has the licence as subject, the entry's seq,
 * time and actor, and an id of its own that is as stable as the entry's: `evt_` + the first 128 bits of
 * SHA-256(entry hash ‖ ":" ‖ certificate id).
 */
export function eventsOfEntry<T extends string = WebhookEventType>(
  entry: RecordedEntry,
  types: readonly T[] = WEBHOOK_EVENT_TYPES as unknown as readonly T[],
): DomainEvent<T>[] {
  const own = eventOfEntry(entry, types);
  const events: DomainEvent<T>[] = own ? [own] : [];
  const licences = entry.details.licences;
  if (
    (entry.action !== 'case.issued' && entry.action !== 'case.issued.licences') ||
    !Array.isArray(licences) ||
    !(types as readonly string[]).includes('certificate.issued') ||
    !/^[0-9a-f]{64}$/.test(entry.hash)
  )
    return events;
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
      details: { ...rest, caseId: entry.subject, batchId: entry.details.batchId },
      actor: entry.actor,
    });
  }
  return events;
}
