/** Typed failures of the working-day calendar, so the HTTP layer can map them without parsing messages. */
import { DomainError } from '../errors.js';

/**
 * A date in a year the calendar cannot answer for: no State Council notice is loaded and the statutory rules
 * the provisional calendar applies (in force from 2025) or the lunar library (up to 9999) do not reach it.
 * 422, not 503: retrying cannot help, only another acceptance date can. No clock of a real deployment is
 * in such a year; it takes a `NOW` set far off, or a limit of centuries.
 */
export class CalendarYearUnsupportedError extends DomainError {
  constructor(
    readonly year: number,
    supported: { from: number; to: number },
  ) {
    super(
      'UNPROCESSABLE',
      'CALENDAR_YEAR_UNSUPPORTED',
      `${year}年既无国务院节假日安排，也不在法定节假日规则可推算的范围（${supported.from}–${supported.to}年）内，无法计算工作日`,
      `No holiday calendar for ${year}: no official notice is loaded and the statutory rules cover ${supported.from}–${supported.to}`,
      { details: { year, supported } },
    );
    this.name = 'CalendarYearUnsupportedError';
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
