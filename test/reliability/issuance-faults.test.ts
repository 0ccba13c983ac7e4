/**
 * Fault injection into issuance: the real dynalite/s3rver adapters, wrapped so that one call of one method
 * fails — each adapter method issuance calls, in turn, at its first and its last call, refused before the
 * adapter acts or failing after it acted (lost reply). The first attempt must leave nothing visible as issued
 * unless the fault came after the commit point; a retry with the same Idempotency-Key completes the batch with
 * the reserved ids, exactly once. SMS failures never un-issue a licence.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serialSequence } from '../../functions/core/certificates/issuance-serials.js';
import type { FaultTiming } from '../support/faults.js';
import { type ReliabilityApp, startReliabilityApp } from './app.js';
import { approvedCase, cloneApprovedCase } from './flows.js';
import { expectIssuedExactly, expectNothingIssued, reservedLicences } from './issuance-checks.js';

const BATCH = 3;
let app: ReliabilityApp;
/** An APPROVED case of BATCH products, copied for each scenario. */
let template: string;
/** Calls per `port.method` of one fault-free issuance of BATCH licences. */
let cleanCounts: Record<string, number>;

beforeAll(async () => {
  app = await startReliabilityApp({ factory: 'fake' });
  template = await approvedCase(app, BATCH);
  const caseId = await cloneApprovedCase(app, template);
  app.faults.reset();
  const issued = await app.call('POST', `/v1/cases/${caseId}/certificates`, { json: {} });
  if (issued.status !== 201) throw new Error(`clean issuance failed: ${issued.text}`);
  cleanCounts = app.faults.counts();
});
afterAll(async () => {
  await app?.close();
});

/**
 * Every external call one issuance of BATCH licences makes (without SMS): port.method → number of calls. A
 * fresh batch reads nothing back from S3 or the ledger (only a resumed one does, to reuse what is there).
 */
const issuanceCalls: Record<string, number> = {
  // One read of the case; then the reservation and the commit (whose transaction holds the batch's audit
  // entries: no separate audit append) start from what this request read or wrote.
  'cases.get': 1,
  'cases.update': 2,
  // A hint while the licences are stored: read the audit head the commit's transaction extends.
  'cases.prepareUpdate': 1,
  // The licence serials, then the licences' status-list positions: each block claimed by the batch.
  'counters.reserve': 2,
  'licences.put': BATCH,
  'signer.publicKey': BATCH,
  'signer.sign': BATCH,
  // No ledger call: a batch this small writes its records (VALID) in the commit's transaction, with the case
  // and its audit entries — nothing is written PENDING before it, nothing activated after it.
};
/**
 * Calls whose failure issuance tolerates by design: a failed head read ahead of the commit only means the
 * commit reads it itself. (Statistics are no call of issuance: the cases table's change feed drives them.)
 */
const bestEffort = new Set(['cases.prepareUpdate']);
/**
 * Calls issuance asks again itself: a failed serial reservation is repeated once with the same claim, which
 * returns the block a lost reply hid instead of taking a second one (so the first request succeeds).
 */
const retriedInside = new Set(['counters.reserve']);
const writes = new Set(['cases.update', 'counters.reserve', 'licences.put']);

interface Scenario {
  target: string;
  /** Which call fails: the first, and the last when there are several. */
  nth: number;
  last: boolean;
  when: FaultTiming;
}
const scenarios: Scenario[] = Object.entries(issuanceCalls).flatMap(([target, calls]) =>
  [...new Set([1, calls])].flatMap((nth) =>
    (writes.has(target) ? (['before', 'after'] as const) : (['before'] as const)).map((when) => ({
      target,
      nth,
      last: nth === calls,
      when,
    })),
  ),
);

/** Serials taken so far from the sequence the test cases are numbered in. */
const serialsTaken = async () => {
  const sequence = serialSequence(app.deps.catalogue.require('MEDICAL_DEVICE_EXPORT_CERT'));
  return (await app.deps.certificates.counters.read([sequence]))[sequence] ?? 0;
};

describe('fault injection into issuance', () => {
  it('calls exactly the adapter methods the fault scenarios cover', () => {
    // Assess
    expect(cleanCounts).toEqual(issuanceCalls);
  });

  for (const scenario of scenarios) {
    const which = `call ${scenario.nth}${scenario.last && scenario.nth > 1 ? ' (last)' : ''}`;
    const name = `${scenario.target} ${which} fails ${scenario.when} acting: nothing half-issued, a retry completes it`;
    const test = it;
    test(name, async () => {
      // Prepare
      const caseId = await cloneApprovedCase(app, template);
      const request = { json: {}, headers: { 'idempotency-key': `fault-${caseId}` } };
      const serialsBefore = await serialsTaken();
      app.faults.reset();
      app.faults.arm({ target: scenario.target, nth: scenario.nth, when: scenario.when });

      // Act
      const first = await app.call('POST', `/v1/cases/${caseId}/certificates`, request);
      const fired = !app.faults.pending;
      const reserved = await reservedLicences(app, caseId);
      const afterCommit = (await app.raw.cases.get(caseId))?.status === 'ISSUED';
      if (!afterCommit) await expectNothingIssued(app, caseId);
      const retry = await app.call('POST', `/v1/cases/${caseId}/certificates`, request);

      // Assess
      expect(fired).toBe(true);
      if (bestEffort.has(scenario.target) || retriedInside.has(scenario.target)) {
        expect(first.status, first.text).toBe(201);
        expect((await serialsTaken()) - serialsBefore).toBe(BATCH);
        expect(retry.headers['idempotent-replayed']).toBe('true');
        await expectIssuedExactly(
          app,
          caseId,
          reserved.map((l) => l.certificateId),
        );
        return;
      }
      expect(first.status, first.text).toBe(500);
      expect(first.body.error).toMatchObject({
        code: 'INTERNAL_ERROR',
        requestId: first.headers['x-request-id'],
      });
      expect(retry.status, retry.text).toBe(201);
      const ids = (retry.body.certificates as Array<{ certificateId: string }>).map((c) => c.certificateId);
      expect(ids).toHaveLength(BATCH);
      if (reserved.length > 0) expect(ids).toEqual(reserved.map((l) => l.certificateId));
      await expectIssuedExactly(app, caseId, ids);
    });
  }

  for (const target of ['sms.send', 'links.put'] as const) {
    it(`issues every licence when ${target} fails, reports the request's one SMS as failed and can resend a licence's`, async () => {
      // Prepare
      const caseId = await cloneApprovedCase(app, template);
      app.faults.reset();
      app.faults.arm({ target, nth: 1 });

      // Act
      const issued = await app.call('POST', `/v1/cases/${caseId}/certificates`, {
        json: { notify: { mobile: '13800138000' } },
        headers: { 'idempotency-key': `sms-${caseId}` },
      });
      const ids = (issued.body.certificates as Array<{ certificateId: string }>).map((c) => c.certificateId);
      const notifications = issued.body.notifications as Array<{ certificateId: string; status: string }>;
      const resent = await app.call('POST', `/v1/certificates/${ids[1]}/notifications`, {
        json: { mobile: '13800138000' },
      });

      // Assess: one message for the request (办件提醒), failed; the licences stay issued.
      expect(issued.status, issued.text).toBe(201);
      expect(notifications.map((n) => n.certificateId)).toEqual(ids);
      expect(new Set(notifications.map((n) => n.status))).toEqual(new Set(['FAILED']));
      await expectIssuedExactly(app, caseId, ids);
      const trail = await app.deps.audit.listBySubject(caseId);
      expect(trail.map((e) => e.action)).toContain('case.sms-failed');
      expect(resent.status, resent.text).toBe(202);
    });
  }
});
