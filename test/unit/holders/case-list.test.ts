/**
 * `GET /v1/cases` on fakes: every own case exactly once across pages, newest first, others' never; filters
 * that the index cannot key on still fill pages; cursors open only for their own list; limits.
 */
import { describe, expect, it } from 'vitest';
import { listCases } from '../../../functions/core/cases/case-list.js';
import type { CaseRecord, Principal } from '../../../functions/core/cases/model.js';
import type { DomainError } from '../../../functions/core/errors.js';
import { MAX_RECORDS_READ_PER_PAGE } from '../../../functions/core/lists/page.js';
import { approvedCaseRecord } from '../../fixtures/cases.js';
import { allowAll, type MemoryCaseDependencies, memoryCaseDependencies } from '../../support/fakes.js';

const other: Principal = { clientId: 'client-other', serviceItems: ['*'], departments: ['*'] };

/** `count` cases of `clientId`, one second apart from `start`, every third one SUBMITTED. */
function storeCases(
  deps: MemoryCaseDependencies,
  clientId: string,
  count: number,
  start = Date.UTC(2026, 0, 1),
) {
  const stored: CaseRecord[] = [];
  for (let i = 0; i < count; i++) {
    const at = new Date(start + i * 1000).toISOString();
    const record = approvedCaseRecord(`CASE-${clientId}-${String(i).padStart(4, '0')}`, clientId, at, {
      status: i % 3 === 0 ? 'SUBMITTED' : 'DRAFT',
      serviceItemCode: i % 2 === 0 ? 'MEDICAL_DEVICE_EXPORT_CERT' : 'TRANSPORT_OVERSIZE_PERMIT',
    });
    deps.cases.records.set(record.caseId, record);
    stored.push(record);
  }
  return stored;
}

async function listAll(
  deps: MemoryCaseDependencies,
  principal: Principal,
  query: Record<string, string> = {},
) {
  const seen: string[] = [];
  const sizes: number[] = [];
  let cursor: string | undefined;
  do {
    const page = await listCases(deps, principal, { ...query, ...(cursor ? { cursor } : {}) });
    seen.push(...page.items.map((c) => c.caseId));
    sizes.push(page.items.length);
    cursor = page.nextCursor;
  } while (cursor);
  return { seen, sizes };
}

const failure = (promise: Promise<unknown>): Promise<DomainError> =>
  promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e as DomainError,
  );

describe('listCases', () => {
  it('pages through every own case exactly once, newest first, never another client’s', async () => {
    // Prepare
    const deps = memoryCaseDependencies();
    const own = storeCases(deps, allowAll.clientId, 250);
    storeCases(deps, other.clientId, 40);
    // Act
    const byDefault = await listAll(deps, allowAll);
    const by100 = await listAll(deps, allowAll, { limit: '100' });
    // Assess
    const newestFirst = own.map((c) => c.caseId).reverse();
    expect(byDefault.seen).toEqual(newestFirst);
    expect(byDefault.sizes).toEqual([50, 50, 50, 50, 50]);
    expect(by100.seen).toEqual(newestFirst);
    expect(by100.sizes).toEqual([100, 100, 50]);
  });

  it('fills pages under filters the index cannot key on (status, service item) and masks applicants', async () => {
    // Prepare
    const deps = memoryCaseDependencies();
    const own = storeCases(deps, allowAll.clientId, 60);
    // Act
    const submitted = await listAll(deps, allowAll, { status: 'SUBMITTED', limit: '7' });
    const transport = await listCases(deps, allowAll, {
      serviceItemCode: 'TRANSPORT_OVERSIZE_PERMIT',
      limit: '5',
    });
    // Assess
    const expected = own
      .filter((c) => c.status === 'SUBMITTED')
      .map((c) => c.caseId)
      .reverse();
    expect(submitted.seen).toEqual(expected);
    expect(submitted.sizes).toEqual([7, 7, 6]);
    expect(transport.items.map((c) => c.serviceItemCode)).toEqual(Array(5).fill('TRANSPORT_OVERSIZE_PERMIT'));
    expect(transport.items[0]?.applicant.idNumber).toMatch(/\*/);
  });

  it('lists for a scoped key only the items in its scope, and refuses a filter outside it', async () => {
    // Prepare
    const deps = memoryCaseDependencies();
    storeCases(deps, allowAll.clientId, 10);
    const scoped: Principal = { ...allowAll, serviceItems: ['TRANSPORT_OVERSIZE_PERMIT'] };
    // Act
    const listed = await listAll(deps, scoped);
    const refused = await failure(listCases(deps, scoped, { serviceItemCode: 'MEDICAL_DEVICE_EXPORT_CERT' }));
    // Assess
    expect(listed.seen).toHaveLength(5);
    expect(refused.code).toBe('FORBIDDEN_SERVICE_ITEM');
  });

  it('answers INVALID_CURSOR for a forged cursor, another client’s, one altered, or one of another query', async () => {
    // Prepare
    const deps = memoryCaseDependencies();
    storeCases(deps, allowAll.clientId, 10);
    storeCases(deps, other.clientId, 10);
    const { nextCursor } = await listCases(deps, allowAll, { limit: '3' });
    if (!nextCursor) throw new Error('expected a next page');
    // One character changed for sure (the one before last carries six whole bits of the sealed bytes).
    const flipped = nextCursor.at(-2) === 'A' ? 'B' : 'A';
    const altered = `${nextCursor.slice(0, -2)}${flipped}${nextCursor.slice(-1)}`;
    expect(altered).not.toBe(nextCursor);
    const plainPosition = Buffer.from(JSON.stringify({ clientId: other.clientId })).toString('base64url');
    // Act
    const attempts = await Promise.all([
      failure(listCases(deps, other, { cursor: nextCursor })),
      failure(listCases(deps, allowAll, { cursor: altered })),
      failure(listCases(deps, allowAll, { cursor: plainPosition })),
      failure(listCases(deps, allowAll, { cursor: nextCursor, status: 'DRAFT' })),
    ]);
    // Assess
    for (const error of attempts) expect(error).toMatchObject({ kind: 'INVALID', code: 'INVALID_CURSOR' });
    await expect(listCases(deps, allowAll, { cursor: nextCursor })).resolves.toMatchObject({
      items: expect.any(Array),
    });
  });

  it('answers INVALID_LIMIT outside 1–100', async () => {
    // Prepare
    const deps = memoryCaseDependencies();
    // Act
    const errors = await Promise.all(
      ['0', '101', '-1', '1.5', 'abc', ''].map((limit) => failure(listCases(deps, allowAll, { limit }))),
    );
    // Assess
    for (const error of errors) expect(error).toMatchObject({ kind: 'INVALID', code: 'INVALID_LIMIT' });
    await expect(listCases(deps, allowAll, { limit: '100' })).resolves.toEqual({ items: [] });
  });

  it('bounds the records one page reads when a filter matches nothing, handing back a cursor to go on', async () => {
    // Prepare
    const deps = memoryCaseDependencies();
    storeCases(deps, allowAll.clientId, 2500);
    let read = 0;
    const store = deps.cases;
    const listByClient = store.listByClient.bind(store);
    store.listByClient = async (clientId, page) => {
      const out = await listByClient(clientId, page);
      read += out.records.length;
      return out;
    };
    // Act
    const page = await listCases(deps, allowAll, { status: 'ISSUED' });
    // Assess
    expect(page.items).toEqual([]);
    expect(page.nextCursor).toBeDefined();
    expect(read).toBeGreaterThanOrEqual(MAX_RECORDS_READ_PER_PAGE);
    expect(read).toBeLessThan(MAX_RECORDS_READ_PER_PAGE + 50);
  });
});
