/**
 * The recompute-deadlines job on in-memory fakes: a notice loaded later moves provisional deadlines later,
 * never earlier, and says so in the audit trail. The 2027 notices here are made up (see provisional-cases.ts).
 */
import { describe, expect, it } from 'vitest';
import { calendarYearFiles } from '../../../functions/catalogue/calendar/index.js';
import type { CalendarYearFile } from '../../../functions/core/calendar/calendar-year.js';
import { createWorkingDayCalendar } from '../../../functions/core/calendar/working-day-calendar.js';
import { recordDecision, submitCase } from '../../../functions/core/cases/case-service.js';
import { runRecomputeDeadlines } from '../../../functions/core/jobs/recompute-deadlines.js';
import { allowAll, FixedClock, memoryCaseDependencies } from '../../support/fakes.js';
import { hypothetical2027, seedReadyDraft } from '../../support/provisional-cases.js';

const DRUG = 'DRUG_PRODUCTION_LICENSE';

/** Cases submitted on the shipped calendar (2025, 2026): which are provisional depends on their dates. */
async function submittedOn(dates: string[]) {
  const clock = new FixedClock();
  const deps = memoryCaseDependencies({ clock });
  const ids: string[] = [];
  for (const date of dates) {
    clock.set(`${date}T10:00:00+08:00`);
    const draft = await seedReadyDraft(deps, DRUG);
    await submitCase(deps, allowAll, draft.caseId);
    ids.push(draft.caseId);
  }
  return { deps, clock, ids };
}

const withNotice = (notice: CalendarYearFile) => createWorkingDayCalendar([...calendarYearFiles, notice]);

describe('recompute-deadlines', () => {
  it('takes a later official deadline, marks it OFFICIAL and audits the old and the new date', async () => {
    // Prepare: Fri 4 Dec 2026 + 20 → Mon 4 Jan 2027 (provisional); a notice giving 1–4 Jan off → Tue 5 Jan
    const { deps, ids } = await submittedOn(['2026-12-04']);
    const [caseId] = ids as [string];
    expect(deps.cases.records.get(caseId)).toMatchObject({
      dueAt: '2027-01-04T15:59:59.999Z',
      dueAtBasis: 'PROVISIONAL',
      provisionalQueue: 'PROVISIONAL',
    });
    deps.calendar = withNotice(hypothetical2027([['2027-01-01', '2027-01-04']]));

    // Act
    const result = await runRecomputeDeadlines(deps);

    // Assess
    expect(result).toEqual({ examined: 1, extended: 1, kept: 0, stillProvisional: 0, closed: 0, failed: 0 });
    const stored = deps.cases.records.get(caseId);
    expect(stored).toMatchObject({ dueAt: '2027-01-05T15:59:59.999Z', dueAtBasis: 'OFFICIAL' });
    expect(stored?.provisionalQueue).toBeUndefined();
    expect(deps.audit.entries.filter((e) => e.action === 'case.due-recomputed')).toEqual([
      expect.objectContaining({
        actor: 'system:recompute-deadlines',
        subject: caseId,
        details: {
          previousDueAt: '2027-01-04T15:59:59.999Z',
          dueAt: '2027-01-05T15:59:59.999Z',
          officialDueAt: '2027-01-05T15:59:59.999Z',
          basis: 'OFFICIAL',
          outcome: 'EXTENDED',
        },
      }),
    ]);
  });

  it('never takes an earlier official deadline: the promised date stays, basis OFFICIAL, audited', async () => {
    // Prepare: a notice making Sat 2 Jan 2027 a working day would make the 20th working day 2 Jan
    const { deps, ids } = await submittedOn(['2026-12-04']);
    const [caseId] = ids as [string];
    deps.calendar = withNotice(hypothetical2027([['2027-01-01', '2027-01-01']], ['2027-01-02']));
    expect(deps.calendar.dueAt(new Date('2026-12-04T02:00:00Z'), 20).toISOString()).toBe(
      '2027-01-02T15:59:59.999Z',
    );

    // Act
    const result = await runRecomputeDeadlines(deps);

    // Assess
    expect(result).toMatchObject({ examined: 1, extended: 0, kept: 1 });
    expect(deps.cases.records.get(caseId)).toMatchObject({
      dueAt: '2027-01-04T15:59:59.999Z',
      dueAtBasis: 'OFFICIAL',
    });
    expect(deps.audit.entries.find((e) => e.action === 'case.due-recomputed')?.details).toMatchObject({
      previousDueAt: '2027-01-04T15:59:59.999Z',
      dueAt: '2027-01-04T15:59:59.999Z',
      officialDueAt: '2027-01-02T15:59:59.999Z',
      outcome: 'KEPT',
    });
  });

  it('leaves official cases alone, and provisional ones that still reach a year without a notice', async () => {
    // Prepare: 2 Nov 2026 stays in 2026; 20 Dec 2027 reaches into 2028, which no notice covers
    const { deps, clock, ids } = await submittedOn(['2026-11-02', '2027-12-20']);
    const [official, into2028] = ids as [string, string];
    deps.calendar = withNotice(hypothetical2027([['2027-01-01', '2027-01-01']]));
    const before = structuredClone(deps.cases.records.get(into2028));
    clock.set('2027-12-21T00:00:00Z');

    // Act
    const result = await runRecomputeDeadlines(deps);

    // Assess
    expect(deps.cases.records.get(official)?.dueAtBasis).toBe('OFFICIAL');
    expect(result).toEqual({ examined: 1, extended: 0, kept: 0, stillProvisional: 1, closed: 0, failed: 0 });
    expect(deps.cases.records.get(into2028)).toEqual(before);
    expect(deps.audit.actions()).not.toContain('case.due-recomputed');
  });

  it('drops decided cases from the queue and does nothing more on a second run', async () => {
    // Prepare: two provisional cases; one is decided before the notice arrives
    const { deps, ids } = await submittedOn(['2026-12-04', '2026-12-07']);
    const [open, decided] = ids as [string, string];
    await recordDecision(deps, allowAll, decided, { department: '药品监督管理', decision: 'APPROVE' });
    deps.calendar = withNotice(hypothetical2027([['2027-01-01', '2027-01-04']]));

    // Act
    const first = await runRecomputeDeadlines(deps);
    const second = await runRecomputeDeadlines(deps);

    // Assess
    expect(deps.cases.records.get(decided)?.provisionalQueue).toBeUndefined();
    expect(first).toMatchObject({ examined: 1, extended: 1 });
    expect(deps.cases.records.get(open)?.dueAtBasis).toBe('OFFICIAL');
    expect(second).toEqual({ examined: 0, extended: 0, kept: 0, stillProvisional: 0, closed: 0, failed: 0 });
  });

  it('counts a case it cannot write as failed and still recounts the others', async () => {
    // Prepare: every write of the first (soonest due) case loses its race
    const { deps, ids } = await submittedOn(['2026-12-04', '2026-12-07']);
    const [contended, other] = ids as [string, string];
    deps.calendar = withNotice(hypothetical2027([['2027-01-01', '2027-01-04']]));
    deps.cases.failNextUpdates(8);

    // Act
    const result = await runRecomputeDeadlines(deps);

    // Assess: the contended case stays queued for the next run
    expect(result).toMatchObject({ examined: 2, extended: 1, failed: 1 });
    expect(deps.cases.records.get(contended)?.provisionalQueue).toBe('PROVISIONAL');
    expect(deps.cases.records.get(other)?.dueAtBasis).toBe('OFFICIAL');
  });

  it('recounts the limit promised at acceptance, not a limit the catalogue gave the item later', async () => {
    // Prepare: the item's limit rises from 20 to 25 working days after the case was accepted
    const { deps, ids } = await submittedOn(['2026-12-04']);
    const [caseId] = ids as [string];
    const item = deps.catalogue.require(DRUG);
    deps.catalogue = { ...deps.catalogue, require: () => ({ ...item, timeLimitWorkingDays: 25 }) };
    deps.calendar = withNotice(hypothetical2027([['2027-01-01', '2027-01-04']]));

    // Act
    await runRecomputeDeadlines(deps);

    // Assess: 20 working days on the notice, as promised (25 would be 12 January)
    expect(deps.cases.records.get(caseId)?.dueAt).toBe('2027-01-05T15:59:59.999Z');
  });
});
