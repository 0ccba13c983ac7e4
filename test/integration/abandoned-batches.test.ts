/**
 * Abandoned issuance batches on dynalite and s3rver through the real SDK: a PREPARING batch carries the
 * sparse `byPreparingBatch` keys, the void-abandoned-batches job finds it there after a day, takes it out of
 * the case with its `licence-serial.voided` entry (reason ABANDONED) in one conditional transaction, and the
 * case leaves the index; younger and committed batches are left; a retry racing the job is decided by the
 * case version; and every serial the counter handed out is a licence or voided once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoAuditLog } from '../../functions/adapters/dynamodb-audit-log.js';
import { DynamoCaseStore } from '../../functions/adapters/dynamodb-case-store.js';
import { DynamoCounters, DynamoLedger } from '../../functions/adapters/dynamodb-ledger.js';
import { S3ObjectStore } from '../../functions/adapters/s3-object-store.js';
import { resolveCertificate } from '../../functions/core/certificates/certificate-service.js';
import { SERIALS_VOIDED, serialSequence } from '../../functions/core/certificates/issuance-serials.js';
import {
  type IssuanceDependencies,
  issueCertificates,
} from '../../functions/core/certificates/issue-certificates.js';
import {
  ABANDONED_BATCH_MS,
  runVoidAbandonedBatches,
} from '../../functions/core/jobs/void-abandoned-batches.js';
import type { CaseStore } from '../../functions/ports/case-store.js';
import { approvedCaseRecord } from '../fixtures/cases.js';
import { allowAll, FakeLicenceFactory, FixedClock, memoryCaseDependencies } from '../support/fakes.js';
import { startTestDynamo, startTestS3, type TestDynamo, type TestS3 } from '../support/storage.js';

const HOUR = 3600_000;
let dynamo: TestDynamo;
let s3: TestS3;
beforeAll(async () => {
  [dynamo, s3] = await Promise.all([startTestDynamo(), startTestS3()]);
});
afterAll(async () => {
  await Promise.all([dynamo?.close(), s3?.close()]);
});

type Deps = IssuanceDependencies & { audit: DynamoAuditLog; factory: FakeLicenceFactory };

/** `store`, whose first read runs `meanwhile` before it answers: a rival writer between a read and its write. */
function racingStore(store: CaseStore, meanwhile: () => Promise<unknown>): CaseStore {
  let raced = false;
  return {
    get: async (id) => {
      const read = await store.get(id);
      if (!raced) {
        raced = true;
        await meanwhile();
      }
      return read;
    },
    create: (record) => store.create(record),
    update: (record, audit) => store.update(record, audit),
    listAwaitingDecision: (due) => store.listAwaitingDecision(due),
    listProvisionalDeadlines: () => store.listProvisionalDeadlines(),
    listPreparingBatches: (before) => store.listPreparingBatches(before),
    listByClient: (clientId, page) => store.listByClient(clientId, page),
  };
}

/** Issuance on the real adapters (fresh tables are shared: every test uses its own sequence of cases). */
function storageDeps(clock: FixedClock): Deps {
  const audit = new DynamoAuditLog({ client: dynamo.doc, tableName: dynamo.tables.audit, clock });
  return {
    ...memoryCaseDependencies({ clock }),
    audit,
    cases: new DynamoCaseStore({
      client: dynamo.doc,
      tableName: dynamo.tables.cases,
      audit,
      ledgerTableName: dynamo.tables.ledger,
    }),
    counters: new DynamoCounters({ client: dynamo.doc, tableName: dynamo.tables.counters }),
    ledger: new DynamoLedger({ client: dynamo.doc, tableName: dynamo.tables.ledger }),
    licences: new S3ObjectStore({ client: s3.client, bucket: s3.buckets.licences }),
    factory: new FakeLicenceFactory(),
    publicBaseUrl: 'https://zz.test',
    concurrency: 1,
  };
}

let cases = 0;
async function storeCase(deps: Deps): Promise<string> {
  const now = deps.clock.now().toISOString();
  const caseId = `CASE-ABANDONED-${++cases}`;
  await deps.cases.create(approvedCaseRecord(caseId, allowAll.clientId, now, { version: 1 }));
  return caseId;
}

/** A case whose batch of 2 failed after its first licence was stored (its PDF in S3; no ledger record yet). */
async function abandonedCase(deps: Deps): Promise<string> {
  const caseId = await storeCase(deps);
  deps.factory = new FakeLicenceFactory();
  deps.factory.failOnCall = 2;
  await expect(issueCertificates(deps, allowAll, caseId, {})).rejects.toThrow('seal signer unavailable');
  return caseId;
}

const voided = async (deps: Deps, caseId: string) =>
  (await deps.audit.listBySubject(caseId)).filter((e) => e.action === SERIALS_VOIDED);

/** Every serial of the sequence is a licence of a committed batch or voided once; nothing left PREPARING. */
async function expectEverySerialExplained(deps: Deps, caseIds: string[]) {
  const sequence = serialSequence(deps.catalogue.require('MEDICAL_DEVICE_EXPORT_CERT'));
  const taken = (await deps.counters.read([sequence]))[sequence] ?? 0;
  const explained: number[] = [];
  for (const caseId of caseIds) {
    const record = await deps.cases.get(caseId);
    expect(record?.issuance?.state, caseId).not.toBe('PREPARING');
    if (record?.issuance?.state === 'COMMITTED')
      explained.push(...record.issuance.licences.map((l) => l.serial));
    for (const entry of await voided(deps, caseId)) explained.push(...(entry.details.serials as number[]));
  }
  expect(explained.sort((a, b) => a - b)).toEqual(Array.from({ length: taken }, (_, i) => i + 1));
}

describe('abandoned issuance batches in DynamoDB', () => {
  it('voids a batch abandoned for a day through the sparse index; leaves younger and committed ones; runs twice safely', async () => {
    // Prepare: an abandoned batch, a committed one (its retry came) and one abandoned 20 h later
    const clock = new FixedClock('2026-11-02T02:00:00Z');
    const deps = storageDeps(clock);
    const abandoned = await abandonedCase(deps);
    const committed = await abandonedCase(deps);
    await issueCertificates(deps, allowAll, committed, {});
    clock.advance(20 * HOUR);
    const young = await abandonedCase(deps);
    const batch = (await deps.cases.get(abandoned))?.issuance;
    const indexedBefore = await deps.cases.listPreparingBatches('9999');
    clock.advance(5 * HOUR);

    // Act
    const first = await runVoidAbandonedBatches(deps, clock.now());
    const second = await runVoidAbandonedBatches(deps, clock.now());

    // Assess
    expect(indexedBefore.map((c) => c.caseId)).toEqual([abandoned, young]);
    expect(first).toEqual({ examined: 1, voided: 1, serials: 2, left: 0, failed: 0 });
    expect(second).toEqual({ examined: 0, voided: 0, serials: 0, left: 0, failed: 0 });
    expect((await deps.cases.listPreparingBatches('9999')).map((c) => c.caseId)).toEqual([young]);
    const stored = await deps.cases.get(abandoned);
    expect(stored?.issuance).toBeUndefined();
    expect(stored).not.toHaveProperty('preparingQueue');
    expect(
      (await voided(deps, abandoned)).map((e) => [e.actor, e.details.reason, e.details.batchId]),
    ).toEqual([['system:void-abandoned-batches', 'ABANDONED', batch?.batchId]]);
    expect((await deps.cases.get(committed))?.status).toBe('ISSUED');
    expect((await deps.cases.get(young))?.issuance?.state).toBe('PREPARING');
    // The licence stored before the failure: its PDF stays, invisible for good; it has no ledger record (a
    // batch this small writes its records in its commit's transaction: issuance-commit.ts recordsInCommit).
    const first0 = batch?.licences[0]?.certificateId ?? '';
    expect(await deps.ledger.get(first0)).toBeUndefined();
    expect(await deps.licences.get(`licences/${first0}.pdf`)).toBeDefined();
    expect(await resolveCertificate(deps, first0)).toBeUndefined();
    expect((await deps.audit.verifyChain()).intact).toBe(true);

    // Act: a day later the young batch goes too; then the invariant holds over all three cases
    clock.advance(20 * HOUR);
    expect(await runVoidAbandonedBatches(deps, clock.now())).toMatchObject({ examined: 1, voided: 1 });
    await expectEverySerialExplained(deps, [abandoned, committed, young]);
  });

  it('decides a retry racing the job by the case version: the retry that wrote first keeps its batch', async () => {
    // Prepare: the retry runs (its resume write, its commit) between the job's read and its write
    const clock = new FixedClock('2026-11-10T02:00:00Z');
    const deps = storageDeps(clock);
    const caseId = await abandonedCase(deps);
    const reserved = (await deps.cases.get(caseId))?.issuance;
    clock.advance(ABANDONED_BATCH_MS + HOUR);
    const jobDeps: Deps = {
      ...deps,
      cases: racingStore(deps.cases, () => issueCertificates(deps, allowAll, caseId, {})),
    };

    // Act
    const result = await runVoidAbandonedBatches(jobDeps, clock.now());

    // Assess
    expect(result).toEqual({ examined: 1, voided: 0, serials: 0, left: 1, failed: 0 });
    const stored = await deps.cases.get(caseId);
    expect(stored?.issuance).toMatchObject({ state: 'COMMITTED', batchId: reserved?.batchId });
    expect(await voided(deps, caseId)).toEqual([]);
    expect((await deps.audit.verifyChain()).intact).toBe(true);
  });

  it('decides a retry racing the job by the case version: a retry that read before the void takes fresh serials', async () => {
    // Prepare: the retry reads the case, the job voids the batch, then the retry resumes
    const clock = new FixedClock('2026-11-20T02:00:00Z');
    const deps = storageDeps(clock);
    const caseId = await abandonedCase(deps);
    const reserved = (await deps.cases.get(caseId))?.issuance;
    clock.advance(ABANDONED_BATCH_MS + HOUR);
    const retryDeps: Deps = {
      ...deps,
      cases: racingStore(deps.cases, () => runVoidAbandonedBatches(deps, clock.now())),
    };

    // Act
    const views = await issueCertificates(retryDeps, allowAll, caseId, {});

    // Assess
    const stored = await deps.cases.get(caseId);
    expect(stored?.issuance?.state).toBe('COMMITTED');
    expect(stored?.issuance?.batchId).not.toBe(reserved?.batchId);
    const voidedIds = new Set(reserved?.licences.map((l) => l.certificateId));
    expect(views.filter((v) => voidedIds.has(v.certificateId))).toEqual([]);
    expect((await voided(deps, caseId)).map((e) => e.details.batchId)).toEqual([reserved?.batchId]);
    expect((await deps.audit.verifyChain()).intact).toBe(true);
  });
});
