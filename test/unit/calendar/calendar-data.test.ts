import { describe, expect, it } from 'vitest';
import { calendarYearFiles } from '../../../functions/catalogue/calendar/index.js';
import { type CalendarYearFile, loadCalendarYears } from '../../../functions/core/calendar/calendar-year.js';
import { CalendarDataError } from '../../../functions/core/calendar/errors.js';
import { createWorkingDayCalendar } from '../../../functions/core/calendar/working-day-calendar.js';

/** A small valid year to break one rule at a time. */
const validYear = (): CalendarYearFile => ({
  year: 2025,
  source: '国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）',
  holidays: [
    { name: '元旦', from: '2025-01-01', to: '2025-01-01' },
    { name: '春节', from: '2025-01-28', to: '2025-02-04' },
  ],
  makeUpWorkdays: ['2025-01-26', '2025-02-08'],
});

const problemsOf = (files: unknown[]) => {
  try {
    loadCalendarYears(files);
  } catch (error) {
    expect(error).toBeInstanceOf(CalendarDataError);
    return (error as CalendarDataError).problems;
  }
  throw new Error('expected CalendarDataError');
};

const daysIn = (from: string, to: string) => {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
};

describe('shipped calendar data', () => {
  it('loads every shipped year file without problems', () => {
    // Act
    const years = loadCalendarYears(calendarYearFiles);

    // Assess
    expect([...years.keys()]).toEqual([2025, 2026]);
  });

  it('cites the State Council notice with its document number for the right year', () => {
    for (const file of calendarYearFiles) {
      expect(file.source).toContain(`关于${file.year}年部分节假日安排的通知`);
      expect(file.source).toMatch(/国办发明电〔\d{4}〕\d+号/);
    }
  });

  it('has as many days off as the notices announce (2025: 28, 2026: 33)', () => {
    // Prepare: totals stated in the notices (1+8+3+5+3+8 and 3+9+3+5+3+3+7 days)
    const totals = Object.fromEntries(
      calendarYearFiles.map((f) => [f.year, f.holidays.flatMap((h) => daysIn(h.from, h.to)).length]),
    );

    // Assess
    expect(totals).toEqual({ 2025: 28, 2026: 33 });
  });

  it('makes every holiday day a day off and every make-up day a working day', () => {
    // Prepare
    const calendar = createWorkingDayCalendar(calendarYearFiles);

    // Act / Assess
    for (const file of calendarYearFiles) {
      for (const day of file.holidays.flatMap((h) => daysIn(h.from, h.to))) {
        expect(calendar.isWorkingDay(day), day).toBe(false);
      }
      for (const day of file.makeUpWorkdays) expect(calendar.isWorkingDay(day), day).toBe(true);
    }
  });
});

describe('calendar data validation', () => {
  it('rejects a make-up working day that is not on a weekend', () => {
    // Prepare: 27 Jan 2025 is a Monday
    const year = { ...validYear(), makeUpWorkdays: ['2025-01-26', '2025-01-27'] };

    // Act
    const problems = problemsOf([year]);

    // Assess
    expect(problems).toEqual([
      { year: 2025, path: '/makeUpWorkdays/1', message: expect.stringContaining('not a weekend') },
    ]);
  });

  it('rejects a make-up working day that is also a holiday', () => {
    const year = { ...validYear(), makeUpWorkdays: ['2025-02-01'] }; // a Saturday inside 春节

    expect(problemsOf([year])).toEqual([
      { year: 2025, path: '/makeUpWorkdays/0', message: expect.stringContaining('also a holiday') },
    ]);
  });

  it('rejects dates outside the file year', () => {
    const year = {
      ...validYear(),
      holidays: [{ name: '元旦', from: '2024-12-30', to: '2025-01-01' }],
      makeUpWorkdays: ['2024-12-28'],
    };

    expect(problemsOf([year]).map((p) => p.path)).toEqual(['/holidays/0/from', '/makeUpWorkdays/0']);
  });

  it('rejects a holiday that ends before it starts and holidays that overlap', () => {
    const year = {
      ...validYear(),
      holidays: [
        { name: '春节', from: '2025-02-04', to: '2025-01-28' },
        { name: '清明节', from: '2025-04-04', to: '2025-04-06' },
        { name: '重复', from: '2025-04-06', to: '2025-04-07' },
      ],
    };

    expect(problemsOf([year])).toEqual([
      { year: 2025, path: '/holidays/0', message: expect.stringContaining("'to' is before 'from'") },
      { year: 2025, path: '/holidays/2', message: expect.stringContaining('2025-04-06 is in two holidays') },
    ]);
  });

  it('rejects impossible dates, unknown fields and a missing source through the schema', () => {
    const year = { ...validYear(), source: undefined, makeUpWorkdays: ['2025-02-29'], extra: true };

    const paths = problemsOf([year]).map((p) => p.path);

    expect(paths).toEqual(expect.arrayContaining(['[0]/source', '[0]/makeUpWorkdays/0', '[0]/']));
  });

  it('rejects the same year twice and an empty list', () => {
    expect(problemsOf([validYear(), validYear()])).toEqual([
      { year: 2025, path: '/year', message: 'year given twice' },
    ]);
    expect(problemsOf([])).toHaveLength(1);
  });

  it('lists every problem of every file in one error message', () => {
    // Prepare
    const bad2025 = { ...validYear(), makeUpWorkdays: ['2025-01-27'] };
    const bad2026 = { ...validYear(), year: 2026 }; // its dates are all in 2025

    // Act
    const problems = problemsOf([bad2025, bad2026]);

    // Assess
    expect(problems.filter((p) => p.year === 2025)).toHaveLength(1);
    expect(problems.filter((p) => p.year === 2026).length).toBeGreaterThanOrEqual(6);
    expect(() => createWorkingDayCalendar([bad2025])).toThrow(/2025 \/makeUpWorkdays\/0/);
  });
});
