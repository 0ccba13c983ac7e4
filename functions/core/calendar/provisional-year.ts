/**
 * The provisional calendar of a year whose State Council notice (国务院办公厅关于X年部分节假日安排的通知) is
 * not published yet: the statutory holidays alone, so that a deadline reaching into that year can be given
 * today instead of refusing the case. It is built from the law, never from anyone's forecast of the notice.
 *
 * Rules (《全国年节及纪念日放假办法》, 国务院令, fourth revision of 2024-11-10, in force 2025-01-01):
 * - 第二条: 元旦 1 day (1-1); 春节 4 days (农历除夕 and 正月初一至初三); 清明节 1 day (the day of the 清明
 *   solar term); 劳动节 2 days (5-1, 5-2); 端午节 1 day (农历五月初五); 中秋节 1 day (农历八月十五);
 *   国庆节 3 days (10-1 to 10-3).
 * - 第六条: a holiday day of all citizens that falls on a Saturday or Sunday is given on a working day
 *   (补假). We give it on the first following Monday–Friday that is not already off. A holiday day that
 *   coincides with another one (中秋 on 10-1..10-3, as in 2020 and 2028) is also given again, since each
 *   day is its own entitlement; the 2020 notice (国办发明电〔2019〕16号: 国庆、中秋 10-1..10-8 with two
 *   make-up days) granted exactly that. Days are handled in date order, so a multi-day holiday over a
 *   weekend pushes its substitutes past each other (国庆 Sat–Mon → Tue and Wed off).
 * - No make-up working days (调休上班): they exist only by a notice (第七条 allows 调休, it does not fix it).
 *
 * Lunar dates and the 清明 solar term come from tyme4ts (6tail's maintained successor of lunar-typescript:
 * no dependencies, astronomical new moons and solar terms in Beijing time, lunar years −1…9999). Its own
 * `LegalHoliday` table is deliberately not used: for a year without a notice it would be a guess.
 */
import { LunarDay, SolarTerm } from 'tyme4ts';
import type { CalendarYear } from './calendar-year.js';
import { type EpochDay, formatIsoDate, isWeekend, parseIsoDate } from './civil-date.js';

/** The first year the 2024 revision applies to; earlier years had other statutory days. */
export const FIRST_PROVISIONAL_YEAR = 2025;
/** The last year the lunar library (and our four-digit ISO dates) can compute. */
export const LAST_PROVISIONAL_YEAR = 9999;

/** One statutory holiday day of all citizens (第二条). */
export interface StatutoryDay {
  name: string;
  day: EpochDay;
}

const dayOf = (year: number, month: number, date: number): EpochDay => {
  const iso = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(date).padStart(2, '0')}`;
  const day = parseIsoDate(iso);
  if (day === undefined) throw new RangeError(`not a date: ${iso}`);
  return day;
};

const solar = (d: { getYear(): number; getMonth(): number; getDay(): number }): EpochDay =>
  dayOf(d.getYear(), d.getMonth(), d.getDay());

/** The statutory holiday days of `year` in date order (a day twice when two holidays coincide). */
export function statutoryDays(year: number): StatutoryDay[] {
  // 正月初一 of lunar year Y always falls in January or February of Gregorian year Y, and so does its eve.
  const springFestival = LunarDay.fromYmd(year, 1, 1);
  const days: StatutoryDay[] = [
    { name: '元旦', day: dayOf(year, 1, 1) },
    { name: '春节（除夕）', day: solar(springFestival.next(-1).getSolarDay()) },
    ...[0, 1, 2].map((n) => ({ name: '春节', day: solar(springFestival.next(n).getSolarDay()) })),
    { name: '清明节', day: solar(SolarTerm.fromName(year, '清明').getSolarDay()) },
    { name: '劳动节', day: dayOf(year, 5, 1) },
    { name: '劳动节', day: dayOf(year, 5, 2) },
    { name: '端午节', day: solar(LunarDay.fromYmd(year, 5, 5).getSolarDay()) },
    { name: '中秋节', day: solar(LunarDay.fromYmd(year, 8, 15).getSolarDay()) },
    { name: '国庆节', day: dayOf(year, 10, 1) },
    { name: '国庆节', day: dayOf(year, 10, 2) },
    { name: '国庆节', day: dayOf(year, 10, 3) },
  ];
  return days.sort((a, b) => a.day - b.day);
}

/** The first Monday–Friday after `day` that is not already off. */
function nextFreeWeekday(day: EpochDay, off: ReadonlySet<EpochDay>): EpochDay {
  let candidate = day + 1;
  while (isWeekend(candidate) || off.has(candidate)) candidate++;
  return candidate;
}

/**
 * The provisional `CalendarYear` of `year` (between `FIRST_PROVISIONAL_YEAR` and `LAST_PROVISIONAL_YEAR`):
 * the statutory days and their substitutes off, weekends off, no make-up working days.
 */
export function provisionalCalendarYear(year: number): CalendarYear {
  if (!Number.isInteger(year) || year < FIRST_PROVISIONAL_YEAR || year > LAST_PROVISIONAL_YEAR) {
    throw new RangeError(`no statutory rules for ${year}`);
  }
  const statutory = statutoryDays(year);
  const off = new Set<EpochDay>();
  const substitutes: EpochDay[] = [];
  for (const { day } of statutory) {
    if (isWeekend(day) || off.has(day)) {
      const substitute = nextFreeWeekday(day, new Set([...off, ...statutory.map((s) => s.day)]));
      substitutes.push(substitute);
      off.add(substitute);
    }
    off.add(day);
  }
  return {
    year,
    source: `法定节假日（《全国年节及纪念日放假办法》第二条、第六条）推算的临时日历，补假 ${substitutes.map(formatIsoDate).join(', ') || '无'}；未含国务院通知的调休`,
    holidayDays: off,
    makeUpWorkdays: new Set(),
  };
}
