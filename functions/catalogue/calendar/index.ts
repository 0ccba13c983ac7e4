/**
 * The official working-day calendar, one file per year as announced by the State Council
 * (国务院办公厅关于X年部分节假日安排的通知, usually in November for the next year). A new year = a new JSON
 * file and one line below (a bundler cannot glob JSON imports). `createWorkingDayCalendar` validates
 * every file, so a typo stops start-up instead of moving deadlines.
 */
import type { CalendarYearFile } from '../../core/calendar/calendar-year.js';
import year2025 from './2025.json' with { type: 'json' };
import year2026 from './2026.json' with { type: 'json' };

/** Every calendar year the product ships with, in year order. */
export const calendarYearFiles: readonly CalendarYearFile[] = [year2025, year2026];
