/**
 * `expiry-reminders` (证照到期主动提醒): an SMS to the holder 90, 30 and 7 days before `validUntil` — once per
 * threshold, only the most urgent one due (a licence first seen 20 days before expiry gets the 30-day
 * reminder, not three messages) — with a renewal hint and a fresh link; and EXPIRED once `validUntil` has
 * passed. Revoked, suspended and superseded licences are not in the queue, so they get nothing. A bulk-issued
 * licence has no applicant to text (its `caseId` is the bulk job): it expires like any other and is counted in
 * `noContact` instead of reminded.
 */
import type { CaseStore } from '../../ports/case-store.js';
import { ConcurrentUpdateError } from '../../ports/case-store.js';
import type { Ledger } from '../../ports/ledger.js';
import { resolveRecord } from '../certificates/certificate-service.js';
import type { CertificateRecord } from '../certificates/model.js';
import { createLink, type DeliveryDependencies } from '../delivery/sms-links.js';

export const REMINDER_THRESHOLDS_DAYS = [90, 30, 7] as const;

export interface ExpiryRemindersResult {
  examined: number;
  reminded: number;
  expired: number;
  /**
   * Licences due a reminder whose holder the service has no mobile for: a bulk-issued licence's `caseId` is its
   * job, not a case with an applicant (a bulk row carries no mobile). Nothing is claimed, so a later run counts
   * them again.
   */
  noContact: number;
}

export interface ExpiryDependencies extends DeliveryDependencies {
  ledger: Ledger;
  cases: CaseStore;
}

const shanghaiToday = (now: Date) => new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
const plusDays = (date: string, days: number) =>
  new Date(Date.parse(date) + days * 86_400_000).toISOString().slice(0, 10);

const reminderText = (record: CertificateRecord, daysLeft: number, url: string) => {
  const text = `【湘证照】您的${record.typeName}将于${record.validUntil}到期（剩${daysLeft}天），请及时办理延续：${url}`;
  return [...text].length <= 70 ? text : `【湘证照】证照${daysLeft}天后到期，请及时办理延续：${url}`;
};

async function save(
  deps: ExpiryDependencies,
  record: CertificateRecord,
  change: (r: CertificateRecord) => void,
) {
  const next = structuredClone(record);
  change(next);
  next.version = record.version + 1;
  try {
    await deps.ledger.update(next);
    return true;
  } catch (error) {
    // Changed meanwhile (revoked, or another run): the next run sees the new state.
    if (error instanceof ConcurrentUpdateError) return false;
    throw error;
  }
}

/**
 * The record as a licence. A PENDING one is a licence only once its batch committed (`resolveRecord`, which
 * then activates it: read again); one of a batch still PREPARING or voided (superseded, refused, abandoned)
 * neither expires nor is reminded of — marked EXPIRED it would turn up in verification as a licence.
 */
async function asLicence(deps: ExpiryDependencies, record: CertificateRecord) {
  if (record.status !== 'PENDING') return record;
  if (!(await resolveRecord(deps, record))) return undefined;
  return (await deps.ledger.get(record.certificateId)) ?? record;
}

export async function runExpiryReminders(
  deps: ExpiryDependencies,
  now: Date,
): Promise<ExpiryRemindersResult> {
  const today = shanghaiToday(now);
  const candidates = await deps.ledger.listExpiring(plusDays(today, Math.max(...REMINDER_THRESHOLDS_DAYS)));
  let reminded = 0;
  let expired = 0;
  let noContact = 0;
  for (const listed of candidates) {
    const record = await asLicence(deps, listed);
    if (!record || (record.status !== 'VALID' && record.status !== 'PENDING')) continue;
    if (record.validUntil < today) {
      const done = await save(deps, record, (r) => {
        r.status = 'EXPIRED';
        delete r.expiryQueue;
      });
      if (done) {
        expired++;
        await deps.audit.append([
          {
            actor: 'system:expiry-reminders',
            action: 'certificate.expired',
            subject: record.certificateId,
            details: { validUntil: record.validUntil },
          },
        ]);
      }
      continue;
    }
    if (record.status !== 'VALID') continue;
    const daysLeft = daysBetween(today, record.validUntil);
    const due = REMINDER_THRESHOLDS_DAYS.filter((t) => daysLeft <= t && !record.reminders?.[String(t)]);
    if (due.length === 0) continue;
    const owner = await deps.cases.get(record.caseId);
    if (!owner) {
      noContact++;
      continue;
    }
    // Claim the thresholds first (conditional write), then send: a racing run cannot send twice.
    const at = now.toISOString();
    const claimed = await save(deps, record, (r) => {
      r.reminders = { ...(r.reminders ?? {}), ...Object.fromEntries(due.map((t) => [String(t), at])) };
    });
    if (!claimed) continue;
    const { url, mobile } = await createLink(
      deps,
      { ...record, version: record.version + 1 },
      owner.applicant.mobile,
    );
    const { messageId } = await deps.sms.send({
      to: mobile,
      body: reminderText(record, daysLeft, url),
      link: url,
    });
    reminded++;
    await deps.audit.append([
      {
        actor: 'system:expiry-reminders',
        action: 'certificate.expiry-reminder',
        subject: record.certificateId,
        details: { thresholdDays: Math.min(...due), daysLeft, messageId },
      },
    ]);
  }
  return { examined: candidates.length, reminded, expired, noContact };
}
