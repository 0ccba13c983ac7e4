/**
 * The local runtime's delivery loop, one round: read the audit chain past the cursor, route every event
 * entry (idempotent), move the cursor; then try every delivery that is due. On AWS the same `routeEvent` and
 * `attemptDelivery` run in the queue consumer instead (stream → queue; SQS holds retries back). A crash
 * between routing and moving the cursor only routes those entries again, which finds their deliveries.
 */
import type { EventCursor } from '../../ports/webhooks.js';
import { eventsOfEntry } from '../events/domain-events.js';
import { attemptDelivery } from './delivery.js';
import { routeEvent } from './routing.js';
import type { WebhookDependencies } from './webhook-context.js';

const PAGE = 200;
/** Deliveries tried at once: one slow receiver must not hold up the others for long. */
const PARALLEL = 8;

export interface PumpResult {
  entriesRead: number;
  routed: number;
  attempted: number;
  delivered: number;
  retrying: number;
  failed: number;
}

/** One round at `now`; `maxDue` bounds the deliveries tried. */
export async function runWebhookPump(
  deps: WebhookDependencies & { cursor: EventCursor },
  now: Date,
  maxDue = 200,
): Promise<PumpResult> {
  const result: PumpResult = {
    entriesRead: 0,
    routed: 0,
    attempted: 0,
    delivered: 0,
    retrying: 0,
    failed: 0,
  };
  for (;;) {
    const from = await deps.cursor.read();
    const entries = await deps.audit.listRange(from + 1, PAGE);
    const last = entries.at(-1);
    if (!last) break;
    for (const entry of entries) {
      for (const event of eventsOfEntry(entry)) if (await routeEvent(deps, event, now)) result.routed++;
    }
    result.entriesRead += entries.length;
    // Lost to another reader: it routed (or will route) the same entries; read on from where it is.
    await deps.cursor.advance(from, last.seq);
    if (entries.length < PAGE) break;
  }
  const due = await deps.deliveries.listDue(now.toISOString(), maxDue);
  for (let i = 0; i < due.length; i += PARALLEL) {
    const outcomes = await Promise.all(due.slice(i, i + PARALLEL).map((d) => attemptDelivery(deps, d, now)));
    for (const { outcome } of outcomes) {
      if (outcome === 'SKIPPED') continue;
      result.attempted++;
      if (outcome === 'DELIVERED') result.delivered++;
      else if (outcome === 'RETRY') result.retrying++;
      else result.failed++;
    }
  }
  return result;
}
