import { describe, expect, it } from 'vitest';
import { calendarYearFiles } from '../../../functions/catalogue/calendar/index.js';
import { CalendarYearUnsupportedError } from '../../../functions/core/calendar/errors.js';
import { createWorkingDayCalendar } from '../../../functions/core/calendar/working-day-calendar.js';
import { DomainError } from '../../../functions/core/errors.js';

const calendar = createWorkingDayCalendar(calendarYearFiles);

/** An instant given as Shanghai wall-clock time, e.g. `shanghai('2025-09-30T23:30')`. */
const shanghai = (local: string) => new Date(`${local}:00+08:00`);

const expectDomainError = (act: () => unknown, code: string, kind: string) => {
  let caught: unknown;
  try {
    act();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(DomainError);
  expect(caught).toMatchObject({ code, kind });
  return caught as DomainError;
};

describe('isWorkingDay', () => {
  it.each([
    ['2025-09-29', true, 'an ordinary Monday'],
    ['2025-09-27', false, 'an ordinary Saturday'],
    ['2025-09-28', true, 'the make-up Sunday before National Day 2025'],
    ['2025-10-08', false, 'a Wednesday inside National Day + Mid-Autumn 2025'],
    ['2025-10-11', true, 'the make-up Saturday after National Day 2025'],
    ['2026-01-04', true, 'the make-up Sunday after New Year 2026'],
    ['2026-02-14', true, 'the make-up Saturday before Spring Festival 2026'],
    ['2026-02-23', false, 'the last (Monday) day of Spring Festival 2026'],
    ['2026-02-28', true, 'the make-up Saturday after Spring Festival 2026'],
    ['2026-04-06', false, 'Qingming Monday 2026'],
  ])('says %s is a working day: %s (%s)', (date, expected) => {
    // Act / Assess
    expect(calendar.isWorkingDay(date)).toBe(expected);
  });

  it('answers a year without a notice from the statutory rules (weekends and 元旦 off, no 调休)', () => {
    // Act / Assess: 2027-01-01 is a Friday (元旦); the Monday after works; so do ordinary weekdays
    expect(calendar.isWorkingDay('2027-01-01')).toBe(false);
    expect(calendar.isWorkingDay('2027-01-02')).toBe(false);
    expect(calendar.isWorkingDay('2027-01-04')).toBe(true);
    expect(calendar.basisOf(2027)).toBe('PROVISIONAL');
    expect(calendar.basisOf(2026)).toBe('OFFICIAL');
  });

  it('refuses a year before the 2024 rules with 422 CALENDAR_YEAR_UNSUPPORTED (no retry can help)', () => {
    // Act
    const error = expectDomainError(
      () => calendar.isWorkingDay('2024-12-31'),
      'CALENDAR_YEAR_UNSUPPORTED',
      'UNPROCESSABLE',
    );

    // Assess
    expect(error).toBeInstanceOf(CalendarYearUnsupportedError);
    expect(error.details).toEqual({ year: 2024, supported: { from: 2025, to: 9999 } });
    expect(error.messageZh).toContain('2024');
    expectDomainError(() => calendar.basisOf(10_000), 'CALENDAR_YEAR_UNSUPPORTED', 'UNPROCESSABLE');
  });

  it.each(['2025-02-29', '2025-9-1', '2025-13-01', '20250901', ''])(
    'rejects the malformed date %j',
    (date) => {
      expectDomainError(() => calendar.isWorkingDay(date), 'INVALID_CALENDAR_INPUT', 'INVALID');
    },
  );

  it('lists the years it can answer for', () => {
    expect(calendar.coveredYears()).toEqual([2025, 2026]);
  });
});

describe('dueAt', () => {
  it('skips National Day 2025 and counts the make-up Saturday for a case accepted on 30 September', () => {
    // Prepare: Tue 30 Sep; off 1–8 Oct; working Thu 9, Fri 10, Sat 11 (调休), Mon 13, Tue 14
    const acceptedAt = shanghai('2025-09-30T10:00');

    // Act
    const due = calendar.dueAt(acceptedAt, 5);

    // Assess: 23:59:59.999 in Shanghai on 14 October, serialised as UTC
    expect(due.toISOString()).toBe('2025-10-14T15:59:59.999Z');
    expect(calendar.dueAt(acceptedAt, 1).toISOString()).toBe('2025-10-09T15:59:59.999Z');
    expect(calendar.dueAt(acceptedAt, 20).toISOString()).toBe('2025-11-04T15:59:59.999Z');
  });

  it('skips Spring Festival 2026 and counts both make-up Saturdays around it', () => {
    // Prepare: Fri 13 Feb; Sat 14 works; 15–23 off; Tue 24 … Fri 27; Sat 28 works
    const acceptedAt = shanghai('2026-02-13T16:00');

    // Act / Assess
    expect(calendar.dueAt(acceptedAt, 1).toISOString()).toBe('2026-02-14T15:59:59.999Z');
    expect(calendar.dueAt(acceptedAt, 2).toISOString()).toBe('2026-02-24T15:59:59.999Z');
    expect(calendar.dueAt(acceptedAt, 5).toISOString()).toBe('2026-02-27T15:59:59.999Z');
    expect(calendar.dueAt(acceptedAt, 6).toISOString()).toBe('2026-02-28T15:59:59.999Z');
  });

  it('counts a make-up Sunday as a working day', () => {
    // Prepare: Fri 26 Sep 2025; Sat 27 off; Sun 28 is 调休上班
    const acceptedAt = shanghai('2025-09-26T09:00');

    // Act / Assess
    expect(calendar.dueAt(acceptedAt, 1).toISOString()).toBe('2025-09-28T15:59:59.999Z');
  });

  it('starts counting at the next working day when a case is accepted on a holiday or weekend', () => {
    // Prepare
    const onHoliday = shanghai('2025-10-04T11:00'); // Saturday inside National Day
    const onWeekend = shanghai('2025-11-01T11:00'); // ordinary Saturday

    // Act / Assess: the same deadlines as acceptance on the working day before
    expect(calendar.dueAt(onHoliday, 5)).toEqual(calendar.dueAt(shanghai('2025-09-30T10:00'), 5));
    expect(calendar.dueAt(onWeekend, 1).toISOString()).toBe('2025-11-03T15:59:59.999Z');
    expect(calendar.dueAt(shanghai('2025-10-31T17:55'), 1).toISOString()).toBe('2025-11-03T15:59:59.999Z');
  });

  it('uses the Shanghai date of a late-night acceptance (23:30 Shanghai = 15:30Z)', () => {
    // Prepare
    const lateThursday = new Date('2025-10-09T15:30:00Z'); // Thu 9 Oct 23:30 in Shanghai
    const lastMillisecond = new Date('2025-10-09T15:59:59.999Z');
    const midnight = new Date('2025-10-09T16:00:00.000Z'); // Fri 10 Oct 00:00 in Shanghai

    // Act / Assess: Thursday → Friday; from Friday the next working day is make-up Saturday 11 Oct
    expect(calendar.dueAt(lateThursday, 1).toISOString()).toBe('2025-10-10T15:59:59.999Z');
    expect(calendar.dueAt(lastMillisecond, 1).toISOString()).toBe('2025-10-10T15:59:59.999Z');
    expect(calendar.dueAt(midnight, 1).toISOString()).toBe('2025-10-11T15:59:59.999Z');
  });

  it('uses the Shanghai date, not the UTC date, just after midnight (00:30 Shanghai = 16:30Z the day before)', () => {
    // Prepare: Mon 3 Nov 2025 00:30 in Shanghai is still Sunday 2 Nov in UTC
    const acceptedAt = new Date('2025-11-02T16:30:00Z');

    // Act
    const due = calendar.dueAt(acceptedAt, 1);

    // Assess: Monday accepted → due Tuesday (a UTC-date bug would give Monday)
    expect(due.toISOString()).toBe('2025-11-04T15:59:59.999Z');
  });

  it('crosses from December 2025 into January 2026 across New Year and its make-up Sunday', () => {
    // Prepare: Tue 30 Dec; Wed 31 (1); 1–3 Jan off; Sun 4 Jan works (2); Mon 5 (3), Tue 6 (4), Wed 7 (5)
    const acceptedAt = shanghai('2025-12-30T15:00');

    // Act / Assess
    expect(calendar.dueAt(acceptedAt, 2).toISOString()).toBe('2026-01-04T15:59:59.999Z');
    expect(calendar.dueAt(acceptedAt, 5).toISOString()).toBe('2026-01-07T15:59:59.999Z');
  });

  it('gives a PROVISIONAL deadline when it runs into 2027, an OFFICIAL one when it stays in 2026', () => {
    // Prepare: Mon 28 Dec 2026; Tue 29 (1), Wed 30 (2), Thu 31 (3); Fri 1 Jan 2027 元旦; Mon 4 (4), Tue 5 (5)
    const acceptedAt = shanghai('2026-12-28T10:00');

    // Act
    const inside = calendar.deadline(acceptedAt, 3);
    const across = calendar.deadline(acceptedAt, 5);

    // Assess
    expect(inside).toEqual({ dueAt: new Date('2026-12-31T15:59:59.999Z'), basis: 'OFFICIAL' });
    expect(across).toEqual({ dueAt: new Date('2027-01-05T15:59:59.999Z'), basis: 'PROVISIONAL' });
    expect(calendar.dueAt(acceptedAt, 5)).toEqual(across.dueAt);
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects %s working days', (workingDays) => {
    expectDomainError(
      () => calendar.dueAt(shanghai('2025-09-30T10:00'), workingDays),
      'INVALID_CALENDAR_INPUT',
      'INVALID',
    );
  });

  it('rejects an invalid acceptance instant', () => {
    expectDomainError(() => calendar.dueAt(new Date(Number.NaN), 5), 'INVALID_CALENDAR_INPUT', 'INVALID');
  });
});

describe('workingDaysBetween', () => {
  it('counts the working days after the first date up to and including the second', () => {
    // Prepare
    const acceptedAt = shanghai('2025-09-30T10:00');

    // Act / Assess
    expect(calendar.workingDaysBetween(acceptedAt, shanghai('2025-10-14T09:00'))).toBe(5);
    expect(calendar.workingDaysBetween(acceptedAt, shanghai('2025-10-08T18:00'))).toBe(0);
    expect(calendar.workingDaysBetween(acceptedAt, shanghai('2025-09-30T23:59'))).toBe(0);
    expect(calendar.workingDaysBetween(shanghai('2025-10-14T09:00'), acceptedAt)).toBe(-5);
  });

  it('finds 248 working days in each of 2025 and 2026 (261 weekdays − holidays on weekdays + 调休)', () => {
    // Prepare: counting starts after the date of `from`, so 31 Dec of the previous year need not be loaded
    const end2024 = shanghai('2024-12-31T12:00');
    const end2025 = shanghai('2025-12-31T12:00');

    // Act / Assess: 2025 = 261 − 18 + 5, 2026 = 261 − 19 + 6
    expect(calendar.workingDaysBetween(end2024, end2025)).toBe(248);
    expect(calendar.workingDaysBetween(end2025, shanghai('2026-12-31T12:00'))).toBe(248);
  });
});

describe('remainingWorkingDays', () => {
  const due = new Date('2025-10-14T15:59:59.999Z'); // Tue 14 Oct 2025, end of day in Shanghai

  it('counts down the working days left after today, reaching 0 on the due day', () => {
    expect(calendar.remainingWorkingDays(shanghai('2025-09-30T10:00'), due)).toBe(5);
    expect(calendar.remainingWorkingDays(shanghai('2025-10-05T10:00'), due)).toBe(5);
    expect(calendar.remainingWorkingDays(shanghai('2025-10-09T09:00'), due)).toBe(4);
    expect(calendar.remainingWorkingDays(shanghai('2025-10-14T23:59'), due)).toBe(0);
  });

  it('goes negative from the first millisecond after the deadline', () => {
    expect(calendar.remainingWorkingDays(new Date('2025-10-14T16:00:00.000Z'), due)).toBe(-1);
    expect(calendar.remainingWorkingDays(shanghai('2025-10-16T09:00'), due)).toBe(-2);
  });

  it('reads a deadline missed over the weekend as overdue by one working day until Tuesday', () => {
    // Prepare: due Friday 17 Oct 2025
    const dueFriday = new Date('2025-10-17T15:59:59.999Z');

    // Act / Assess
    expect(calendar.remainingWorkingDays(shanghai('2025-10-18T10:00'), dueFriday)).toBe(-1);
    expect(calendar.remainingWorkingDays(shanghai('2025-10-20T10:00'), dueFriday)).toBe(-1);
    expect(calendar.remainingWorkingDays(shanghai('2025-10-21T10:00'), dueFriday)).toBe(-2);
  });
});

describe('slaStatus', () => {
  const due = new Date('2025-10-14T15:59:59.999Z');

  it('is ON_TIME with more than one working day left, DUE_SOON on the last two, OVERDUE after', () => {
    expect(calendar.slaStatus(shanghai('2025-10-10T10:00'), due)).toBe('ON_TIME'); // 11, 13, 14 left
    expect(calendar.slaStatus(shanghai('2025-10-13T10:00'), due)).toBe('DUE_SOON');
    expect(calendar.slaStatus(shanghai('2025-10-14T10:00'), due)).toBe('DUE_SOON');
    expect(calendar.slaStatus(new Date('2025-10-14T16:00:00.000Z'), due)).toBe('OVERDUE');
  });

  it('does not count the holiday as time left: DUE_SOON on 30 September for a 9 October deadline', () => {
    expect(calendar.slaStatus(shanghai('2025-09-30T10:00'), new Date('2025-10-09T15:59:59.999Z'))).toBe(
      'DUE_SOON',
    );
  });

  it('honours a custom dueSoonWorkingDays threshold', () => {
    expect(calendar.slaStatus(shanghai('2025-10-10T10:00'), due, { dueSoonWorkingDays: 3 })).toBe('DUE_SOON');
    expect(calendar.slaStatus(shanghai('2025-10-13T10:00'), due, { dueSoonWorkingDays: 0 })).toBe('ON_TIME');
    expect(calendar.slaStatus(shanghai('2025-10-14T10:00'), due, { dueSoonWorkingDays: 0 })).toBe('DUE_SOON');
  });

  it('rejects a negative or fractional threshold', () => {
    const now = shanghai('2025-10-10T10:00');
    for (const dueSoonWorkingDays of [-1, 0.5]) {
      expectDomainError(
        () => calendar.slaStatus(now, due, { dueSoonWorkingDays }),
        'INVALID_CALENDAR_INPUT',
        'INVALID',
      );
    }
  });
});
