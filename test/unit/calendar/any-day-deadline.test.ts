/**
 * "Submitting never fails for want of a year's holiday notice": every shipped item on every day from 2025 to
 * 2035 gets a deadline, and the deadline says whether it counted a year without a notice.
 */
import { describe, expect, it } from 'vitest';
import { calendarYearFiles } from '../../../functions/catalogue/calendar/index.js';
import { formatIsoDate, parseIsoDate } from '../../../functions/core/calendar/civil-date.js';
import { createWorkingDayCalendar } from '../../../functions/core/calendar/working-day-calendar.js';
import { submitCase } from '../../../functions/core/cases/case-service.js';
import { drugForm } from '../../fixtures/forms.js';
import { allowAll, FixedClock, memoryCaseDependencies, shippedCatalogue } from '../../support/fakes.js';
import { formOn, seedReadyDraft } from '../../support/provisional-cases.js';

const calendar = createWorkingDayCalendar(calendarYearFiles);
const items = shippedCatalogue().list();
const officialYears = new Set(calendar.coveredYears());

/** Instants of one Shanghai date: its first millisecond, mid-afternoon and its last millisecond. */
const instantsOf = (date: string) => [
  new Date(`${date}T00:00:00.000+08:00`),
  new Date(`${date}T16:30:00.000+08:00`),
  new Date(`${date}T23:59:59.999+08:00`),
];

const everyDate = (from: string, to: string) => {
  const dates: string[] = [];
  for (let day = parseIsoDate(from) as number; day <= (parseIsoDate(to) as number); day++) {
    dates.push(formatIsoDate(day));
  }
  return dates;
};

describe('a deadline for every shipped item on every day from 2025 to 2035', () => {
  it('counts exactly the item’s working days to a working day, PROVISIONAL exactly when a year had no notice', () => {
    // Prepare: 4,017 dates × 3 instants × every item
    const dates = everyDate('2025-01-01', '2035-12-31');
    let provisional = 0;

    for (const date of dates) {
      for (const acceptedAt of instantsOf(date)) {
        for (const item of items) {
          // Act
          const { dueAt, basis } = calendar.deadline(acceptedAt, item.timeLimitWorkingDays);

          // Assess: the days counted are those after acceptance up to the due date
          const dueDate = new Date(dueAt.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
          expect(calendar.isWorkingDay(dueDate)).toBe(true);
          expect(calendar.workingDaysBetween(acceptedAt, dueAt)).toBe(item.timeLimitWorkingDays);
          const firstCounted = formatIsoDate((parseIsoDate(date) as number) + 1);
          const years = [Number(firstCounted.slice(0, 4)), Number(dueDate.slice(0, 4))];
          const allOfficial = years.every((y) => officialYears.has(y));
          expect(basis).toBe(allOfficial ? 'OFFICIAL' : 'PROVISIONAL');
          if (basis === 'PROVISIONAL') provisional++;
        }
      }
    }
    expect(provisional).toBeGreaterThan(0);
  });
});

/** A DRAFT of `code` with every material accepted, and the clock and store it lives in. */
async function readyDraft(code: string, form: Record<string, unknown>) {
  const clock = new FixedClock('2025-01-01T00:00:00Z');
  const deps = memoryCaseDependencies({ clock });
  return { deps, clock, draft: await seedReadyDraft(deps, code, form) };
}

describe('submitCase on 2026-12-04 (the issue’s case)', () => {
  it('gives DRUG_PRODUCTION_LICENSE a PROVISIONAL deadline of Monday 4 January 2027', async () => {
    // Prepare: 19 working days in December 2026 after Fri 4 Dec; Fri 1 Jan 2027 is 元旦; Mon 4 Jan is the 20th
    const { deps, clock, draft } = await readyDraft('DRUG_PRODUCTION_LICENSE', drugForm);
    clock.set('2026-12-04T10:00:00+08:00');

    // Act
    const view = await submitCase(deps, allowAll, draft.caseId);

    // Assess
    expect(view).toMatchObject({
      status: 'SUBMITTED',
      dueAt: '2027-01-04T15:59:59.999Z',
      dueAtBasis: 'PROVISIONAL',
    });
  });
});

describe('submitCase around every New Year from 2025 to 2036', () => {
  it.each([
    'TRANSPORT_OVERSIZE_PERMIT',
    'MEDICAL_DEVICE_EXPORT_CERT',
    'DRUG_PRODUCTION_LICENSE',
    'MINING_RIGHT_LICENSE',
  ])('submits %s on every day of December and January with a deadline and its basis', async (code) => {
    // Prepare
    const { deps, clock, draft } = await readyDraft(code, formOn(code, '2025-01-01'));
    const dates = [2025, 2026, 2027, 2028, 2029, 2030, 2031, 2032, 2033, 2034, 2035].flatMap((y) => [
      ...everyDate(`${y}-01-01`, `${y}-01-31`),
      ...everyDate(`${y}-12-01`, `${y}-12-31`),
    ]);

    for (const [n, date] of dates.entries()) {
      const caseId = `${draft.caseId}-${n}`;
      deps.cases.records.set(caseId, structuredClone({ ...draft, caseId, form: formOn(code, date) }));
      clock.set(`${date}T10:00:00+08:00`);

      // Act
      const view = await submitCase(deps, allowAll, caseId);

      // Assess
      const expected = calendar.deadline(clock.now(), deps.catalogue.require(code).timeLimitWorkingDays);
      expect(view.status).toBe('SUBMITTED');
      expect({ dueAt: view.dueAt, dueAtBasis: view.dueAtBasis }).toEqual({
        dueAt: expected.dueAt.toISOString(),
        dueAtBasis: expected.basis,
      });
      expect(deps.cases.records.get(caseId)?.provisionalQueue).toBe(
        expected.basis === 'PROVISIONAL' ? 'PROVISIONAL' : undefined,
      );
      expect(view.sla).toBeDefined();
      deps.cases.records.delete(caseId);
    }
  });
});
