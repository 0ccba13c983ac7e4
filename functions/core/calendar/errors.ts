/** Typed failures of the working-day calendar, so the HTTP layer can map them without parsing messages. */
import { DomainError } from '../errors.js';

/**
 * A date outside the years the State Council has announced (or we have loaded). Guessing a plain
 * Monday–Friday calendar would silently move deadlines by days around 春节 and 国庆, so we refuse:
 * 503 until the year's data file is shipped.
 */
export class CalendarYearMissingError extends DomainError {
  constructor(readonly year: number) {
    super(
      'UNAVAILABLE',
      'CALENDAR_YEAR_MISSING',
      `缺少${year}年的法定节假日安排，暂时无法计算工作日`,
      `No official holiday calendar for ${year} is loaded; working days cannot be computed`,
      { details: { year } },
    );
    this.name = 'CalendarYearMissingError';
  }
}

/** A date, instant or day count handed to the calendar that it cannot work with. */
export class InvalidCalendarInputError extends DomainError {
  constructor(problemZh: string, problemEn: string, details: Record<string, unknown> = {}) {
    super(
      'INVALID',
      'INVALID_CALENDAR_INPUT',
      `工作日计算参数无效：${problemZh}`,
      `Invalid input: ${problemEn}`,
      {
        details,
      },
    );
    this.name = 'InvalidCalendarInputError';
  }
}

/** One thing wrong with a calendar year file: which year, where (JSON pointer) and what. */
export interface CalendarDataProblem {
  year: number | undefined;
  path: string;
  message: string;
}

/**
 * Calendar data that does not hold together. Thrown while the calendar is built (at start-up), like
 * `CatalogueError`: it is an operator's mistake in a data file, not something a client can act on.
 */
export class CalendarDataError extends Error {
  readonly problems: readonly CalendarDataProblem[];

  constructor(problems: readonly CalendarDataProblem[]) {
    const lines = problems.map((p) => `  ${p.year ?? '?'} ${p.path || '/'}: ${p.message}`);
    super(`节假日安排数据无效 / invalid holiday calendar data (${problems.length}):\n${lines.join('\n')}`);
    this.name = 'CalendarDataError';
    this.problems = problems;
  }
}
