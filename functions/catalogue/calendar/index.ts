/**
 * The official working-day calendar, one file per year as announced by the State Council
 * (国务院办公厅关于X年部分节假日安排的通知, usually in November for the next year). A new year = a new JSON
 * file and one line below (a bundler cannot glob JSON imports). `createWorkingDayCalendar` validates
 * every file, so a typo stops start-up instead of moving deadlines. A year without a file counts on the
 * statutory holidays alone (`core/calendar/provisional-year.ts`, `Case.dueAtBasis: PROVISIONAL`); once its
 * file is deployed, the `recompute-deadlines` job recounts those deadlines (later taken, earlier never).
 * Never add a year before its notice is published: a guessed 调休 would move deadlines silently.
 */
import type { CalendarYearFile } from '../../core/calendar/calendar-year.js';
import year2025 from './2025.json' with { type: 'json' };
import year2026 from './2026.json' with { type: 'json' };

/** Every calendar year the product ships with, in year order. */
export const calendarYearFiles: readonly CalendarYearFile[] = [year2025, year2026];
