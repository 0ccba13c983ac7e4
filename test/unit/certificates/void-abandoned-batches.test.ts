/**
 * The void-abandoned-batches job on fakes: a PREPARING batch nobody came back for in a day has its serials
 * voided (audit `licence-serial.voided`, reason ABANDONED) and leaves the case and the index in one write; a
 * younger, resumed or committed batch is left; a retry racing the job either keeps its batch or takes fresh
 * serials; and every serial taken is then a licence or voided once.
 */
import { describe, expect, it } from 'vitest';
import type { CaseRecord } from '../../../functions/core/cases/model.js';
import { resolveCertificate } from '../../../functions/core/certificates/certificate-service.js';
import { SERIALS_VOIDED, serialSequence } from '../../../functions/core/certificates/issuance-serials.js';
import { issueCertificates } from '../../../functions/core/certificates/issue-certificates.js';
import type { CertificateRecord } from '../../../functions/core/certificates/model.js';
import type { DomainError } from '../../../functions/core/errors.js';
import { runExpiryReminders } from '../../../functions/core/jobs/expiry-reminders.js';
import {
  ABANDONED_BATCH_MS,
  runVoidAbandonedBatches,
} from '../../../functions/core/jobs/void-abandoned-batches.js';
import { approvedCaseRecord, medicalForm } from '../../fixtures/cases.js';
import {
  allowAll,
  FakeLicenceFactory,
  type MemoryIssuanceDependencies,
  MemorySmsLinkStore,
  MemorySmsSender,
  memoryIssuanceDependencies,
} from '../../support/fakes.js';

const HOUR = 3600_000;

function storeCase(deps: MemoryIssuanceDependencies): string {
  const now = deps.clock.now().toISOString();
  const caseId = `CASE-${deps.cases.records.size + 1}`;
  deps.cases.records.set(
    caseId,
    approvedCaseRecord(caseId, allowAll.clientId, now, { form: medicalForm(3) }),
  );
  return caseId;
}

/**
 * A case whose batch of 3 failed while producing: the first licence's PDF stored (a batch this small has no
 * ledger record before its commit, whose transaction writes them: issuance-commit.ts `recordsInCommit`).
 */
async function abandonedCase(
  deps: MemoryIssuanceDependencies,
): Promise<{ caseId: string; batch: CaseRecord }> {
  const caseId = storeCase(deps);
  deps.factory = new FakeLicenceFactory();
  deps.factory.failOnCall = 2;
  await expect(issueCertificates(deps, allowAll, caseId, {})).rejects.toThrow('seal signer unavailable');
  return { caseId, batch: deps.cases.records.get(caseId) as CaseRecord };
}

const voidEntries = (deps: MemoryIssuanceDependencies) =>
  deps.audit.entries.filter((e) => e.action === SERIALS_VOIDED);

/** Every serial the counter handed out is a licence of a committed batch or voided once. */
function expectEverySerialExplained(deps: MemoryIssuanceDependencies) {
  const taken = [...deps.counters.matching('serial:').values()].reduce((a, b) => a + b, 0);
  const issued = [...deps.cases.records.values()]
    .filter((r) => r.issuance?.state === 'COMMITTED')
    .flatMap((r) => r.issuance?.licences.map((l) => l.serial) ?? []);
  const voided = voidEntries(deps).flatMap((e) => e.details.serials as number[]);
  expect([...issued, ...voided].sort((a, b) => a - b)).toEqual(
    Array.from({ length: taken }, (_, i) => i + 1),
  );
  expect([...deps.cases.records.values()].filter((r) => r.issuance?.state === 'PREPARING')).toEqual([]);
}

describe('void-abandoned-batches', () => {
  it('voids a batch abandoned for a day with its audit entry, in the write that takes it out of the index', async () => {
    // Prepare
    const deps = memoryIssuanceDependencies({ concurrency: 1 });
    const { caseId, batch } = await abandonedCase(deps);
    const licences = batch.issuance?.licences ?? [];
    expect(batch).toMatchObject({ preparingQueue: 'PREPARING', preparingSince: batch.issuance?.startedAt });
    deps.clock.advance(ABANDONED_BATCH_MS + 1);

    // Act
    const result = await runVoidAbandonedBatches(deps, deps.clock.now());

    // Assess
    expect(result).toEqual({ examined: 1, voided: 1, serials: 3, left: 0, failed: 0 });
    const stored = deps.cases.records.get(caseId);
    expect(stored).toMatchObject({ status: 'APPROVED', version: batch.version + 1 });
    expect(stored?.issuance).toBeUndefined();
    expect(stored?.preparingQueue).toBeUndefined();
    expect(await deps.cases.listPreparingBatches(deps.clock.now().toISOString())).toEqual([]);
    expect(voidEntries(deps)).toEqual([
      expect.objectContaining({
        actor: 'system:void-abandoned-batches',
        subject: caseId,
        details: {
          sequence: serialSequence(deps.catalogue.require('MEDICAL_DEVICE_EXPORT_CERT')),
          serviceItemCode: 'MEDICAL_DEVICE_EXPORT_CERT',
          batchId: batch.issuance?.batchId,
          serials: [1, 2, 3],
          numbers: licences.map((l) => l.number),
          reason: 'ABANDONED',
        },
      }),
    ]);
    // The licence stored before the failure has no record and stays invisible: its batch can never commit.
    const [first] = licences;
    expect(deps.licences.objects.has(`licences/${first?.certificateId}.pdf`)).toBe(true);
    expect(deps.ledger.records.get(first?.certificateId ?? '')).toBeUndefined();
    expect(await resolveCertificate(deps, first?.certificateId ?? '')).toBeUndefined();
  });

  it('leaves a batch younger than a day, and voids nothing twice on a second run', async () => {
    // Prepare
    const deps = memoryIssuanceDependencies({ concurrency: 1 });
    const { caseId } = await abandonedCase(deps);
    deps.clock.advance(ABANDONED_BATCH_MS - HOUR);

    // Act
    const young = await runVoidAbandonedBatches(deps, deps.clock.now());
    deps.clock.advance(2 * HOUR);
    const first = await runVoidAbandonedBatches(deps, deps.clock.now());
    const second = await runVoidAbandonedBatches(deps, deps.clock.now());

    // Assess
    expect(young).toEqual({ examined: 0, voided: 0, serials: 0, left: 0, failed: 0 });
    expect(first).toMatchObject({ examined: 1, voided: 1 });
    expect(second).toEqual({ examined: 0, voided: 0, serials: 0, left: 0, failed: 0 });
    expect(voidEntries(deps)).toHaveLength(1);
    expect(deps.cases.records.get(caseId)?.issuance).toBeUndefined();
  });

  it('leaves a batch its retry committed, also when the job listed it before the commit', async () => {
    // Prepare: the index copy the job reads still says PREPARING when the retry commits
    const deps = memoryIssuanceDependencies({ concurrency: 1 });
    const { caseId } = await abandonedCase(deps);
    deps.clock.advance(ABANDONED_BATCH_MS + HOUR);
    const list = deps.cases.listPreparingBatches.bind(deps.cases);
    deps.cases.listPreparingBatches = async (before) => {
      const listed = await list(before);
      await issueCertificates(deps, allowAll, caseId, {});
      return listed;
    };

    // Act
    const result = await runVoidAbandonedBatches(deps, deps.clock.now());

    // Assess
    expect(result).toEqual({ examined: 1, voided: 0, serials: 0, left: 1, failed: 0 });
    const stored = deps.cases.records.get(caseId);
    expect(stored).toMatchObject({ status: 'ISSUED', issuance: { state: 'COMMITTED' } });
    expect(stored?.preparingQueue).toBeUndefined();
    expect(voidEntries(deps)).toEqual([]);
    expectEverySerialExplained(deps);
  });

  it('gives a retry after the job fresh serials and ids, never the voided ones', async () => {
    // Prepare
    const deps = memoryIssuanceDependencies({ concurrency: 1 });
    const { caseId, batch } = await abandonedCase(deps);
    deps.clock.advance(ABANDONED_BATCH_MS + HOUR);
    await runVoidAbandonedBatches(deps, deps.clock.now());

    // Act
    const views = await issueCertificates(deps, allowAll, caseId, {});

    // Assess
    const issuance = deps.cases.records.get(caseId)?.issuance;
    expect(issuance?.licences.map((l) => l.serial)).toEqual([4, 5, 6]);
    const voidedIds = new Set(batch.issuance?.licences.map((l) => l.certificateId));
    expect(views.filter((v) => voidedIds.has(v.certificateId))).toEqual([]);
    expect(deps.cases.records.get(caseId)?.status).toBe('ISSUED');
    expectEverySerialExplained(deps);
  });

  it('leaves a batch whose retry marked it alive between the job read and its write (version condition)', async () => {
    // Prepare: the retry's resume write lands just before the job's void write
    const deps = memoryIssuanceDependencies({ concurrency: 1 });
    const { caseId, batch } = await abandonedCase(deps);
    deps.clock.advance(ABANDONED_BATCH_MS + HOUR);
    const resumedAt = deps.clock.now().toISOString();
    deps.cases.onUpdate((record) => {
      const stored = deps.cases.records.get(caseId) as CaseRecord;
      if (record.issuance || !stored.issuance) return;
      deps.cases.records.set(caseId, {
        ...stored,
        issuance: { ...stored.issuance, resumedAt },
        preparingSince: resumedAt,
        version: stored.version + 1,
      });
    });

    // Act
    const result = await runVoidAbandonedBatches(deps, deps.clock.now());
    deps.cases.onUpdate(undefined);
    const views = await issueCertificates(deps, allowAll, caseId, {});

    // Assess
    expect(result).toEqual({ examined: 1, voided: 0, serials: 0, left: 1, failed: 0 });
    expect(voidEntries(deps)).toEqual([]);
    expect(views.map((v) => v.certificateId)).toEqual(batch.issuance?.licences.map((l) => l.certificateId));
    expectEverySerialExplained(deps);
  });

  it('gives a retry that read the batch before the job voided it a fresh batch, not the voided serials', async () => {
    // Prepare: the retry reads the case, then the job voids the batch, then the retry resumes
    const deps = memoryIssuanceDependencies({ concurrency: 1 });
    const { caseId, batch } = await abandonedCase(deps);
    deps.clock.advance(ABANDONED_BATCH_MS + HOUR);
    const get = deps.cases.get.bind(deps.cases);
    deps.cases.get = async (id) => {
      const read = await get(id);
      deps.cases.get = get;
      await runVoidAbandonedBatches(deps, deps.clock.now());
      return read;
    };

    // Act
    const views = await issueCertificates(deps, allowAll, caseId, {});

    // Assess
    expect(voidEntries(deps).map((e) => e.details.batchId)).toEqual([batch.issuance?.batchId]);
    const committed = deps.cases.records.get(caseId)?.issuance;
    expect(committed?.state).toBe('COMMITTED');
    expect(committed?.batchId).not.toBe(batch.issuance?.batchId);
    expect(committed?.licences.map((l) => l.serial)).toEqual([4, 5, 6]);
    expect(views.map((v) => v.certificateId)).toEqual(committed?.licences.map((l) => l.certificateId));
    expectEverySerialExplained(deps);
  });

  it('counts the day from the last resumption: a batch resumed and failed again lives a day from then', async () => {
    // Prepare
    const deps = memoryIssuanceDependencies({ concurrency: 1 });
    const { caseId } = await abandonedCase(deps);
    deps.clock.advance(20 * HOUR);
    deps.factory = new FakeLicenceFactory();
    deps.factory.failOnCall = 1;
    await expect(issueCertificates(deps, allowAll, caseId, {})).rejects.toThrow('seal signer unavailable');
    const resumed = deps.cases.records.get(caseId);
    deps.clock.advance(5 * HOUR);

    // Act
    const early = await runVoidAbandonedBatches(deps, deps.clock.now());
    deps.clock.advance(20 * HOUR);
    const late = await runVoidAbandonedBatches(deps, deps.clock.now());

    // Assess
    expect(resumed?.preparingSince).toBe(resumed?.issuance?.resumedAt);
    expect(resumed?.issuance?.resumedAt).not.toBe(resumed?.issuance?.startedAt);
    expect(early.examined).toBe(0);
    expect(late).toMatchObject({ examined: 1, voided: 1, serials: 3 });
    expectEverySerialExplained(deps);
  });

  it('holds the case against another body for 15 minutes from the last resumption, as from the start', async () => {
    // Prepare: resumed (and failed again) an hour after the start
    const deps = memoryIssuanceDependencies({ concurrency: 1 });
    const { caseId } = await abandonedCase(deps);
    deps.clock.advance(HOUR);
    deps.factory = new FakeLicenceFactory();
    deps.factory.failOnCall = 1;
    await expect(issueCertificates(deps, allowAll, caseId, {})).rejects.toThrow('seal signer unavailable');
    const other = { notify: { mobile: '13800138000' } };

    // Act
    deps.clock.advance(14 * 60_000);
    const held = await issueCertificates(deps, allowAll, caseId, other).catch((e: DomainError) => e.code);
    deps.clock.advance(2 * 60_000);
    const superseding = await issueCertificates(deps, allowAll, caseId, other);

    // Assess
    expect(held).toBe('ISSUANCE_IN_PROGRESS');
    expect(superseding).toHaveLength(3);
    expect(voidEntries(deps).map((e) => e.details.reason)).toEqual(['SUPERSEDED']);
    expectEverySerialExplained(deps);
  });

  it('keeps the stored licences of a voided batch invisible past their validity (never EXPIRED, never found)', async () => {
    // Prepare: voided, then the day after the stored licence's validUntil
    const deps = memoryIssuanceDependencies({ concurrency: 1 });
    const { batch } = await abandonedCase(deps);
    deps.clock.advance(ABANDONED_BATCH_MS + HOUR);
    await runVoidAbandonedBatches(deps, deps.clock.now());
    const stored = batch.issuance?.licences[0];
    const delivery = { links: new MemorySmsLinkStore(), sms: new MemorySmsSender() };
    // A committed batch whose records were never activated (a crash after the commit, in a batch too large to
    // commit its records with the case) is in force: it expires.
    const committed = storeCase(deps);
    const views = await issueCertificates(deps, allowAll, committed, {});
    for (const view of views) {
      const record = deps.ledger.records.get(view.certificateId);
      if (record) deps.ledger.records.set(view.certificateId, { ...record, status: 'PENDING' });
    }
    // The voided batch's stored licence with the PENDING record such a batch writes beside its PDF.
    const template = deps.ledger.records.get(views[0]?.certificateId ?? '') as CertificateRecord;
    deps.ledger.records.set(stored?.certificateId ?? '', {
      ...template,
      certificateId: stored?.certificateId ?? '',
      batchId: batch.issuance?.batchId ?? '',
      serial: stored?.serial ?? 0,
      number: stored?.number ?? '',
      validUntil: stored?.validUntil ?? '',
      status: 'PENDING',
    });

    const lastDay = [stored?.validUntil ?? '', ...views.map((v) => v.validUntil)].sort().at(-1);
    const afterValidity = new Date(`${lastDay}T16:00:00Z`);

    // Act
    const result = await runExpiryReminders({ ...deps, ...delivery }, afterValidity);

    // Assess
    expect(result.expired).toBe(3);
    for (const view of views) expect(deps.ledger.records.get(view.certificateId)?.status).toBe('EXPIRED');
    expect(deps.ledger.records.get(stored?.certificateId ?? '')?.status).toBe('PENDING');
    expect(await resolveCertificate(deps, stored?.certificateId ?? '')).toBeUndefined();
    expect(
      deps.audit.entries.filter((e) => e.action === 'certificate.expired').map((e) => e.subject),
    ).toEqual(views.map((v) => v.certificateId));
  });
});
