/**
 * Provisional deadlines on dynalite through the real SDK: submit marks the case in the sparse
 * `byProvisionalDue` index, the recompute-deadlines job finds it there, takes the later official deadline
 * with its audit entry in the same transaction, and the case leaves the index.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoAuditLog } from '../../functions/adapters/dynamodb-audit-log.js';
import { DynamoCaseStore } from '../../functions/adapters/dynamodb-case-store.js';
import { calendarYearFiles } from '../../functions/catalogue/calendar/index.js';
import { createWorkingDayCalendar } from '../../functions/core/calendar/working-day-calendar.js';
import type { CaseDependencies } from '../../functions/core/cases/case-context.js';
import { submitCase } from '../../functions/core/cases/case-service.js';
import { runRecomputeDeadlines } from '../../functions/core/jobs/recompute-deadlines.js';
import { allowAll, FixedClock, memoryCaseDependencies } from '../support/fakes.js';
import { hypothetical2027, seedReadyDraft } from '../support/provisional-cases.js';
import { startTestDynamo, type TestDynamo } from '../support/storage.js';

let dynamo: TestDynamo;
beforeAll(async () => {
  dynamo = await startTestDynamo();
});
afterAll(async () => dynamo?.close());

describe('provisional deadlines in DynamoDB', () => {
  it('are found through the sparse index, recomputed with their audit entry, and leave the index', async () => {
    // Prepare: drafts made in memory, then stored in DynamoDB and submitted there
    const clock = new FixedClock('2026-11-02T02:00:00Z');
    const audit = new DynamoAuditLog({ client: dynamo.doc, tableName: dynamo.tables.audit, clock });
    const cases = new DynamoCaseStore({ client: dynamo.doc, tableName: dynamo.tables.cases, audit });
    const drafts = memoryCaseDependencies({ clock });
    const deps: CaseDependencies = { ...memoryCaseDependencies({ clock }), audit, cases };
    const submitAt = async (instant: string) => {
      const draft = await seedReadyDraft(drafts, 'DRUG_PRODUCTION_LICENSE');
      await cases.create(draft);
      clock.set(instant);
      return (await submitCase(deps, allowAll, draft.caseId)).caseId;
    };
    const official = await submitAt('2026-11-02T02:00:00Z');
    const provisional = await submitAt('2026-12-04T02:00:00Z');

    // Act
    const listed = await cases.listProvisionalDeadlines();
    deps.calendar = createWorkingDayCalendar([
      ...calendarYearFiles,
      hypothetical2027([['2027-01-01', '2027-01-04']]),
    ]);
    const result = await runRecomputeDeadlines(deps);

    // Assess
    expect(listed.map((c) => [c.caseId, c.dueAt])).toEqual([[provisional, '2027-01-04T15:59:59.999Z']]);
    expect(result).toMatchObject({ examined: 1, extended: 1 });
    expect(await cases.get(provisional)).toMatchObject({
      dueAt: '2027-01-05T15:59:59.999Z',
      dueAtBasis: 'OFFICIAL',
    });
    expect((await cases.get(official))?.dueAtBasis).toBe('OFFICIAL');
    expect((await audit.listBySubject(provisional)).map((e) => e.action)).toEqual([
      'case.submitted',
      'case.due-recomputed',
    ]);
    expect(await cases.listProvisionalDeadlines()).toEqual([]);
    expect((await audit.verifyChain()).intact).toBe(true);
  });
});
