/**
 * 办件提醒: one SMS to the applicant per progress event of a case — accepted (submitted), a deferred material
 * falling due, approved, rejected, returned, and ONE per issuance request (with one link to all its licences).
 * Events are the audit chain's entries (functions/core/events/domain-events.ts), the same source webhooks
 * read; a message goes out at most once per event: the event id is claimed in the progress-SMS log before
 * anything is sent, so a repeated stream record, a retry, a second local reader or the issuing request itself
 * finds the claim and sends nothing. A send that fails gives the claim back (nothing went out) so a retry
 * may send; a crash between claim and send leaves the claim: at most once, never twice.
 */
import type { AuditLog } from '../../ports/audit-log.js';
import type { CaseStore } from '../../ports/case-store.js';
import type { Clock } from '../../ports/clock.js';
import type { ProgressSmsLog, ProgressSmsRecord } from '../../ports/progress-sms-log.js';
import type { Random } from '../../ports/random.js';
import type { SmsLinkStore } from '../../ports/sms-link-store.js';
import type { SmsSender } from '../../ports/sms-sender.js';
import { normaliseMobile } from '../cases/applicant.js';
import type { CaseRecord } from '../cases/model.js';
import type { Catalogue } from '../catalogue/catalogue.js';
import { createRequestLink } from '../delivery/batch-links.js';
import type { DomainEvent } from '../events/domain-events.js';
import { base32 } from '../ids.js';
import { isoShanghaiDate } from '../licence/render/format.js';
import { maskMobile } from '../masking.js';
import { type ProgressKind, type ProgressTemplates, renderProgressSms } from './templates.js';

/** The audit actions the applicant hears about, and the message each one sends. */
export const PROGRESS_ACTIONS: Readonly<Record<string, ProgressKind>> = {
  'case.submitted': 'SUBMITTED',
  'case.deferred-material-due': 'DEFERRED_DUE',
  'case.approved': 'APPROVED',
  'case.rejected': 'REJECTED',
  'case.returned': 'RETURNED',
  // One entry per issuance batch (the per-licence `certificate.issued` entries send nothing).
  'case.issued': 'ISSUED',
};

/** The actions as a list (the stream filter and the event reader take it). */
export const PROGRESS_ACTION_NAMES = Object.keys(PROGRESS_ACTIONS);

export interface ProgressSmsDependencies {
  cases: Pick<CaseStore, 'get'>;
  catalogue: Pick<Catalogue, 'get'>;
  templates: ProgressTemplates;
  sms: SmsSender;
  log: ProgressSmsLog;
  links: SmsLinkStore;
  audit: Pick<AuditLog, 'append' | 'listBySubject'>;
  clock: Clock;
  random: Random;
  publicBaseUrl: string;
  /** How long the issuance link opens the licences. @default 30 */
  linkTtlDays?: number;
  /** How long the log keeps a record (far beyond any re-read of the event). @default 400 */
  logRetentionDays?: number;
}

/** SENT now; ALREADY claimed by an earlier reader (its record); SKIPPED with nothing to send. */
export type ProgressOutcome =
  | { outcome: 'SENT'; record: ProgressSmsRecord }
  | { outcome: 'ALREADY'; record: ProgressSmsRecord }
  | { outcome: 'SKIPPED'; reason: 'NOT_PROGRESS' | 'CASE_NOT_FOUND' | 'NO_MOBILE' | 'NO_LICENCES' };

/** The batch the event announces, if it is still the case's. */
const issuedBatchOf = (record: CaseRecord, event: DomainEvent) =>
  record.issuance && record.issuance.batchId === event.details.batchId ? record.issuance : undefined;

/** Who the message goes to: the issuing request's `notify` mobile for its issuance, else the applicant. */
function recipientOf(record: CaseRecord, kind: ProgressKind, event: DomainEvent): string | undefined {
  const notify = kind === 'ISSUED' ? issuedBatchOf(record, event)?.notifyMobile : undefined;
  return normaliseMobile(notify ?? record.applicant.mobile);
}

const dateOf = (iso: unknown) =>
  typeof iso === 'string' && !Number.isNaN(Date.parse(iso)) ? isoShanghaiDate(new Date(iso)) : '';

/** The deferred materials an event names (`materialCode` or `materialCodes`), by their Chinese names. */
function materialNames(deps: ProgressSmsDependencies, record: CaseRecord, event: DomainEvent): string {
  const { materialCode, materialCodes } = event.details;
  const codes = Array.isArray(materialCodes) ? materialCodes : [materialCode];
  const rules = deps.catalogue.get(record.serviceItemCode)?.materials ?? [];
  return codes
    .filter((c): c is string => typeof c === 'string')
    .map((c) => rules.find((r) => r.code === c)?.name ?? c)
    .join('、');
}

/** The placeholder values of the event's message (the issuance link is made separately, after the claim). */
function valuesOf(
  deps: ProgressSmsDependencies,
  record: CaseRecord,
  kind: ProgressKind,
  event: DomainEvent,
): Record<string, string> {
  const itemName = deps.catalogue.get(record.serviceItemCode)?.name ?? record.serviceItemCode;
  switch (kind) {
    case 'SUBMITTED':
      return { itemName, dueDate: dateOf(record.dueAt) };
    case 'DEFERRED_DUE':
      return { itemName, material: materialNames(deps, record, event), dueDate: dateOf(event.details.dueAt) };
    default:
      return { itemName };
  }
}

/** The licences of the batch the event announces, in issuance order. */
function issuedLicenceIds(record: CaseRecord, event: DomainEvent): string[] {
  const batch = issuedBatchOf(record, event);
  return batch ? batch.licences.map((l) => l.certificateId) : [];
}

/** Send the message of `event` unless it was claimed before; see the module comment. */
export async function deliverProgressSms(
  deps: ProgressSmsDependencies,
  event: DomainEvent,
): Promise<ProgressOutcome> {
  const kind = PROGRESS_ACTIONS[event.type];
  if (!kind) return { outcome: 'SKIPPED', reason: 'NOT_PROGRESS' };
  const record = await deps.cases.get(event.subject);
  if (!record) return { outcome: 'SKIPPED', reason: 'CASE_NOT_FOUND' };
  const to = recipientOf(record, kind, event);
  if (!to) return { outcome: 'SKIPPED', reason: 'NO_MOBILE' };
  const licences = kind === 'ISSUED' ? issuedLicenceIds(record, event) : [];
  if (kind === 'ISSUED' && licences.length === 0) return { outcome: 'SKIPPED', reason: 'NO_LICENCES' };
  const now = deps.clock.now();
  const claim: ProgressSmsRecord = {
    eventId: event.id,
    kind,
    caseId: record.caseId,
    status: 'SENDING',
    claimToken: base32(deps.random.bytes(10)),
    claimedAt: now.toISOString(),
    mobileMasked: maskMobile(to),
    expiresAtEpoch: Math.floor(now.getTime() / 1000) + (deps.logRetentionDays ?? 400) * 86_400,
  };
  const claimed = await deps.log.claim(claim);
  if (!claimed.claimed) {
    // Sent by an earlier reader whose audit entry did not get written: write it now.
    if (claimed.existing.status === 'SENT' && !claimed.existing.audited)
      await auditSent(deps, claimed.existing);
    return { outcome: 'ALREADY', record: claimed.existing };
  }
  let messageId: string;
  try {
    const values = valuesOf(deps, record, kind, event);
    let link: string | undefined;
    if (kind === 'ISSUED') {
      const made = await createRequestLink(
        deps,
        { caseId: record.caseId, clientId: record.clientId, certificateIds: licences },
        to,
      );
      link = made.url;
      Object.assign(values, { url: made.url, count: String(licences.length) });
    }
    const body = renderProgressSms(deps.templates, kind, values);
    ({ messageId } = await deps.sms.send({ to, body, ...(link ? { link } : {}) }));
  } catch (error) {
    // Nothing went out: give the claim back so the retry (SQS, the next round of the loop) sends it.
    await deps.log.release(event.id, claim.claimToken).catch(() => undefined);
    await deps.audit
      .append([
        {
          actor: 'system',
          action: 'case.sms-failed',
          subject: record.caseId,
          details: { eventId: event.id, kind, error: error instanceof Error ? error.name : 'Error' },
        },
      ])
      .catch(() => undefined);
    throw error;
  }
  const sent: ProgressSmsRecord = {
    ...claim,
    status: 'SENT',
    messageId,
    sentAt: deps.clock.now().toISOString(),
  };
  await deps.log.complete(event.id, claim.claimToken, { messageId, sentAt: sent.sentAt as string });
  await auditSent(deps, sent);
  return { outcome: 'SENT', record: { ...sent, audited: true } };
}

/** The message's audit entry on its case: event, kind, masked recipient, the provider's message id. */
async function auditSent(deps: ProgressSmsDependencies, record: ProgressSmsRecord): Promise<void> {
  await deps.audit.append([
    {
      actor: 'system',
      action: 'case.sms-sent',
      subject: record.caseId,
      details: {
        eventId: record.eventId,
        kind: record.kind,
        mobile: record.mobileMasked,
        messageId: record.messageId ?? '',
      },
    },
  ]);
  await deps.log.markAudited(record.eventId);
}
