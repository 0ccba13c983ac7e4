/**
 * 告知承诺制 on in-memory fakes: the pledge in place of the drivers' certificates, its document, the check
 * scheduled at approval and listed, and a FALSE outcome revoking the case's licences and barring the holder.
 */
import { describe, expect, it } from 'vitest';
import { createCase, recordDecision, submitCase } from '../../../functions/core/cases/case-service.js';
import { putMaterial } from '../../../functions/core/cases/materials-service.js';
import type { Principal } from '../../../functions/core/cases/model.js';
import { issueCertificates } from '../../../functions/core/certificates/issue-certificates.js';
import type { DomainError } from '../../../functions/core/errors.js';
import {
  listPledgeChecks,
  PLEDGE_FALSE,
  recordPledgeCheck,
} from '../../../functions/core/pledges/pledge-checks.js';
import type { PledgeDocumentInput } from '../../../functions/core/pledges/pledge-document.js';
import { signPledge } from '../../../functions/core/pledges/sign-pledge.js';
import { pledgeCheckQueue } from '../../../functions/ports/follow-ups.js';
import { applicant, carrier, makePdf, roadForm } from '../../fixtures/cases.js';
import {
  allowAll,
  FixedClock,
  type MemoryIssuanceDependencies,
  memoryIssuanceDependencies,
} from '../../support/fakes.js';

const ROAD = 'ROAD_TRANSPORT_BUSINESS_LICENSE';
const notReplaced = [
  'APPLICATION_FORM',
  'LEGAL_REPRESENTATIVE_ID',
  'VEHICLE_DOCUMENTS',
  'SAFETY_MANAGEMENT_SYSTEM',
];

const failure = async (promise: Promise<unknown>): Promise<DomainError> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!error) throw new Error('expected a failure');
  return error as DomainError;
};

function setup() {
  const rendered: PledgeDocumentInput[] = [];
  const deps = memoryIssuanceDependencies({ clock: new FixedClock('2026-03-26T08:00:00Z') });
  const pledgeDeps = {
    ...deps,
    pledgeDocuments: {
      render: async (input: PledgeDocumentInput) => {
        rendered.push(input);
        return new TextEncoder().encode(`%PDF-1.7 pledge ${input.caseId} ${input.signatory}`);
      },
    },
  };
  return { deps, pledgeDeps, rendered };
}

async function openRoadCase(deps: MemoryIssuanceDependencies, creditCode = carrier.creditCode) {
  const { caseId } = await createCase(deps, allowAll, {
    serviceItemCode: ROAD,
    applicant: { ...applicant, organization: carrier.name, creditCode },
    form: { ...roadForm, creditCode },
  });
  return caseId;
}

async function uploadRest(deps: MemoryIssuanceDependencies, caseId: string) {
  for (const code of notReplaced) {
    const view = await putMaterial(deps, allowAll, caseId, code, {
      bytes: await makePdf(`${caseId} ${code}`),
      declaredType: 'application/pdf',
    });
    expect(view.status, code).toBe('ACCEPTED');
  }
}

describe('signing the pledge', () => {
  it('stores the pledge document, hashed and audited, and satisfies the replaced material with it', async () => {
    // Prepare
    const { deps, pledgeDeps, rendered } = setup();
    const caseId = await openRoadCase(deps);

    // Act
    const view = await signPledge(pledgeDeps, allowAll, caseId, { signatory: '陈卫', accepted: true });
    await uploadRest(deps, caseId);
    const submitted = await submitCase(deps, allowAll, caseId);

    // Assess
    const stored = deps.cases.records.get(caseId);
    const bytes = await deps.materials.get(stored?.pledge?.objectKey ?? '');
    expect(new TextDecoder().decode(bytes)).toContain('陈卫');
    expect(view.pledge).toMatchObject({ signatory: '陈*', replaces: ['DRIVER_QUALIFICATIONS'] });
    expect(view.pledge?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(view.checklist.find((c) => c.materialCode === 'DRIVER_QUALIFICATIONS')).toMatchObject({
      status: 'ACCEPTED',
      source: 'PLEDGE',
    });
    expect(rendered[0]).toMatchObject({
      itemCode: ROAD,
      signatory: '陈卫',
      organization: carrier.name,
      replaces: [{ code: 'DRIVER_QUALIFICATIONS', name: '驾驶人员驾驶证及从业资格证' }],
      checkWithinWorkingDays: 20,
      barDays: 365,
    });
    expect(rendered[0]?.basis).toContain('国办发〔2020〕42号');
    const audit = deps.audit.entries.find((e) => e.action === 'case.pledge-signed');
    expect(audit?.details).toMatchObject({
      sha256: view.pledge?.sha256,
      replaces: ['DRIVER_QUALIFICATIONS'],
    });
    expect(JSON.stringify(audit)).not.toContain('陈卫');
    expect(submitted.status).toBe('SUBMITTED');
  });

  it('is refused for an item without a pledge, a submitted case and a second signature', async () => {
    const { deps, pledgeDeps } = setup();
    const { caseId: transport } = await createCase(deps, allowAll, {
      serviceItemCode: 'MEDICAL_DEVICE_EXPORT_CERT',
      applicant,
      form: deps.catalogue.sample('MEDICAL_DEVICE_EXPORT_CERT', deps.clock.now()).form,
    });
    const road = await openRoadCase(deps);
    await signPledge(pledgeDeps, allowAll, road, { signatory: '陈卫', accepted: true });

    const notOffered = await failure(
      signPledge(pledgeDeps, allowAll, transport, { signatory: '甲', accepted: true }),
    );
    const twice = await failure(
      signPledge(pledgeDeps, allowAll, road, { signatory: '陈卫', accepted: true }),
    );

    expect(notOffered).toMatchObject({ kind: 'UNPROCESSABLE', code: 'PLEDGE_NOT_OFFERED' });
    expect(twice).toMatchObject({ kind: 'CONFLICT', code: 'PLEDGE_ALREADY_SIGNED' });
  });
});

describe('the pledge check (事后核查)', () => {
  async function issuedPledgedCase(creditCode?: string) {
    const ctx = setup();
    const caseId = await openRoadCase(ctx.deps, creditCode);
    await signPledge(ctx.pledgeDeps, allowAll, caseId, { signatory: '陈卫', accepted: true });
    await uploadRest(ctx.deps, caseId);
    await submitCase(ctx.deps, allowAll, caseId);
    await recordDecision(ctx.deps, allowAll, caseId, { department: '交通运输', decision: 'APPROVE' });
    const [licence] = await issueCertificates(ctx.deps, allowAll, caseId, {
      certificates: [{ fields: { businessScope: '道路普通货物运输' } }],
    });
    return { ...ctx, caseId, licence };
  }

  it('falls due 20 working days after approval and is listed for the case’s client only', async () => {
    // Prepare
    const { deps, caseId } = await issuedPledgedCase();
    const other: Principal = { clientId: 'client-other', serviceItems: ['*'], departments: ['*'] };

    // Act
    const early = await listPledgeChecks(deps, allowAll, { dueBefore: '2026-04-23' });
    const due = await listPledgeChecks(deps, allowAll, { dueBefore: '2026-04-24' });
    const others = await listPledgeChecks(deps, other, { dueBefore: '2026-12-31' });

    // Assess: 20 working days from Thursday 26 March 2026 across Qingming (4–6 April) → Friday 24 April.
    const dueAt = '2026-04-24T15:59:59.999Z';
    expect(deps.cases.records.get(caseId)?.pledge?.check).toEqual({ dueAt, status: 'PENDING' });
    expect(deps.followUps.queued(pledgeCheckQueue(allowAll.clientId))).toHaveLength(1);
    expect(early.items).toEqual([]);
    expect(due.items).toEqual([{ caseId, serviceItemCode: ROAD, dueAt, status: 'PENDING' }]);
    expect(others.items).toEqual([]);
  });

  it('FALSE revokes the licences with PLEDGE_FALSE and bars the holder from the item’s next pledge', async () => {
    // Prepare
    const { deps, pledgeDeps, caseId, licence } = await issuedPledgedCase();

    // Act
    const checked = await recordPledgeCheck(deps, allowAll, caseId, {
      department: '交通运输',
      outcome: 'FALSE',
    });
    const again = await recordPledgeCheck(deps, allowAll, caseId, {
      department: '交通运输',
      outcome: 'FALSE',
    });
    const changed = await failure(
      recordPledgeCheck(deps, allowAll, caseId, { department: '交通运输', outcome: 'CONFIRMED' }),
    );
    const next = await openRoadCase(deps);
    const barred = await failure(
      signPledge(pledgeDeps, allowAll, next, { signatory: '陈卫', accepted: true }),
    );
    // Another enterprise (another credit code) may still pledge.
    const otherHolder = await openRoadCase(deps, '91430111MA4L16JQ9B');
    const allowed = await signPledge(pledgeDeps, allowAll, otherHolder, {
      signatory: '李四',
      accepted: true,
    });

    // Assess
    expect(checked.pledge?.check).toMatchObject({ status: 'FALSE', department: '交通运输' });
    expect(again.pledge?.check?.status).toBe('FALSE');
    expect(changed.code).toBe('PLEDGE_CHECK_ALREADY_RECORDED');
    expect(deps.ledger.records.get(licence?.certificateId ?? '')).toMatchObject({
      status: 'REVOKED',
      revocationReason: PLEDGE_FALSE,
    });
    expect(barred).toMatchObject({ kind: 'FORBIDDEN', code: 'PLEDGE_BARRED' });
    expect(barred.details?.barredUntil).toBe('2027-03-26T08:00:00.000Z');
    expect(allowed.pledge).toBeDefined();
    expect(deps.audit.actions().filter((a) => a === 'certificate.revoked')).toHaveLength(1);
    expect(deps.audit.actions().filter((a) => a === 'case.pledge-checked')).toHaveLength(1);
  });

  it('CONFIRMED leaves the licences in force, and a case without a pledge has no check', async () => {
    const { deps, caseId, licence } = await issuedPledgedCase();
    const plain = await openRoadCase(deps);

    await recordPledgeCheck(deps, allowAll, caseId, { department: '交通运输', outcome: 'CONFIRMED' });
    const none = await failure(
      recordPledgeCheck(deps, allowAll, plain, { department: '交通运输', outcome: 'FALSE' }),
    );

    expect(deps.ledger.records.get(licence?.certificateId ?? '')?.status).toBe('VALID');
    expect(none.code).toBe('PLEDGE_CHECK_NOT_DUE');
  });
});
