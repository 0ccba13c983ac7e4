/** `GET /v1/webhook/deliveries`: the calling client's recent deliveries, newest first. */
import type { Principal } from '../cases/model.js';
import type { DeliveryRecord } from './model.js';
import type { WebhookDependencies } from './webhook-context.js';

export const DELIVERY_LOG_LIMIT = 100;

export interface DeliveryView {
  id: string;
  type: string;
  createdAt: string;
  status: DeliveryRecord['status'];
  attempts: number;
  lastStatus?: number | string;
  lastAttemptAt?: string;
  nextAttemptAt?: string;
  deliveredAt?: string;
  /** The event's `data` as sent (ids, codes and numbers only). */
  data: Record<string, unknown>;
}

const dataOf = (body: string): Record<string, unknown> => {
  try {
    const parsed = JSON.parse(body) as { data?: unknown };
    return parsed.data && typeof parsed.data === 'object' ? (parsed.data as Record<string, unknown>) : {};
  } catch {
    return {};
  }
};

export function toDeliveryView(record: DeliveryRecord): DeliveryView {
  return {
    id: record.eventId,
    type: record.type,
    createdAt: record.createdAt,
    status: record.status,
    attempts: record.attempts,
    ...(record.lastStatus !== undefined ? { lastStatus: record.lastStatus } : {}),
    ...(record.lastAttemptAt ? { lastAttemptAt: record.lastAttemptAt } : {}),
    ...(record.nextAttemptAt ? { nextAttemptAt: record.nextAttemptAt } : {}),
    ...(record.deliveredAt ? { deliveredAt: record.deliveredAt } : {}),
    data: dataOf(record.body),
  };
}

/** The client's last `DELIVERY_LOG_LIMIT` deliveries (the log keeps them for `logRetentionDays`). */
export async function listDeliveries(
  deps: WebhookDependencies,
  principal: Principal,
): Promise<DeliveryView[]> {
  const records = await deps.deliveries.listRecent(principal.clientId, DELIVERY_LOG_LIMIT);
  return records.map(toDeliveryView);
}
