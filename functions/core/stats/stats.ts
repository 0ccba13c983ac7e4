/**
 * Statistics (`GET /v1/stats`) from aggregates — never a scan of the cases or the ledger per request: counters
 * per service item and status, licences issued per Shanghai day (in all and per item), a histogram of
 * processing times in working days (submitted → decided) and on-time / late counts per item. Reading them is
 * one batched read of known counter names, plus the overdue cases from the SLA index. A reader sees only the
 * service items of its key.
 *
 * The counters are kept off the requests' write path: an aggregator fed by the cases table's change records
 * (case-changes.ts; DynamoDB Streams on AWS, the local gateway's change feed locally) derives them from each
 * case's old and new image, one update per counter a batch touches. They trail the record by the feed's
 * delay; they are statistics, not the record (the record is the cases table and the audit trail).
 */
import type { CaseStore } from '../../ports/case-store.js';
import type { Counters } from '../../ports/ledger.js';
import type { CaseStatus } from '../cases/model.js';

export const CASE_STATUSES: CaseStatus[] = [
  'DRAFT',
  'SUBMITTED',
  'APPROVED',
  'REJECTED',
  'ISSUED',
  'RETURNED',
];
/** Processing times above this many working days share the last bucket. */
export const MAX_BUCKET = 60;
/** Days of issuance history returned. */
export const ISSUED_DAYS = 30;

/** The counter names (items of the counters table). */
export const caseKey = (item: string, status: CaseStatus) => `stats:cases:${item}:${status}`;
export const issuedKey = (day: string) => `stats:issued:${day}`;
export const issuedItemKey = (item: string, day: string) => `stats:issued:${item}:${day}`;
export const procKey = (item: string, days: number) =>
  `stats:proc:${item}:${Math.min(Math.max(days, 0), MAX_BUCKET)}`;
export const onTimeKey = (item: string, onTime: boolean) => `stats:${onTime ? 'ontime' : 'late'}:${item}`;

/** The calendar day in Asia/Shanghai (UTC+8, no daylight saving) of `instant`. */
export const shanghaiDay = (instant: Date) =>
  new Date(instant.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

/**
 * Cases awaiting decisions past their `dueAt`, per service item in `itemCodes`: one query of the sparse SLA
 * index for the cases already due (only those are read), not a scan.
 */
export async function countOverdue(
  cases: Pick<CaseStore, 'listAwaitingDecision'>,
  itemCodes: readonly string[],
  now: Date,
): Promise<Record<string, number>> {
  const nowIso = now.toISOString();
  const counts: Record<string, number> = Object.fromEntries(itemCodes.map((item) => [item, 0]));
  for (const c of await cases.listAwaitingDecision(nowIso)) {
    // dueAt is the last instant of the due day: overdue only once it has passed.
    if (c.dueAt !== undefined && c.dueAt < nowIso && counts[c.serviceItemCode] !== undefined)
      counts[c.serviceItemCode] = (counts[c.serviceItemCode] ?? 0) + 1;
  }
  return counts;
}

/** What a reader of the statistics may see beyond the counters. */
export interface StatsScope {
  /** The key may see every service item: issuance per day is then the total across items, history included. */
  allItems: boolean;
  /** Overdue cases per service item (`countOverdue`). */
  overdue: Record<string, number>;
}

export interface Stats {
  generatedAt: string;
  cases: Array<{
    serviceItemCode: string;
    byStatus: Record<CaseStatus, number>;
    total: number;
    /** Awaiting decisions past their due date. */
    overdue: number;
  }>;
  /** Across the service items listed in `cases`. */
  totals: { byStatus: Record<CaseStatus, number>; total: number; overdue: number };
  licencesIssuedPerDay: Array<{ date: string; count: number }>;
  processing: Array<{
    serviceItemCode: string;
    decided: number;
    medianWorkingDays: number | null;
    p90WorkingDays: number | null;
    onTimeRate: number | null;
  }>;
}

/** The smallest bucket whose cumulative count reaches quantile `q` of all counts. */
function quantile(histogram: number[], q: number): number | null {
  const total = histogram.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  let seen = 0;
  for (let days = 0; days < histogram.length; days++) {
    seen += histogram[days] ?? 0;
    if (seen >= q * total) return days;
  }
  return histogram.length - 1;
}

/** The statistics of the service items `itemCodes` (the reader's scope), as of `now`. */
export async function readStats(
  counters: Counters,
  itemCodes: string[],
  now: Date,
  scope: StatsScope = { allItems: true, overdue: {} },
): Promise<Stats> {
  const days = Array.from({ length: ISSUED_DAYS }, (_, i) =>
    shanghaiDay(new Date(now.getTime() - (ISSUED_DAYS - 1 - i) * 86_400_000)),
  );
  const buckets = Array.from({ length: MAX_BUCKET + 1 }, (_, d) => d);
  const names = [
    ...itemCodes.flatMap((item) => CASE_STATUSES.map((s) => caseKey(item, s))),
    ...(scope.allItems
      ? days.map(issuedKey)
      : itemCodes.flatMap((item) => days.map((day) => issuedItemKey(item, day)))),
    ...itemCodes.flatMap((item) => [
      ...buckets.map((d) => procKey(item, d)),
      onTimeKey(item, true),
      onTimeKey(item, false),
    ]),
  ];
  const v = await counters.read(names);
  const at = (name: string) => v[name] ?? 0;
  const issuedOn = (day: string) =>
    scope.allItems
      ? at(issuedKey(day))
      : itemCodes.reduce((sum, item) => sum + at(issuedItemKey(item, day)), 0);
  const cases = itemCodes.map((item) => {
    const byStatus = Object.fromEntries(CASE_STATUSES.map((s) => [s, at(caseKey(item, s))])) as Record<
      CaseStatus,
      number
    >;
    const total = Object.values(byStatus).reduce((a, b) => a + b, 0);
    return { serviceItemCode: item, byStatus, total, overdue: scope.overdue[item] ?? 0 };
  });
  const sum = (pick: (c: (typeof cases)[number]) => number) => cases.reduce((a, c) => a + pick(c), 0);
  return {
    generatedAt: now.toISOString(),
    cases,
    totals: {
      byStatus: Object.fromEntries(CASE_STATUSES.map((s) => [s, sum((c) => c.byStatus[s])])) as Record<
        CaseStatus,
        number
      >,
      total: sum((c) => c.total),
      overdue: sum((c) => c.overdue),
    },
    licencesIssuedPerDay: days.map((date) => ({ date, count: issuedOn(date) })),
    processing: itemCodes.map((item) => {
      const histogram = buckets.map((d) => at(procKey(item, d)));
      const onTime = at(onTimeKey(item, true));
      const late = at(onTimeKey(item, false));
      return {
        serviceItemCode: item,
        decided: onTime + late,
        medianWorkingDays: quantile(histogram, 0.5),
        p90WorkingDays: quantile(histogram, 0.9),
        onTimeRate: onTime + late === 0 ? null : Math.round((onTime / (onTime + late)) * 1000) / 1000,
      };
    }),
  };
}
