import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calendarYearFiles } from '../../../functions/catalogue/calendar/index.js';
import {
  endOfShanghaiDay,
  formatIsoDate,
  parseIsoDate,
  shanghaiDayOf,
} from '../../../functions/core/calendar/civil-date.js';
import { createWorkingDayCalendar } from '../../../functions/core/calendar/working-day-calendar.js';

const calendar = createWorkingDayCalendar(calendarYearFiles);

/** The Shanghai date of an instant, from the ICU time-zone database rather than our fixed offset. */
const tzDate = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
const shanghaiDate = (instant: Date) => tzDate.format(instant);

// Acceptance between 1 Jan 2025 and 30 Jun 2026 (Shanghai), limits up to 60 working days: every deadline
// stays inside the loaded years.
const FIRST_LOADED_MS = Date.parse('2025-01-01T00:00:00+08:00');
const acceptedAt = fc
  .integer({ min: FIRST_LOADED_MS, max: Date.parse('2026-06-30T23:59:59.999+08:00') })
  .map((ms) => new Date(ms));
const workingDays = fc.integer({ min: 1, max: 60 });
const DAY_MS = 86_400_000;

describe('dueAt properties', () => {
  it('moves strictly later with each extra working day', () => {
    fc.assert(
      fc.property(acceptedAt, workingDays, (a, n) => {
        expect(calendar.dueAt(a, n + 1).getTime()).toBeGreaterThan(calendar.dueAt(a, n).getTime());
      }),
    );
  });

  it('always lands on the last millisecond of a working day in Shanghai', () => {
    fc.assert(
      fc.property(acceptedAt, workingDays, (a, n) => {
        const due = calendar.dueAt(a, n);
        expect(calendar.isWorkingDay(shanghaiDate(due))).toBe(true);
        expect(shanghaiDate(new Date(due.getTime() + 1))).not.toBe(shanghaiDate(due));
        expect(due.toISOString()).toMatch(/T15:59:59\.999Z$/);
      }),
    );
  });

  it('leaves exactly n working days between acceptance and deadline, counted day by day', () => {
    fc.assert(
      fc.property(acceptedAt, workingDays, (a, n) => {
        // Prepare: an independent walk over Shanghai dates (ICU) through the string API
        const due = calendar.dueAt(a, n);
        let count = 0;
        for (let t = a.getTime() + DAY_MS; shanghaiDate(new Date(t)) <= shanghaiDate(due); t += DAY_MS) {
          if (calendar.isWorkingDay(shanghaiDate(new Date(t)))) count++;
        }

        // Assess
        expect(count).toBe(n);
        expect(calendar.workingDaysBetween(a, due)).toBe(n);
        expect(calendar.remainingWorkingDays(a, due)).toBe(n);
      }),
      { numRuns: 50 },
    );
  });

  it('is not overdue at any instant up to the deadline and overdue at any instant after it', () => {
    fc.assert(
      fc.property(acceptedAt, workingDays, fc.integer({ min: 0, max: 30 * DAY_MS }), (a, n, epsilon) => {
        const due = calendar.dueAt(a, n);
        const before = new Date(Math.max(a.getTime(), due.getTime() - epsilon));
        const after = new Date(due.getTime() + 1 + epsilon);
        expect(calendar.remainingWorkingDays(before, due)).toBeGreaterThanOrEqual(0);
        expect(calendar.slaStatus(before, due)).not.toBe('OVERDUE');
        expect(calendar.remainingWorkingDays(after, due)).toBeLessThan(0);
        expect(calendar.slaStatus(after, due)).toBe('OVERDUE');
      }),
    );
  });

  it('gives acceptance on a day off the same deadline as on the working day before it', () => {
    fc.assert(
      fc.property(acceptedAt, workingDays, (a, n) => {
        fc.pre(!calendar.isWorkingDay(shanghaiDate(a)));
        // Prepare: step back to the last working day before the day off
        // (1 January 2025 has no working day before it inside the loaded data)
        let previous = a.getTime() - DAY_MS;
        while (previous >= FIRST_LOADED_MS && !calendar.isWorkingDay(shanghaiDate(new Date(previous)))) {
          previous -= DAY_MS;
        }
        fc.pre(previous >= FIRST_LOADED_MS);

        // Act / Assess
        expect(calendar.dueAt(a, n)).toEqual(calendar.dueAt(new Date(previous), n));
      }),
    );
  });
});

describe('Shanghai civil dates', () => {
  const anyInstant = fc
    .integer({ min: Date.parse('1992-01-01T00:00:00Z'), max: Date.parse('2100-12-31T23:59:59Z') })
    .map((ms) => new Date(ms));

  it('agrees with the time-zone database on the Shanghai date of any instant since 1992', () => {
    fc.assert(
      fc.property(anyInstant, (instant) => {
        expect(formatIsoDate(shanghaiDayOf(instant))).toBe(shanghaiDate(instant));
      }),
    );
  });

  it('ends each Shanghai day at its last millisecond', () => {
    fc.assert(
      fc.property(anyInstant, (instant) => {
        const end = endOfShanghaiDay(shanghaiDayOf(instant));
        expect(end.getTime()).toBeGreaterThanOrEqual(instant.getTime());
        expect(shanghaiDate(end)).toBe(shanghaiDate(instant));
        expect(shanghaiDate(new Date(end.getTime() + 1))).not.toBe(shanghaiDate(instant));
      }),
    );
  });

  it('parses exactly the strings that are real YYYY-MM-DD dates', () => {
    // Prepare: the Gregorian rules written out, independent of Date
    const daysInMonth = (y: number, m: number) =>
      m === 2
        ? y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)
          ? 29
          : 28
        : [4, 6, 9, 11].includes(m)
          ? 30
          : 31;
    const isRealDate = (text: string) => {
      const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
      if (!match) return false;
      const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
      return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
    };
    const dateLike = fc
      .tuple(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
      )
      .map(
        ([y, m, d]) =>
          `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
      );

    // Act / Assess
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 12 }), dateLike), (text) => {
        const day = parseIsoDate(text);
        expect(day !== undefined).toBe(isRealDate(text));
        if (day !== undefined) expect(formatIsoDate(day)).toBe(text);
      }),
      { numRuns: 500 },
    );
  });
});
