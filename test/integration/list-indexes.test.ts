/**
 * The list indexes on dynalite through the real SDK: a client's cases (byClient) and a holder's licences
 * (byHolder), page by page, newest first, each once — also while other writers insert — and positions that
 * cannot move a query into another partition; `listCases` end to end over the real case store.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoAuditLog } from '../../functions/adapters/dynamodb-audit-log.js';
import { DynamoCaseStore } from '../../functions/adapters/dynamodb-case-store.js';
import { DynamoLedger } from '../../functions/adapters/dynamodb-ledger.js';
import { InvalidPositionError } from '../../functions/adapters/dynamodb-query.js';
import type { CaseDependencies } from '../../functions/core/cases/case-context.js';
import { listCases } from '../../functions/core/cases/case-list.js';
import type { CaseRecord } from '../../functions/core/cases/model.js';
import type { CertificateRecord } from '../../functions/core/certificates/model.js';
import { approvedCaseRecord } from '../fixtures/cases.js';
import { allowAll, memoryCaseDependencies } from '../support/fakes.js';
import { startTestDynamo, type TestDynamo } from '../support/storage.js';

let dynamo: TestDynamo;
let cases: DynamoCaseStore;
let ledger: DynamoLedger;
beforeAll(async () => {
  dynamo = await startTestDynamo();
  const audit = new DynamoAuditLog({
    client: dynamo.doc,
    tableName: dynamo.tables.audit,
    clock: { now: () => new Date() },
  });
  cases = new DynamoCaseStore({ client: dynamo.doc, tableName: dynamo.tables.cases, audit });
  ledger = new DynamoLedger({ client: dynamo.doc, tableName: dynamo.tables.ledger });
});
afterAll(async () => dynamo?.close());

/** A case of `clientId` created at `at` (many share one instant: ties must page correctly too). */
const caseAt = (clientId: string, n: number, at: string): CaseRecord =>
  approvedCaseRecord(`CASE-${clientId}-${String(n).padStart(4, '0')}`, clientId, at);

const licenceOf = (holderKey: string, n: number, issuedAt: string): CertificateRecord =>
  ({
    certificateId: `CERT-${holderKey}-${String(n).padStart(4, '0')}`,
    clientId: 'client-a',
    caseId: `CASE-${n}`,
    serviceItemCode: 'MEDICAL_DEVICE_EXPORT_CERT',
    batchId: 'B',
    status: 'VALID',
    holderKey,
    holder: { type: 'ORGANIZATION', name: 'x', idType: '001', idNumber: '91430100MA4L01111G' },
    issuedAt,
    version: 1,
  }) as CertificateRecord;

/** Every record of a paged list, `limit` at a time; `between` runs after each page (other writers). */
async function pageThrough<R>(
  read: (page: { limit: number; cursor?: string }) => Promise<{ records: R[]; nextCursor?: string }>,
  limit: number,
  between: (round: number) => Promise<void> = async () => undefined,
): Promise<R[]> {
  const all: R[] = [];
  let cursor: string | undefined;
  let round = 0;
  do {
    const page = await read({ limit, ...(cursor ? { cursor } : {}) });
    expect(page.records.length).toBeLessThanOrEqual(limit);
    all.push(...page.records);
    cursor = page.nextCursor;
    await between(round++);
  } while (cursor);
  return all;
}

describe('CaseStore.listByClient (byClient)', () => {
  it('pages through a client’s cases newest first, each exactly once, ties included, never another client’s', async () => {
    // Prepare: 130 cases of A (ten share each second), 20 of B
    for (let i = 0; i < 130; i++)
      await cases.create(
        caseAt('client-a', i, new Date(Date.UTC(2026, 0, 1, 0, 0, Math.floor(i / 10))).toISOString()),
      );
    for (let i = 0; i < 20; i++) await cases.create(caseAt('client-b', i, '2026-01-01T00:00:05.000Z'));
    // Act
    const listed = await pageThrough((page) => cases.listByClient('client-a', page), 25);
    // Assess
    const ids = listed.map((c) => c.caseId);
    expect(new Set(ids).size).toBe(130);
    expect(listed.every((c) => c.clientId === 'client-a')).toBe(true);
    const created = listed.map((c) => c.createdAt);
    expect(created).toEqual([...created].sort().reverse());
  });

  it('stays stable while cases are created: nothing listed twice or skipped, newer ones after the start not mixed in', async () => {
    // Prepare
    for (let i = 0; i < 60; i++)
      await cases.create(caseAt('client-c', i, new Date(Date.UTC(2026, 1, 1, 0, 0, i)).toISOString()));
    let added = 0;
    // Act: after every page, a newer case and an older one are created
    const listed = await pageThrough(
      (page) => cases.listByClient('client-c', page),
      10,
      async () => {
        added++;
        await cases.create(
          caseAt('client-c', 1000 + added, new Date(Date.UTC(2026, 2, 1, 0, 0, added)).toISOString()),
        );
        await cases.create(
          caseAt('client-c', 2000 + added, new Date(Date.UTC(2025, 0, 1, 0, 0, added)).toISOString()),
        );
      },
    );
    // Assess
    const ids = listed.map((c) => c.caseId);
    expect(new Set(ids).size).toBe(ids.length);
    for (let i = 0; i < 60; i++) expect(ids).toContain(`CASE-client-c-${String(i).padStart(4, '0')}`);
    expect(ids.filter((id) => Number(id.slice(-4)) >= 1000 && Number(id.slice(-4)) < 2000)).toEqual([]);
    const created = listed.map((c) => c.createdAt);
    expect(created).toEqual([...created].sort().reverse());
  });

  it('refuses a position of another partition or one not made by the adapter', async () => {
    // Prepare
    const first = await cases.listByClient('client-b', { limit: 5 });
    if (!first.nextCursor) throw new Error('expected more');
    const raw = JSON.parse(Buffer.from(first.nextCursor, 'base64url').toString('utf8')) as Record<
      string,
      string
    >;
    const moved = Buffer.from(JSON.stringify({ ...raw, clientId: 'client-a' })).toString('base64url');
    const extra = Buffer.from(JSON.stringify({ ...raw, status: 'x' })).toString('base64url');
    // Act & Assess
    await expect(
      cases.listByClient('client-a', { limit: 5, cursor: first.nextCursor }),
    ).rejects.toBeInstanceOf(InvalidPositionError);
    await expect(cases.listByClient('client-a', { limit: 5, cursor: moved })).resolves.toBeDefined();
    await expect(cases.listByClient('client-b', { limit: 5, cursor: moved })).rejects.toBeInstanceOf(
      InvalidPositionError,
    );
    await expect(cases.listByClient('client-b', { limit: 5, cursor: extra })).rejects.toBeInstanceOf(
      InvalidPositionError,
    );
    await expect(cases.listByClient('client-b', { limit: 5, cursor: '%%' })).rejects.toBeInstanceOf(
      InvalidPositionError,
    );
  });

  it('serves listCases over the real store: full pages of one status, cursors sealed for the list', async () => {
    // Prepare
    const deps: CaseDependencies = { ...memoryCaseDependencies(), cases };
    for (let i = 0; i < 45; i++) {
      const record = caseAt('client-all', i, new Date(Date.UTC(2026, 3, 1, 0, 0, i)).toISOString());
      await cases.create({ ...record, status: i % 4 === 0 ? 'ISSUED' : 'APPROVED' });
    }
    // Act
    const seen: string[] = [];
    const sizes: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await listCases(deps, allowAll, {
        status: 'ISSUED',
        limit: '4',
        ...(cursor ? { cursor } : {}),
      });
      seen.push(...page.items.map((c) => c.caseId));
      sizes.push(page.items.length);
      cursor = page.nextCursor;
      if (cursor) expect(cursor).not.toMatch(/CASE|client/);
    } while (cursor);
    // Assess
    expect(seen).toHaveLength(12);
    expect(new Set(seen).size).toBe(12);
    expect(sizes.slice(0, 3)).toEqual([4, 4, 4]);
  });
});

describe('Ledger.listByHolder (byHolder)', () => {
  it('pages through a holder’s licences newest first, each once, while others are issued, never another holder’s', async () => {
    // Prepare: 3 batches of 20 licences sharing their issuedAt, and another holder's
    for (let i = 0; i < 60; i++)
      await dynamo.doc.send(
        new PutCommand({
          TableName: dynamo.tables.ledger,
          Item: licenceOf('hk-one', i, `2026-05-0${1 + Math.floor(i / 20)}T02:00:00.000Z`),
        }),
      );
    for (let i = 0; i < 5; i++)
      await dynamo.doc.send(
        new PutCommand({
          TableName: dynamo.tables.ledger,
          Item: licenceOf('hk-two', i, '2026-05-02T02:00:00.000Z'),
        }),
      );
    // Act
    const listed = await pageThrough(
      (page) => ledger.listByHolder('hk-one', page),
      7,
      async (round) => {
        await dynamo.doc.send(
          new PutCommand({
            TableName: dynamo.tables.ledger,
            Item: licenceOf('hk-one', 500 + round, '2026-06-01T00:00:00.000Z'),
          }),
        );
      },
    );
    // Assess
    const ids = listed.map((r) => r.certificateId);
    expect(new Set(ids).size).toBe(60);
    expect(listed.every((r) => r.holderKey === 'hk-one' && Number(r.certificateId.slice(-4)) < 500)).toBe(
      true,
    );
    const issued = listed.map((r) => r.issuedAt);
    expect(issued).toEqual([...issued].sort().reverse());
  });
});
