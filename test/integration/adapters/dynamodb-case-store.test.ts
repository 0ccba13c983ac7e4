/**
 * DynamoCaseStore against dynalite through the real SDK: create once, optimistic locking on `version`, an
 * update and its audit entries as one transaction, and the deadline queue (sparse index) the deadline job reads.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoAuditLog } from '../../../functions/adapters/dynamodb-audit-log.js';
import { DynamoCaseStore } from '../../../functions/adapters/dynamodb-case-store.js';
import type { CaseRecord } from '../../../functions/core/cases/model.js';
import { ConcurrentUpdateError } from '../../../functions/ports/case-store.js';
import { applicant, transportForm } from '../../fixtures/cases.js';
import { startTestDynamo, type TestDynamo } from '../../support/storage.js';

let dynamo: TestDynamo;
let store: DynamoCaseStore;

/** An audit log of its own, as another Lambda would have (appends of one instance are queued). */
const auditLog = () =>
  new DynamoAuditLog({
    client: dynamo.doc,
    tableName: dynamo.tables.audit,
    clock: { now: () => new Date('2026-03-26T08:00:00Z') },
    baseBackoffMs: 1,
  });

beforeAll(async () => {
  dynamo = await startTestDynamo();
  store = new DynamoCaseStore({ client: dynamo.doc, tableName: dynamo.tables.cases, audit: auditLog() });
});
afterAll(async () => dynamo?.close());

let counter = 0;
const newCase = (overrides: Partial<CaseRecord> = {}): CaseRecord => ({
  caseId: `CASE-IT-${++counter}`,
  clientId: 'client-1',
  serviceItemCode: 'TRANSPORT_OVERSIZE_PERMIT',
  status: 'DRAFT',
  applicant,
  form: transportForm,
  materials: {},
  pendingUploads: {},
  decisions: [],
  certificateIds: [],
  createdAt: '2026-03-26T08:00:00.000Z',
  updatedAt: '2026-03-26T08:00:00.000Z',
  version: 1,
  ...overrides,
});

describe('DynamoCaseStore', () => {
  it('stores a new case and reads it back unchanged', async () => {
    // Prepare
    const record = newCase();

    // Act
    await store.create(record);
    const read = await store.get(record.caseId);

    // Assess
    expect(read).toEqual(record);
  });

  it('refuses a second create with the same id and keeps the first', async () => {
    // Prepare
    const record = newCase();
    await store.create(record);

    // Act
    const error = await store.create({ ...record, clientId: 'intruder' }).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(ConcurrentUpdateError);
    expect((await store.get(record.caseId))?.clientId).toBe('client-1');
  });

  it('answers undefined for an unknown id', async () => {
    expect(await store.get('CASE-NOT-THERE')).toBeUndefined();
  });

  it('replaces a case written with the next version', async () => {
    // Prepare
    const record = newCase();
    await store.create(record);

    // Act
    await store.update({ ...record, status: 'SUBMITTED', version: 2 });
    await store.update({ ...record, status: 'APPROVED', version: 3 });

    // Assess
    expect(await store.get(record.caseId)).toMatchObject({ status: 'APPROVED', version: 3 });
  });

  it('refuses a stale update with ConcurrentUpdateError and keeps the winner', async () => {
    // Prepare
    const record = newCase();
    await store.create(record);
    await store.update({ ...record, status: 'SUBMITTED', version: 2 });

    // Act
    const stale = await store.update({ ...record, status: 'REJECTED', version: 2 }).catch((e: unknown) => e);
    const skipped = await store
      .update({ ...record, status: 'REJECTED', version: 4 })
      .catch((e: unknown) => e);
    const missing = await store.update(newCase({ version: 2 })).catch((e: unknown) => e);

    // Assess
    expect(stale).toBeInstanceOf(ConcurrentUpdateError);
    expect(skipped).toBeInstanceOf(ConcurrentUpdateError);
    expect(missing).toBeInstanceOf(ConcurrentUpdateError);
    expect(await store.get(record.caseId)).toMatchObject({ status: 'SUBMITTED', version: 2 });
  });

  it('lets exactly one of ten concurrent writers of the same version win', async () => {
    // Prepare
    const record = newCase();
    await store.create(record);

    // Act
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => store.update({ ...record, updatedAt: `writer-${i}`, version: 2 })),
    );

    // Assess
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((x) => x.status === 'rejected'))
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(ConcurrentUpdateError);
  });

  it('writes an update and its audit entry together, and neither when the version is stale', async () => {
    // Prepare
    const record = newCase();
    await store.create(record);
    const entry = (action: string) => ({ actor: 'client-1', action, subject: record.caseId, details: {} });

    // Act
    await store.update({ ...record, status: 'SUBMITTED', version: 2 }, [entry('case.submitted')]);
    const stale = await store
      .update({ ...record, status: 'REJECTED', version: 2 }, [entry('case.rejected')])
      .catch((e: unknown) => e);

    // Assess
    expect(stale).toBeInstanceOf(ConcurrentUpdateError);
    expect(await store.get(record.caseId)).toMatchObject({ status: 'SUBMITTED', version: 2 });
    const trail = await auditLog().listBySubject(record.caseId);
    expect(trail.map((e) => e.action)).toEqual(['case.submitted']);
    expect((await auditLog().verifyChain()).intact).toBe(true);
  });

  it('writes nothing when an audit entry is refused (personal data)', async () => {
    // Prepare
    const record = newCase();
    await store.create(record);

    // Act
    const refused = await store
      .update({ ...record, status: 'SUBMITTED', version: 2 }, [
        {
          actor: 'client-1',
          action: 'case.submitted',
          subject: record.caseId,
          details: { mobile: '13912345678' },
        },
      ])
      .catch((e: unknown) => e);

    // Assess
    expect(refused).toBeInstanceOf(Error);
    expect(await store.get(record.caseId)).toMatchObject({ status: 'DRAFT', version: 1 });
    expect(await auditLog().listBySubject(record.caseId)).toEqual([]);
  });

  it('lets one of ten concurrent audited writers (separate processes) win, with one entry and an intact chain', async () => {
    // Prepare
    const record = newCase();
    await store.create(record);

    // Act
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        new DynamoCaseStore({ client: dynamo.doc, tableName: dynamo.tables.cases, audit: auditLog() }).update(
          { ...record, updatedAt: `writer-${i}`, version: 2 },
          [{ actor: 'client-1', action: 'case.submitted', subject: record.caseId, details: { writer: i } }],
        ),
      ),
    );

    // Assess
    const won = results.findIndex((r) => r.status === 'fulfilled');
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((x) => x.status === 'rejected'))
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(ConcurrentUpdateError);
    const trail = await auditLog().listBySubject(record.caseId);
    expect(trail.map((e) => e.details)).toEqual([{ writer: won }]);
    expect((await store.get(record.caseId))?.updatedAt).toBe(`writer-${won}`);
    expect((await auditLog().verifyChain()).intact).toBe(true);
  });

  it('lists open cases due by a given instant, soonest first, and not closed ones', async () => {
    // Prepare
    const late = newCase({ status: 'SUBMITTED', slaQueue: 'OPEN', dueAt: '2026-04-02T15:59:59.999Z' });
    const soon = newCase({ status: 'SUBMITTED', slaQueue: 'OPEN', dueAt: '2026-04-01T15:59:59.999Z' });
    const future = newCase({ status: 'SUBMITTED', slaQueue: 'OPEN', dueAt: '2026-05-01T15:59:59.999Z' });
    const decided = newCase({ status: 'APPROVED', dueAt: '2026-03-30T15:59:59.999Z' });
    for (const r of [late, soon, future, decided]) await store.create(r);

    // Act
    const due = await store.listAwaitingDecision('2026-04-10T00:00:00.000Z');

    // Assess
    expect(due.map((r) => r.caseId)).toEqual([soon.caseId, late.caseId]);
  });
});
