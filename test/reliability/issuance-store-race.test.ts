/**
 * Identical issuance requests racing to store the same licence, on the real adapters (dynalite, s3rver), with
 * the interleavings forced by holding calls at the ports (`FaultInjector.hold`), not by timing luck. The
 * request that reserved the batch writes its ledger record beside its object; an identical request that
 * resumed the batch may store the object first, commit and activate meanwhile. Whoever wins, every request
 * answers 201 with the same licences, and the ledger holds the hash of the object S3 keeps — a licence whose
 * record names bytes that were never stored would never verify.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReliabilityApp, type Reply, startReliabilityApp } from './app.js';
import { approvedCase, cloneApprovedCase } from './flows.js';
import { expectIssuedExactly } from './issuance-checks.js';

/**
 * A batch too large to write its records in the commit's transaction (issuance-commit.ts `recordsInCommit`):
 * its records are written PENDING beside the PDFs, which is the race the first two tests force.
 */
const BATCH = 98;
/** A batch whose records the commit writes (the last test). */
const SMALL_BATCH = 2;
let app: ReliabilityApp;
let template: string;
let smallTemplate: string;

beforeAll(async () => {
  app = await startReliabilityApp({ factory: 'fake' });
  template = await approvedCase(app, BATCH);
  smallTemplate = await approvedCase(app, SMALL_BATCH);
  const factory = app.deps.certificates.factory;
  // As a real renderer may (a fresh document id), every production of a licence gives other bytes: which
  // request's object S3 keeps then matters for the hash the ledger must hold.
  app.deps.certificates.factory = {
    produce: async (input, at) => {
      const sealed = await factory.produce(input, at);
      const bytes = new Uint8Array([...sealed.bytes, ...new TextEncoder().encode(`% ${Math.random()}\n`)]);
      return { ...sealed, bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
    },
  };
});
afterAll(async () => {
  app.faults.reset();
  await app?.close();
});

const issue = (caseId: string) => app.call('POST', `/v1/cases/${caseId}/certificates`, { json: {} });
const idsOf = (reply: Reply): string[] =>
  (reply.body.certificates as Array<{ certificateId: string }>).map((c) => c.certificateId);

/** Each licence's ledger record holds the SHA-256 of the object stored for it. */
async function expectLedgerHoldsStoredHashes(ids: string[]): Promise<void> {
  for (const id of ids) {
    const stored = await app.raw.licences.get(`licences/${id}.pdf`);
    const record = await app.raw.ledger.get(id);
    expect(stored, id).toBeDefined();
    expect(record?.sha256, id).toBe(
      createHash('sha256')
        .update(stored as Uint8Array)
        .digest('hex'),
    );
    expect(record?.bytes, id).toBe(stored?.byteLength);
  }
}

describe('identical requests racing to store a licence', () => {
  it('answers 201 to the reserving request when an identical one stored, committed and activated the batch while its writes were in flight', async () => {
    // Prepare
    const caseId = await cloneApprovedCase(app, template);
    app.faults.reset();
    const object = app.faults.hold('licences.put', 1);
    const record = app.faults.hold('ledger.putPending', 1);

    // Act
    const first = issue(caseId);
    await Promise.all([object.reached, record.reached]);
    const second = await issue(caseId);
    record.release();
    object.release();
    const reserving = await first;

    // Assess
    expect(second.status, second.text).toBe(201);
    expect(reserving.status, reserving.text).toBe(201);
    expect(idsOf(reserving)).toEqual(idsOf(second));
    await expectIssuedExactly(app, caseId, idsOf(second));
    await expectLedgerHoldsStoredHashes(idsOf(second));
  });

  it("keeps the stored licence's hash in the ledger when the reserving request's record lands between the other's record and its activation", async () => {
    // Prepare
    const caseId = await cloneApprovedCase(app, template);
    app.faults.reset();
    const object = app.faults.hold('licences.put', 1);
    const record = app.faults.hold('ledger.putPending', 1);
    const activation = app.faults.hold('ledger.activate', 1);

    // Act
    const first = issue(caseId);
    await Promise.all([object.reached, record.reached]);
    const second = issue(caseId);
    await activation.reached;
    record.release();
    await record.settled;
    activation.release();
    const resuming = await second;
    object.release();
    const reserving = await first;

    // Assess
    expect(resuming.status, resuming.text).toBe(201);
    await expectLedgerHoldsStoredHashes(idsOf(resuming));
    expect(reserving.status, reserving.text).toBe(201);
    expect(idsOf(reserving)).toEqual(idsOf(resuming));
    await expectIssuedExactly(app, caseId, idsOf(resuming));
  });
  it('records the hash of the object S3 keeps when a batch small enough to commit its records loses the store race', async () => {
    // Prepare: the reserving request's first PDF is held; an identical request stores, commits and answers
    const caseId = await cloneApprovedCase(app, smallTemplate);
    app.faults.reset();
    const object = app.faults.hold('licences.put', 1);

    // Act
    const first = issue(caseId);
    await object.reached;
    const second = await issue(caseId);
    object.release();
    const reserving = await first;

    // Assess
    expect(second.status, second.text).toBe(201);
    expect(reserving.status, reserving.text).toBe(201);
    expect(idsOf(reserving)).toEqual(idsOf(second));
    await expectIssuedExactly(app, caseId, idsOf(second));
    await expectLedgerHoldsStoredHashes(idsOf(second));
  });
});
