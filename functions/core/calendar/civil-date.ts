/**
 * Calendar dates as Asia/Shanghai sees them, held as whole days since 1970-01-01 ("epoch days").
 * Working-day rules speak of dates, not instants; an integer day number makes "the next day" plain
 * arithmetic and keeps the UTC date of an instant (which differs from 00:00 to 08:00 Shanghai) out of it.
 */

/** Asia/Shanghai is UTC+8 all year (no daylight saving since 1991), so a fixed offset is exact. */
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** A calendar date in Asia/Shanghai: whole days since 1970-01-01. */
export type EpochDay = number;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The epoch day of an ISO `YYYY-MM-DD` date, or `undefined` if it is malformed or not a real date. */
export function parseIsoDate(date: string): EpochDay | undefined {
  const match = ISO_DATE.exec(date);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // setUTCFullYear, unlike Date.UTC, keeps years 0–99 as they are; it rolls 2025-02-30 over to March,
  // so a round trip tells real dates from rolled-over ones.
  const instant = new Date(0);
  instant.setUTCFullYear(year, month - 1, day);
  if (instant.toISOString().slice(0, 10) !== date) return undefined;
  return instant.getTime() / DAY_MS;
}

/** The ISO `YYYY-MM-DD` form of an epoch day. */
export function formatIsoDate(day: EpochDay): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The Gregorian year an epoch day falls in. */
export function yearOf(day: EpochDay): number {
  return new Date(day * DAY_MS).getUTCFullYear();
}

/** Day of the week, 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function dayOfWeek(day: EpochDay): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** True on Saturdays and Sundays. */
export function isWeekend(day: EpochDay): boolean {
  const weekday = dayOfWeek(day);
  return weekday === 0 || weekday === 6;
}

/** The date in Asia/Shanghai on which `instant` falls (16:30Z on 9 March is already 10 March there). */
export function shanghaiDayOf(instant: Date): EpochDay {
  return Math.floor((instant.getTime() + SHANGHAI_OFFSET_MS) / DAY_MS);
}

/**
 * The last millisecond of `day` in Asia/Shanghai (23:59:59.999 local = 15:59:59.999Z). Deadlines end at
 * the end of the day (民法典 第二百零三条: the last day of a period ends at 24:00).
 */
export function endOfShanghaiDay(day: EpochDay): Date {
  return new Date((day + 1) * DAY_MS - SHANGHAI_OFFSET_MS - 1);
}
