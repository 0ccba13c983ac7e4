/**
 * Routing an event to the client it concerns: a case's events to the client that filed the case, a licence's
 * to the client that issued it — and only if that client has a webhook. The request body is fixed here,
 * once, and stored with the delivery: every attempt sends the same bytes under the same `webhook-id`.
 * Routing twice (a repeated stream record, a second local reader) finds the stored delivery and changes
 * nothing.
 */
import type { DomainEvent } from '../events/domain-events.js';
import type { DeliveryRecord } from './model.js';
import type { WebhookDependencies } from './webhook-context.js';

/** The case status each case event announces. */
const CASE_STATUS: Record<string, string> = {
  'case.submitted': 'SUBMITTED',
  'case.approved': 'APPROVED',
  'case.rejected': 'REJECTED',
  'case.returned': 'RETURNED',
};

/** The licence status each certificate event announces. */
const CERTIFICATE_STATUS: Record<string, string> = {
  'certificate.issued': 'VALID',
  'certificate.revoked': 'REVOKED',
  'certificate.suspended': 'SUSPENDED',
};

const reasonOf = (event: DomainEvent) =>
  typeof event.details.reason === 'string' ? { reason: event.details.reason } : {};

/**
 * The owner and the event's `data`. Only ids, codes, numbers and the reason the audit entry holds (the
 * audit chain admits no personal data): no holder or applicant, not even masked.
 */
async function ownerAndData(
  deps: WebhookDependencies,
  event: DomainEvent,
): Promise<{ clientId: string; data: Record<string, unknown> } | undefined> {
  const caseStatus = CASE_STATUS[event.type];
  if (caseStatus) {
    const record = await deps.cases.get(event.subject);
    if (!record) return undefined;
    return {
      clientId: record.clientId,
      data: {
        caseId: record.caseId,
        serviceItemCode: record.serviceItemCode,
        status: caseStatus,
        ...reasonOf(event),
      },
    };
  }
  const certificateStatus = CERTIFICATE_STATUS[event.type];
  if (!certificateStatus) return undefined;
  const record = await deps.ledger.get(event.subject);
  if (!record) return undefined;
  return {
    clientId: record.clientId,
    data: {
      certificateId: record.certificateId,
      caseId: record.caseId,
      serviceItemCode: record.serviceItemCode,
      type: record.type,
      number: record.number,
      identifier: record.identifier,
      status: certificateStatus,
      validUntil: record.validUntil,
      ...reasonOf(event),
    },
  };
}

/** The delivery of `event` to its owner's webhook (created once), or `undefined` when nobody is listening. */
export async function routeEvent(
  deps: WebhookDependencies,
  event: DomainEvent,
  now: Date,
): Promise<DeliveryRecord | undefined> {
  const routed = await ownerAndData(deps, event);
  if (!routed) return undefined;
  const webhook = await deps.webhooks.get(routed.clientId);
  // Nobody listening, or not yet when the change was recorded.
  if (!webhook || event.createdAt < (webhook.activeSince ?? webhook.registeredAt)) return undefined;
  const body = JSON.stringify({
    id: event.id,
    type: event.type,
    createdAt: event.createdAt,
    data: routed.data,
  });
  return deps.deliveries.create({
    clientId: routed.clientId,
    deliveryKey: `${event.createdAt}#${event.id}`,
    eventId: event.id,
    type: event.type,
    createdAt: event.createdAt,
    body,
    status: 'PENDING',
    attempts: 0,
    nextAttemptAt: now.toISOString(),
    dueQueue: 'DUE',
    expiresAtEpoch: Math.floor(now.getTime() / 1000) + deps.logRetentionDays * 86_400,
  });
}
