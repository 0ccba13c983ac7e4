/**
 * The statistics aggregator: what a change of one case (its image before and after a write, as a DynamoDB
 * stream record carries them) adds to the counters of `stats.ts`, and a batch of changes summed into one delta
 * per counter — so a batch of a hundred case writes costs one update per counter it touches, not one per
 * change, and none of it is on the write path of the request that changed the case.
 *
 * Everything is derived from the images, nothing from the writer: a status change moves one count between
 * two statuses (any writer — intake, decisions, issuance, the deferred-materials job — is counted alike); a
 * SUBMITTED → APPROVED/REJECTED change adds a processing-time sample from the case's own `submittedAt`, its
 * last decision's time and its `dueAt`; a change to ISSUED counts the licences the write added on the day of
 * the batch's `issuedAt`. A write that changes none of these (materials, warnings, audit claims) adds nothing.
 */
import type { StatsAggregates } from '../../ports/stats-aggregates.js';
import type { WorkingDayCalendar } from '../calendar/working-day-calendar.js';
import type { CaseRecord } from '../cases/model.js';
import { caseKey, issuedItemKey, issuedKey, onTimeKey, procKey, shanghaiDay } from './stats.js';

/** The fields of a case image the statistics read (a stream image may lack any of them: then not counted). */
export type CaseImage = Partial<
  Pick<
    CaseRecord,
    | 'serviceItemCode'
    | 'status'
    | 'submittedAt'
    | 'dueAt'
    | 'decisions'
    | 'certificateIds'
    | 'issuance'
    | 'updatedAt'
  >
>;

/** One write of a case: its image before (absent: created) and after (absent: deleted). */
export interface CaseChange {
  old?: CaseImage;
  new?: CaseImage;
}

/** Counter name → amount to add. */
export type CounterDeltas = Record<string, number>;

const add = (deltas: CounterDeltas, name: string, amount: number) => {
  deltas[name] = (deltas[name] ?? 0) + amount;
};

const decided = (status: string | undefined) => status === 'APPROVED' || status === 'REJECTED';

/** A processing-time sample of a case decided by this change (none for a date outside the calendar). */
function addDecided(deltas: CounterDeltas, image: CaseImage, item: string, calendar: WorkingDayCalendar) {
  const decidedAt = image.decisions?.at(-1)?.at ?? image.updatedAt;
  if (!decidedAt || !image.submittedAt) return;
  try {
    const at = new Date(decidedAt);
    const days = calendar.workingDaysBetween(new Date(image.submittedAt), at);
    const onTime = !image.dueAt || at.getTime() <= Date.parse(image.dueAt);
    add(deltas, procKey(item, days), 1);
    add(deltas, onTimeKey(item, onTime), 1);
  } catch {
    // A date outside the working-day calendar: no processing-time sample.
  }
}

/** Licences a change to ISSUED added: the certificate ids it appended (the batch's size before those existed). */
function licencesAdded(before: CaseImage | undefined, after: CaseImage): number {
  if (after.certificateIds)
    return Math.max(0, after.certificateIds.length - (before?.certificateIds?.length ?? 0));
  return after.issuance?.licences?.length ?? 0;
}

/** What one change adds to the counters. */
export function deltasOfCaseChange(
  change: CaseChange,
  calendar: WorkingDayCalendar,
  deltas: CounterDeltas = {},
): CounterDeltas {
  const before = change.old;
  const after = change.new;
  if (before?.serviceItemCode && before.status && before.status !== after?.status)
    add(deltas, caseKey(before.serviceItemCode, before.status), -1);
  const item = after?.serviceItemCode;
  if (!after || !item || !after.status || before?.status === after.status) return deltas;
  add(deltas, caseKey(item, after.status), 1);
  if (before?.status === 'SUBMITTED' && decided(after.status)) addDecided(deltas, after, item, calendar);
  if (after.status === 'ISSUED') {
    const count = licencesAdded(before, after);
    const at = after.issuance?.issuedAt ?? after.updatedAt;
    if (count > 0 && at) {
      const day = shanghaiDay(new Date(at));
      add(deltas, issuedKey(day), count);
      add(deltas, issuedItemKey(item, day), count);
    }
  }
  return deltas;
}

/** A batch of changes as one delta per counter (counters whose changes cancel out are left out). */
export function aggregateCaseChanges(
  changes: Iterable<CaseChange>,
  calendar: WorkingDayCalendar,
): CounterDeltas {
  const deltas: CounterDeltas = {};
  for (const change of changes) deltasOfCaseChange(change, calendar, deltas);
  return Object.fromEntries(Object.entries(deltas).filter(([, amount]) => amount !== 0));
}

/** What the aggregator needs: where the deltas go, and the calendar processing times are counted in. */
export interface StatsAggregatorDependencies {
  aggregates: StatsAggregates;
  calendar: WorkingDayCalendar;
}

/**
 * One delivered batch: its changes summed and added once per `batchId` (a redelivery adds nothing). Returns
 * how many counters it touched and whether this delivery added them.
 */
export async function aggregateStatsBatch(
  deps: StatsAggregatorDependencies,
  batchId: string,
  changes: Iterable<CaseChange>,
): Promise<{ counters: number; outcome: 'APPLIED' | 'ALREADY_APPLIED' }> {
  const deltas = aggregateCaseChanges(changes, deps.calendar);
  const counters = Object.keys(deltas).length;
  if (counters === 0) return { counters, outcome: 'APPLIED' };
  return { counters, outcome: await deps.aggregates.applyOnce(batchId, deltas) };
}
