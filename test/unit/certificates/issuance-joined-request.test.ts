/**
 * A request that loses its reservation to an identical request joins that request's batch without writing
 * the case: every write to the case competes with the batch's own progress (the other requests' commit and
 * audit claims), and under load an identical request that had to win one more write ran out of attempts
 * and answered 409 CONCURRENT_UPDATE instead of the batch's licences.
 */
import { describe, expect, it } from 'vitest';
import type { CaseRecord } from '../../../functions/core/cases/model.js';
import { SERIALS_VOIDED } from '../../../functions/core/certificates/issuance-serials.js';
import { issueCertificates } from '../../../functions/core/certificates/issue-certificates.js';
import { approvedCaseRecord } from '../../fixtures/cases.js';
import { allowAll, memoryIssuanceDependencies } from '../../support/fakes.js';

const approved = (now: string): CaseRecord => approvedCaseRecord('CASE-JOIN', allowAll.clientId, now);

describe('a request that lost its reservation to an identical one', () => {
  it('completes the other batch, voiding its own serials, while the case stays too busy for one more write of it', async () => {
    // Prepare: as this request writes its reservation, an identical request's batch lands first, and the
    // case then loses seven writes in a row to the batch's progress (one short of what a write may retry).
    const deps = memoryIssuanceDependencies();
    deps.cases.records.set('CASE-JOIN', approved(deps.clock.now().toISOString()));
    let mine: CaseRecord['issuance'];
    deps.cases.onUpdate((record) => {
      deps.cases.onUpdate(undefined);
      mine = record.issuance;
      const stored = deps.cases.records.get(record.caseId) as CaseRecord;
      const licences = (mine?.licences ?? []).map((l, i) => ({ ...l, certificateId: `CERT-RIVAL-${i}` }));
      const rival = { ...(mine as NonNullable<CaseRecord['issuance']>), batchId: 'BATCH-RIVAL', licences };
      deps.cases.records.set(record.caseId, { ...stored, issuance: rival, version: stored.version + 1 });
      deps.cases.failNextUpdates(8);
    });

    // Act
    const views = await issueCertificates(deps, allowAll, 'CASE-JOIN', {});

    // Assess
    expect(views.map((v) => v.certificateId)).toEqual(['CERT-RIVAL-0', 'CERT-RIVAL-1']);
    expect(deps.cases.records.get('CASE-JOIN')).toMatchObject({
      status: 'ISSUED',
      issuance: { batchId: 'BATCH-RIVAL', state: 'COMMITTED' },
    });
    const voided = (await deps.audit.listBySubject('CASE-JOIN')).filter((e) => e.action === SERIALS_VOIDED);
    expect(voided.map((e) => [e.details.batchId, e.details.reason])).toEqual([
      [mine?.batchId, 'DUPLICATE_REQUEST'],
    ]);
    // Nothing of the batch that lost was stored (issuance/machine.ts: only a RESERVED batch stores).
    for (const licence of mine?.licences ?? []) {
      expect(deps.licences.objects.has(`licences/${licence.certificateId}.pdf`)).toBe(false);
      expect(await deps.ledger.get(licence.certificateId)).toBeUndefined();
    }
  });
});
