/**
 * Working days (工作日) on the official Chinese calendar and the case deadlines built on them.
 *
 * Counting rule. "受理之日起N个工作日" is counted as follows:
 * - The day of acceptance does not count; day 1 is the first working day strictly after it. Periods counted
 *   in days exclude their first day (民法典 第二百零一条: 开始的当日不计入，自下一日开始计算), and a case
 *   accepted at 17:55 must not lose a whole day of its promised time.
 * - Acceptance on a weekend or holiday therefore gives the same deadline as acceptance on the working day
 *   before it: counting starts at the next working day either way.
 * - Working days are Monday–Friday minus the announced holidays, plus the announced make-up weekend days
 *   (调休上班); 行政许可法 第八十二条 counts licensing limits in working days without statutory holidays.
 * - The deadline ends at 23:59:59.999 Asia/Shanghai of the N-th working day (民法典 第二百零三条: the
 *   last day ends at 24:00), serialised as UTC: `2025-10-14T15:59:59.999Z`.
 * - Every instant is first turned into its Asia/Shanghai date (UTC+8 all year), never its UTC date.
 *
 * A year without a loaded notice uses the provisional calendar of the statutory rules (`provisional-year.ts`):
 * deadlines that touch such a year say so (`basis: 'PROVISIONAL'`) and are recomputed when the notice is
 * added (`functions/core/jobs/recompute-deadlines.ts`). Never a plain Monday–Friday guess: that would move
 * deadlines by days around 春节 and 国庆. Outside the rules' years: `CalendarYearUnsupportedError` (422).
 */
import { type CalendarYear, type CalendarYearFile, loadCalendarYears } from './calendar-year.js';
import {
  type EpochDay,
  endOfShanghaiDay,
  isWeekend,
  parseIsoDate,
  shanghaiDayOf,
  yearOf,
} from './civil-date.js';
import { CalendarYearUnsupportedError, InvalidCalendarInputError } from './errors.js';
import {
  FIRST_PROVISIONAL_YEAR,
  LAST_PROVISIONAL_YEAR,
  provisionalCalendarYear,
} from './provisional-year.js';

/** Where a year's calendar comes from: the State Council notice, or the statutory rules alone. */
export type CalendarBasis = 'OFFICIAL' | 'PROVISIONAL';

/** A case deadline and whether every day it counted came from an official notice. */
export interface Deadline {
  dueAt: Date;
  /** `PROVISIONAL` when any day counted lies in a year without a loaded notice. */
  basis: CalendarBasis;
}

/** Where a case stands against its deadline. */
export type SlaStatus = 'ON_TIME' | 'DUE_SOON' | 'OVERDUE';

/** Options of `slaStatus`. */
export interface SlaStatusOptions {
  /**
   * A case with at most this many whole working days left after today is `DUE_SOON`, so 1 warns on the
   * last working day before the due day and on the due day itself.
   * @default 1
   */
  dueSoonWorkingDays?: number;
}

/** The official working-day calendar over the loaded years. */
export interface WorkingDayCalendar {
  /** The years with a loaded notice, ascending (for monitoring that next year's notice is loaded). */
  coveredYears(): number[];
  /** `OFFICIAL` for a year with a loaded notice, else `PROVISIONAL`; throws `CalendarYearUnsupportedError`. */
  basisOf(year: number): CalendarBasis;
  /**
   * Whether `date` (`YYYY-MM-DD`, a date in China) is a working day. Throws `CalendarYearUnsupportedError`
   * for a year neither loaded nor covered by the statutory rules, `InvalidCalendarInputError` for a
   * malformed date.
   */
  isWorkingDay(date: string): boolean;
  /** `dueAt` and its basis: `PROVISIONAL` when a day counted lies in a year without a loaded notice. */
  deadline(acceptedAt: Date, workingDays: number): Deadline;
  /**
   * The deadline of a case accepted at `acceptedAt` with a limit of `workingDays` (an integer ≥ 1): the
   * last instant (23:59:59.999 Asia/Shanghai) of the `workingDays`-th working day after the acceptance date.
   */
  dueAt(acceptedAt: Date, workingDays: number): Date;
  /**
   * Working days whose date lies after `from`'s date, up to and including `to`'s date (Asia/Shanghai):
   * the working days a case has used, so `workingDaysBetween(a, dueAt(a, n)) === n`. Negative if `to` is
   * before `from`.
   */
  workingDaysBetween(from: Date, to: Date): number;
  /**
   * Whole working days left after today until the deadline: 0 on the due day itself. Once `now` is past
   * `dueAt` it is negative: −k when the k-th working day after the due date has begun, and at least −1 so
   * that a deadline missed over a weekend still reads as overdue.
   */
  remainingWorkingDays(now: Date, dueAt: Date): number;
  /** `OVERDUE` after `dueAt`, `DUE_SOON` within `dueSoonWorkingDays` working days of it, else `ON_TIME`. */
  slaStatus(now: Date, dueAt: Date, options?: SlaStatusOptions): SlaStatus;
}

function requireInstant(name: string, value: Date): void {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new InvalidCalendarInputError(`${name} 不是有效的时间`, `${name} is not a valid instant`, {
      parameter: name,
    });
  }
}

function requireCount(name: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new InvalidCalendarInputError(
      `${name} 应为不小于 ${min} 的整数`,
      `${name} must be an integer of at least ${min}`,
      { parameter: name, value },
    );
  }
}

/**
 * Builds the calendar from the State Council year files (see `functions/catalogue/calendar`). Every file
 * is validated again here because JSON imports are not checked by the type system; a bad file throws
 * `CalendarDataError` at start-up.
 */
export function createWorkingDayCalendar(years: readonly CalendarYearFile[]): WorkingDayCalendar {
  const loaded = loadCalendarYears(years);
  const provisional = new Map<number, CalendarYear>();

  const calendarYear = (year: number): CalendarYear => {
    const official = loaded.get(year);
    if (official) return official;
    if (year < FIRST_PROVISIONAL_YEAR || year > LAST_PROVISIONAL_YEAR) {
      throw new CalendarYearUnsupportedError(year, {
        from: Math.min(FIRST_PROVISIONAL_YEAR, ...loaded.keys()),
        to: Math.max(LAST_PROVISIONAL_YEAR, ...loaded.keys()),
      });
    }
    let built = provisional.get(year);
    if (!built) {
      built = provisionalCalendarYear(year);
      provisional.set(year, built);
    }
    return built;
  };

  const basisOf = (year: number): CalendarBasis => {
    calendarYear(year);
    return loaded.has(year) ? 'OFFICIAL' : 'PROVISIONAL';
  };

  const isWorking = (day: EpochDay): boolean => {
    const year = calendarYear(yearOf(day));
    if (year.makeUpWorkdays.has(day)) return true;
    return !isWeekend(day) && !year.holidayDays.has(day);
  };

  /** Working days in the half-open range (after, upTo]. */
  const countWorkingDays = (after: EpochDay, upTo: EpochDay): number => {
    let count = 0;
    for (let day = after + 1; day <= upTo; day++) if (isWorking(day)) count++;
    return count;
  };

  const remainingWorkingDays = (now: Date, dueAt: Date): number => {
    requireInstant('now', now);
    requireInstant('dueAt', dueAt);
    if (now.getTime() <= dueAt.getTime()) return countWorkingDays(shanghaiDayOf(now), shanghaiDayOf(dueAt));
    return -Math.max(1, countWorkingDays(shanghaiDayOf(dueAt), shanghaiDayOf(now)));
  };

  const deadline = (acceptedAt: Date, workingDays: number): Deadline => {
    requireInstant('acceptedAt', acceptedAt);
    requireCount('workingDays', workingDays, 1);
    let day = shanghaiDayOf(acceptedAt);
    let basis: CalendarBasis = 'OFFICIAL';
    for (let left = workingDays; left > 0; ) {
      day++;
      if (isWorking(day)) left--;
      if (!loaded.has(yearOf(day))) basis = 'PROVISIONAL';
    }
    return { dueAt: endOfShanghaiDay(day), basis };
  };

  return {
    coveredYears: () => [...loaded.keys()].sort((a, b) => a - b),

    basisOf,

    isWorkingDay(date) {
      const day = typeof date === 'string' ? parseIsoDate(date) : undefined;
      if (day === undefined) {
        throw new InvalidCalendarInputError('日期应为 YYYY-MM-DD', 'date must be a real date as YYYY-MM-DD', {
          parameter: 'date',
        });
      }
      return isWorking(day);
    },

    deadline,

    dueAt: (acceptedAt, workingDays) => deadline(acceptedAt, workingDays).dueAt,

    workingDaysBetween(from, to) {
      requireInstant('from', from);
      requireInstant('to', to);
      const [fromDay, toDay] = [shanghaiDayOf(from), shanghaiDayOf(to)];
      return toDay >= fromDay ? countWorkingDays(fromDay, toDay) : -countWorkingDays(toDay, fromDay);
    },

    remainingWorkingDays,

    slaStatus(now, dueAt, options = {}) {
      const dueSoon = options.dueSoonWorkingDays ?? 1;
      requireCount('dueSoonWorkingDays', dueSoon, 0);
      const remaining = remainingWorkingDays(now, dueAt);
      if (remaining < 0) return 'OVERDUE';
      return remaining <= dueSoon ? 'DUE_SOON' : 'ON_TIME';
    },
  };
}
