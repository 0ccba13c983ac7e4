import { describe, expect, it } from 'vitest';
import { calendarYearFiles } from '../../../functions/catalogue/calendar/index.js';
import { loadCalendarYears } from '../../../functions/core/calendar/calendar-year.js';
import { formatIsoDate, isWeekend, parseIsoDate } from '../../../functions/core/calendar/civil-date.js';
import { provisionalCalendarYear, statutoryDays } from '../../../functions/core/calendar/provisional-year.js';

/** Every date of `year` as epoch days. */
const daysOf = (year: number) => {
  const first = parseIsoDate(`${year}-01-01`) as number;
  const next = parseIsoDate(`${year + 1}-01-01`) as number;
  return Array.from({ length: next - first }, (_, i) => first + i);
};

/** The weekdays a calendar year gives off (holiday days that are not Saturday or Sunday), as ISO dates. */
const weekdaysOff = (holidayDays: ReadonlySet<number>) =>
  [...holidayDays]
    .filter((d) => !isWeekend(d))
    .sort((a, b) => a - b)
    .map(formatIsoDate);

describe('statutory holiday days (《全国年节及纪念日放假办法》第二条, dates from tyme4ts)', () => {
  it('finds the lunar and solar-term days of 2027 as the almanac has them', () => {
    // Prepare: 丁未年正月初一 = 2027-02-06, its eve 2027-02-05; 清明 2027-04-05; 端午 06-09; 中秋 09-15
    const byName = (name: string) =>
      statutoryDays(2027)
        .filter((d) => d.name === name)
        .map((d) => formatIsoDate(d.day));

    // Act / Assess
    expect(byName('春节（除夕）')).toEqual(['2027-02-05']);
    expect(byName('春节')).toEqual(['2027-02-06', '2027-02-07', '2027-02-08']);
    expect(byName('清明节')).toEqual(['2027-04-05']);
    expect(byName('端午节')).toEqual(['2027-06-09']);
    expect(byName('中秋节')).toEqual(['2027-09-15']);
    expect(byName('劳动节')).toEqual(['2027-05-01', '2027-05-02']);
    expect(byName('国庆节')).toEqual(['2027-10-01', '2027-10-02', '2027-10-03']);
  });

  it('has 13 days a year, each in its own year, from 2025 to 2100', () => {
    for (let year = 2025; year <= 2100; year++) {
      const days = statutoryDays(year);
      expect(days).toHaveLength(13);
      expect(days.every((d) => formatIsoDate(d.day).startsWith(`${year}-`))).toBe(true);
    }
  });
});

describe('provisional calendar year', () => {
  it('agrees with the 2025 and 2026 notices on which statutory days are off', () => {
    // Prepare: a notice moves days (调休) but gives the same number of weekdays off, net of make-up days
    const official = loadCalendarYears(calendarYearFiles);
    for (const year of [2025, 2026]) {
      const notice = official.get(year);
      if (!notice) throw new Error(`no notice for ${year}`);

      // Act
      const provisional = provisionalCalendarYear(year);

      // Assess: every provisional weekday off is a holiday of the notice, and as many as it nets out
      const noticeOff = weekdaysOff(notice.holidayDays);
      expect(weekdaysOff(provisional.holidayDays).filter((d) => !noticeOff.includes(d))).toEqual([]);
      expect(weekdaysOff(provisional.holidayDays)).toHaveLength(
        noticeOff.length - notice.makeUpWorkdays.size,
      );
      expect(provisional.makeUpWorkdays.size).toBe(0);
    }
  });

  it('gives 2025 exactly the statutory weekdays and one substitute for 端午 on Saturday', () => {
    expect(weekdaysOff(provisionalCalendarYear(2025).holidayDays)).toEqual([
      '2025-01-01',
      '2025-01-28',
      '2025-01-29',
      '2025-01-30',
      '2025-01-31',
      '2025-04-04',
      '2025-05-01',
      '2025-05-02',
      '2025-06-02', // 端午 Sat 31 May → Mon 2 June
      '2025-10-01',
      '2025-10-02',
      '2025-10-03',
      '2025-10-06',
    ]);
  });

  it('gives 2027 substitutes after the weekend days of 春节, 劳动节 and 国庆节 (第六条)', () => {
    // Prepare: 春节 Fri 5 – Mon 8 Feb (Sat, Sun inside); 5-1 Sat, 5-2 Sun; 10-1 Fri, 10-2 Sat, 10-3 Sun
    const off = weekdaysOff(provisionalCalendarYear(2027).holidayDays);

    // Assess
    expect(off).toEqual([
      '2027-01-01',
      '2027-02-05',
      '2027-02-08',
      '2027-02-09',
      '2027-02-10',
      '2027-04-05',
      '2027-05-03',
      '2027-05-04',
      '2027-06-09',
      '2027-09-15',
      '2027-10-01',
      '2027-10-04',
      '2027-10-05',
    ]);
  });

  it('gives a substitute when 除夕 and 正月初一 fall on the weekend (2030: Sat 2 Feb, Sun 3 Feb)', () => {
    const off = weekdaysOff(provisionalCalendarYear(2030).holidayDays).filter((d) => d.startsWith('2030-02'));
    expect(off).toEqual(['2030-02-04', '2030-02-05', '2030-02-06', '2030-02-07']);
  });

  it('gives 中秋 its own day when it coincides with 国庆 (2028: 中秋 = 10-3)', () => {
    // Prepare: Sun 1 Oct → a substitute; Tue 3 Oct is 国庆 and 中秋 → another one
    const off = weekdaysOff(provisionalCalendarYear(2028).holidayDays).filter((d) => d.startsWith('2028-10'));
    expect(off).toEqual(['2028-10-02', '2028-10-03', '2028-10-04', '2028-10-05']);
  });

  it('takes 13 weekdays off every year from 2025 to 2200: one per statutory day', () => {
    for (let year = 2025; year <= 2200; year++) {
      const provisional = provisionalCalendarYear(year);
      expect(weekdaysOff(provisional.holidayDays)).toHaveLength(13);
      expect([...provisional.holidayDays].every((d) => daysOf(year).includes(d))).toBe(true);
    }
  });

  it.each([2024, 10_000, 2030.5])('has no statutory rules for %s', (year) => {
    expect(() => provisionalCalendarYear(year)).toThrow(RangeError);
  });
});
