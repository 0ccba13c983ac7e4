/**
 * Concurrency and the real licence pipeline: 20 identical issuance requests at once (with one Idempotency-Key,
 * and without any) produce exactly one set of licences, one S3 object and one audit entry each; and a fault
 * in the middle of a batch sealed by the real renderer + PAdES sealer leaves no PDF that verifies as VALID.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReliabilityApp, type Reply, startReliabilityApp } from './app.js';
import { approvedCase, cloneApprovedCase, licenceObjectKeys } from './flows.js';
import { expectIssuedExactly, expectNothingIssued, reservedLicences } from './issuance-checks.js';

const BATCH = 4;
const CONCURRENT = 20;
let app: ReliabilityApp;
let template: string;

beforeAll(async () => {
  app = await startReliabilityApp({ factory: 'real' });
  template = await approvedCase(app, BATCH);
});
afterAll(async () => {
  await app?.close();
});

const idsOf = (reply: Reply): string[] =>
  (reply.body.certificates as Array<{ certificateId: string }>).map((c) => c.certificateId);

describe('concurrent issuance', () => {
  it(`issues one set of licences for ${CONCURRENT} concurrent requests with one Idempotency-Key`, async () => {
    // Prepare
    const caseId = await cloneApprovedCase(app, template);
    const objectsBefore = (await licenceObjectKeys(app)).length;
    const send = () =>
      app.call('POST', `/v1/cases/${caseId}/certificates`, {
        json: {},
        headers: { 'idempotency-key': `race-${caseId}` },
      });

    // Act
    const replies = await Promise.all(Array.from({ length: CONCURRENT }, send));
    const settled = await send();

    // Assess
    for (const reply of replies) {
      expect([201, 409], reply.text).toContain(reply.status);
      if (reply.status === 409) expect(reply.body.error.code).toBe('REQUEST_IN_PROGRESS');
    }
    const created = replies.filter((r) => r.status === 201);
    expect(created.length).toBeGreaterThan(0);
    const ids = idsOf(settled);
    expect(ids).toHaveLength(BATCH);
    for (const reply of created) expect(idsOf(reply)).toEqual(ids);
    expect(settled.headers['idempotent-replayed']).toBe('true');
    expect((await licenceObjectKeys(app)).length - objectsBefore).toBe(BATCH);
    await expectIssuedExactly(app, caseId, ids, { upload: true });
  });

  it(`issues one set of licences for ${CONCURRENT} concurrent identical requests without a key`, async () => {
    // Prepare
    const caseId = await cloneApprovedCase(app, template);
    const objectsBefore = (await licenceObjectKeys(app)).length;

    // Act
    const replies = await Promise.all(
      Array.from({ length: CONCURRENT }, () =>
        app.call('POST', `/v1/cases/${caseId}/certificates`, { json: {} }),
      ),
    );

    // Assess
    for (const reply of replies) expect(reply.status, reply.text).toBeLessThan(500);
    const ids = new Set(replies.filter((r) => r.status === 201).flatMap(idsOf));
    expect(ids.size).toBe(BATCH);
    expect((await licenceObjectKeys(app)).length - objectsBefore).toBe(BATCH);
    await expectIssuedExactly(app, caseId, [...ids]);
  });
});

describe('a fault in the middle of a really sealed batch', () => {
  it('leaves no VALID licence when the second signature fails, and a retry seals the same ids', async () => {
    // Prepare
    const caseId = await cloneApprovedCase(app, template);
    const request = { json: {}, headers: { 'idempotency-key': `sealed-${caseId}` } };
    app.faults.reset();
    app.faults.arm({ target: 'signer.sign', nth: 2 });

    // Act
    const first = await app.call('POST', `/v1/cases/${caseId}/certificates`, request);
    const reserved = await reservedLicences(app, caseId);
    await expectNothingIssued(app, caseId);
    const retry = await app.call('POST', `/v1/cases/${caseId}/certificates`, request);

    // Assess
    expect(first.status).toBe(500);
    expect(reserved).toHaveLength(BATCH);
    expect(retry.status, retry.text).toBe(201);
    expect(idsOf(retry)).toEqual(reserved.map((l) => l.certificateId));
    await expectIssuedExactly(app, caseId, idsOf(retry), { upload: true });
  });

  it('keeps a stored but uncommitted PDF from verifying as VALID when its write reply is lost', async () => {
    // Prepare
    const caseId = await cloneApprovedCase(app, template);
    const request = { json: {}, headers: { 'idempotency-key': `lost-${caseId}` } };
    app.faults.reset();
    app.faults.arm({ target: 'licences.put', nth: 1, when: 'after' });

    // Act
    const first = await app.call('POST', `/v1/cases/${caseId}/certificates`, request);
    const stored = await licenceObjectKeys(app);
    const reserved = await reservedLicences(app, caseId);
    await expectNothingIssued(app, caseId);
    const retry = await app.call('POST', `/v1/cases/${caseId}/certificates`, request);

    // Assess
    expect(first.status).toBe(500);
    expect(reserved.some((l) => stored.includes(`licences/${l.certificateId}.pdf`))).toBe(true);
    expect(retry.status, retry.text).toBe(201);
    await expectIssuedExactly(app, caseId, idsOf(retry), { upload: true });
  });
});
