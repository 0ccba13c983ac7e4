/**
 * The local runtime's progress-SMS reader, one round: read the audit chain past its own cursor, deliver the
 * message of every progress event (at most once each: `deliverProgressSms` claims the event first), move the
 * cursor. A send that fails stops the round before that entry — the cursor stays there, and the next round
 * tries it again (its claim was given back). On AWS the same `deliverProgressSms` runs in the queue consumer
 * of the audit table's stream instead (`consumeProgressEntry`).
 */
import type { AuditLog } from '../../ports/audit-log.js';
import type { EventCursor } from '../../ports/webhooks.js';
import { eventOfEntry, type RecordedEntry } from '../events/domain-events.js';
import {
  deliverProgressSms,
  PROGRESS_ACTION_NAMES,
  type ProgressOutcome,
  type ProgressSmsDependencies,
} from './deliver.js';

const PAGE = 200;

export interface ProgressPumpResult {
  entriesRead: number;
  sent: number;
  already: number;
  skipped: number;
  /** The error that stopped the round (its entry is read again next round). */
  failed?: string;
}

/** The outcome of one audit entry (an entry that is no progress event is skipped). */
export async function consumeProgressEntry(
  deps: ProgressSmsDependencies,
  entry: RecordedEntry,
): Promise<ProgressOutcome> {
  const event = eventOfEntry(entry, PROGRESS_ACTION_NAMES);
  if (!event) return { outcome: 'SKIPPED', reason: 'NOT_PROGRESS' };
  return deliverProgressSms(deps, event);
}

/** One round over the chain from `cursor`. */
export async function runProgressSmsPump(
  deps: ProgressSmsDependencies & { chain: Pick<AuditLog, 'listRange'>; cursor: EventCursor },
): Promise<ProgressPumpResult> {
  const result: ProgressPumpResult = { entriesRead: 0, sent: 0, already: 0, skipped: 0 };
  for (;;) {
    const from = await deps.cursor.read();
    const entries = await deps.chain.listRange(from + 1, PAGE);
    if (entries.length === 0) break;
    let done = from;
    for (const entry of entries) {
      try {
        const { outcome } = await consumeProgressEntry(deps, entry);
        if (outcome === 'SENT') result.sent++;
        else if (outcome === 'ALREADY') result.already++;
        else if (PROGRESS_ACTION_NAMES.includes(entry.action)) result.skipped++;
      } catch (error) {
        result.failed = error instanceof Error ? error.name : 'Error';
        break;
      }
      done = entry.seq;
      result.entriesRead++;
    }
    // Lost to another reader: it delivered (or will) the same entries, each at most once; read on from there.
    if (done > from) await deps.cursor.advance(from, done);
    if (result.failed || entries.length < PAGE) break;
  }
  return result;
}
