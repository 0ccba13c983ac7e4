/**
 * One year of the official calendar (国务院办公厅关于X年部分节假日安排的通知) as stored in
 * `functions/catalogue/calendar/*.json`, and its validation. A new year's notice is a new data file;
 * a file that contradicts itself stops start-up with every problem listed.
 */
import * as z from 'zod';
import { dayOfWeek, type EpochDay, formatIsoDate, isWeekend, parseIsoDate, yearOf } from './civil-date.js';
import { CalendarDataError, type CalendarDataProblem } from './errors.js';

const isoDateSchema = z
  .string()
  .refine((value) => parseIsoDate(value) !== undefined, { message: 'expected a real date as YYYY-MM-DD' });

/** The file shape: holiday ranges (inclusive, as the notice words them) and the make-up working days (调休上班). */
export const calendarYearFileSchema = z
  .object({
    // From 1992 on, China has kept UTC+8 all year (no daylight saving), which the date arithmetic assumes.
    year: z.number().int().min(1992).max(9999),
    /** The notice the data was copied from, with its document number (文号), so it can be checked. */
    source: z.string().min(1),
    holidays: z
      .array(z.object({ name: z.string().min(1), from: isoDateSchema, to: isoDateSchema }).strict())
      .min(1),
    makeUpWorkdays: z.array(isoDateSchema),
  })
  .strict();

/** One year of the official calendar, as in the data files. */
export type CalendarYearFile = z.infer<typeof calendarYearFileSchema>;

/** A validated year: the dates off (besides ordinary weekends) and the weekend dates worked. */
export interface CalendarYear {
  year: number;
  source: string;
  holidayDays: ReadonlySet<EpochDay>;
  makeUpWorkdays: ReadonlySet<EpochDay>;
}

type Problems = CalendarDataProblem[];

function collectHolidayDays(file: CalendarYearFile, problems: Problems): Set<EpochDay> {
  const days = new Set<EpochDay>();
  file.holidays.forEach((holiday, index) => {
    const path = `/holidays/${index}`;
    const from = parseIsoDate(holiday.from) as EpochDay;
    const to = parseIsoDate(holiday.to) as EpochDay;
    if (to < from)
      problems.push({ year: file.year, path, message: `${holiday.name}: 'to' is before 'from'` });
    for (const [key, day] of [
      ['from', from],
      ['to', to],
    ] as const) {
      if (yearOf(day) !== file.year) {
        problems.push({
          year: file.year,
          path: `${path}/${key}`,
          message: `${formatIsoDate(day)} is not in ${file.year}`,
        });
      }
    }
    for (let day = from; day <= to; day++) {
      if (days.has(day)) {
        problems.push({ year: file.year, path, message: `${formatIsoDate(day)} is in two holidays` });
      }
      days.add(day);
    }
  });
  return days;
}

function collectMakeUpWorkdays(file: CalendarYearFile, holidayDays: Set<EpochDay>, problems: Problems) {
  const days = new Set<EpochDay>();
  file.makeUpWorkdays.forEach((date, index) => {
    const path = `/makeUpWorkdays/${index}`;
    const day = parseIsoDate(date) as EpochDay;
    // A make-up working day only means something on a weekend: a weekday is a working day anyway, so a
    // weekday here is a typo that would silently do nothing.
    if (!isWeekend(day)) {
      problems.push({
        year: file.year,
        path,
        message: `${date} is not a weekend day (day ${dayOfWeek(day)})`,
      });
    }
    if (yearOf(day) !== file.year)
      problems.push({ year: file.year, path, message: `${date} is not in ${file.year}` });
    if (holidayDays.has(day)) problems.push({ year: file.year, path, message: `${date} is also a holiday` });
    if (days.has(day)) problems.push({ year: file.year, path, message: `${date} is listed twice` });
    days.add(day);
  });
  return days;
}

function checkYear(content: unknown, index: number, problems: Problems): CalendarYear | undefined {
  const parsed = calendarYearFileSchema.safeParse(content);
  if (!parsed.success) {
    const year = (content as { year?: unknown } | null)?.year;
    for (const issue of parsed.error.issues) {
      problems.push({
        year: typeof year === 'number' ? year : undefined,
        path: `[${index}]/${issue.path.join('/')}`,
        message: issue.message,
      });
    }
    return undefined;
  }
  const file = parsed.data;
  const before = problems.length;
  const holidayDays = collectHolidayDays(file, problems);
  const makeUpWorkdays = collectMakeUpWorkdays(file, holidayDays, problems);
  if (problems.length > before) return undefined;
  return { year: file.year, source: file.source, holidayDays, makeUpWorkdays };
}

/**
 * Validates year files (schema; every date inside its file's year; make-up days on weekends and not also
 * holidays; no date in two holidays; each year once) and indexes them by year.
 * Throws `CalendarDataError` listing every problem. Content is `unknown` because JSON imports are only
 * typed by their current contents, not checked.
 */
export function loadCalendarYears(files: readonly unknown[]): ReadonlyMap<number, CalendarYear> {
  const problems: Problems = [];
  const years = new Map<number, CalendarYear>();
  if (files.length === 0) problems.push({ year: undefined, path: '', message: 'no calendar year given' });
  files.forEach((content, index) => {
    const year = checkYear(content, index, problems);
    if (!year) return;
    if (years.has(year.year)) problems.push({ year: year.year, path: '/year', message: 'year given twice' });
    years.set(year.year, year);
  });
  if (problems.length > 0) throw new CalendarDataError(problems);
  return years;
}
