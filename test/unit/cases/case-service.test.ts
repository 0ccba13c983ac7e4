/**
 * Case services on in-memory fakes: opening a case, submitting it (completeness, conditional materials) and
 * the parallel decisions of the approving departments.
 */
import { describe, expect, it } from 'vitest';
import {
  createCase,
  getCase,
  recordDecision,
  submitCase,
} from '../../../functions/core/cases/case-service.js';
import { putMaterial } from '../../../functions/core/cases/materials-service.js';
import type { Principal } from '../../../functions/core/cases/model.js';
import type { DomainError } from '../../../functions/core/errors.js';
import { applicant, makePdf, makePng, transportForm, transportRequired } from '../../fixtures/cases.js';
import { allowAll, type MemoryCaseDependencies, memoryCaseDependencies } from '../../support/fakes.js';

const departments = ['交通运输', '住房和城乡建设', '公安'];

const openCase = async (deps: MemoryCaseDependencies, form: Record<string, unknown> = transportForm) =>
  (await createCase(deps, allowAll, { serviceItemCode: 'TRANSPORT_OVERSIZE_PERMIT', applicant, form }))
    .caseId;

// Encoding an 800×1000 PNG is the slowest step here; one photo serves every case.
const photoBytes = makePng(800, 1000, 3);

async function upload(deps: MemoryCaseDependencies, caseId: string, codes: readonly string[]) {
  for (const code of codes) {
    const photo = code === 'VEHICLE_LOAD_PHOTOS';
    const bytes = photo ? photoBytes : await makePdf(`${caseId} ${code}`);
    const view = await putMaterial(deps, allowAll, caseId, code, {
      bytes,
      declaredType: photo ? 'image/png' : 'application/pdf',
    });
    expect(view.status, code).toBe('ACCEPTED');
  }
}

async function submittedCase(deps: MemoryCaseDependencies): Promise<string> {
  const caseId = await openCase(deps);
  await upload(deps, caseId, transportRequired);
  await submitCase(deps, allowAll, caseId);
  return caseId;
}

const failure = async (promise: Promise<unknown>): Promise<DomainError> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!error) throw new Error('expected a failure');
  return error as DomainError;
};

describe('createCase', () => {
  it('opens a DRAFT owned by the caller, masks the applicant in the view and audits without personal data', async () => {
    // Prepare
    const deps = memoryCaseDependencies();

    // Act
    const view = await createCase(deps, allowAll, {
      serviceItemCode: 'TRANSPORT_OVERSIZE_PERMIT',
      applicant: { ...applicant, mobile: '+86 138-0013-8000' },
      form: transportForm,
    });

    // Assess
    const stored = deps.cases.records.get(view.caseId);
    expect(view.caseId).toMatch(/^CASE-[0-9A-Z]{26}$/);
    expect(view.status).toBe('DRAFT');
    expect(view.applicant).toEqual({ name: '张*丰', idNumber: '110***********002X', mobile: '138****8000' });
    expect(stored).toMatchObject({ clientId: allowAll.clientId, version: 1 });
    expect(stored?.applicant.mobile).toBe('13800138000');
    expect(deps.audit.actions()).toEqual(['case.created']);
    expect(JSON.stringify(deps.audit.entries)).not.toContain(applicant.idNumber);
  });

  it('refuses a form that does not fit the item with 422 INVALID_FORM naming each failing path', async () => {
    // Prepare
    const deps = memoryCaseDependencies();
    const form = { ...transportForm, axleCount: 'six', cargo: { name: '变压器' } };

    // Act
    const error = await failure(
      createCase(deps, allowAll, { serviceItemCode: 'TRANSPORT_OVERSIZE_PERMIT', applicant, form }),
    );

    // Assess
    expect(error).toMatchObject({ kind: 'UNPROCESSABLE', code: 'INVALID_FORM' });
    const paths = (error.details!.failures as Array<{ path: string }>).map((f) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining(['/axleCount', '/cargo/weightTonnes', '/cargo/indivisible']),
    );
    expect(deps.cases.records.size).toBe(0);
  });

  it.each([
    ['a wrong ID check character', { idNumber: '110105194912310021' }, ['/applicant/idNumber']],
    ['an impossible birth date', { idNumber: '110105194902300027' }, ['/applicant/idNumber']],
    ['a landline as mobile', { mobile: '07318888888' }, ['/applicant/mobile']],
    [
      'both wrong',
      { idNumber: '11010519491231002Y', mobile: '12800138000' },
      ['/applicant/idNumber', '/applicant/mobile'],
    ],
  ])('refuses %s with 422 INVALID_APPLICANT', async (_label, change, paths) => {
    // Prepare
    const deps = memoryCaseDependencies();

    // Act
    const error = await failure(
      createCase(deps, allowAll, {
        serviceItemCode: 'TRANSPORT_OVERSIZE_PERMIT',
        applicant: { ...applicant, ...change },
        form: transportForm,
      }),
    );

    // Assess
    expect(error).toMatchObject({ kind: 'UNPROCESSABLE', code: 'INVALID_APPLICANT' });
    expect((error.details!.failures as Array<{ path: string }>).map((f) => f.path)).toEqual(paths);
    expect(deps.cases.records.size).toBe(0);
  });

  it('refuses a principal scoped to other service items with 403 and creates nothing', async () => {
    // Prepare
    const deps = memoryCaseDependencies();
    const scoped: Principal = {
      clientId: 'police',
      serviceItems: ['DRUG_PRODUCTION_LICENSE'],
      departments: ['公安'],
    };

    // Act
    const error = await failure(
      createCase(deps, scoped, {
        serviceItemCode: 'TRANSPORT_OVERSIZE_PERMIT',
        applicant,
        form: transportForm,
      }),
    );

    // Assess
    expect(error).toMatchObject({ kind: 'FORBIDDEN', code: 'FORBIDDEN_SERVICE_ITEM' });
    expect(deps.cases.records.size).toBe(0);
    expect(deps.audit.entries).toHaveLength(0);
  });

  it("answers 404 for another client's case as for a missing one", async () => {
    // Prepare
    const deps = memoryCaseDependencies();
    const caseId = await openCase(deps);
    const other: Principal = { ...allowAll, clientId: 'someone-else' };

    // Act
    const foreign = await failure(getCase(deps, other, caseId));
    const missing = await failure(getCase(deps, allowAll, 'CASE-00000000000000000000000000'));

    // Assess
    expect(foreign.code).toBe('CASE_NOT_FOUND');
    expect(missing.code).toBe('CASE_NOT_FOUND');
  });
});

describe('submitCase', () => {
  it('lists every missing required material and every rejected one with 422 MATERIALS_INCOMPLETE', async () => {
    // Prepare
    const deps = memoryCaseDependencies();
    const caseId = await openCase(deps);
    await upload(deps, caseId, ['APPLICATION_FORM']);
    await putMaterial(deps, allowAll, caseId, 'VEHICLE_LOAD_PHOTOS', {
      bytes: makePng(100, 100),
      declaredType: 'image/png',
    });

    // Act
    const error = await failure(submitCase(deps, allowAll, caseId));

    // Assess
    expect(error).toMatchObject({ kind: 'UNPROCESSABLE', code: 'MATERIALS_INCOMPLETE' });
    expect((error.details!.missing as string[]).sort()).toEqual(
      ['BRIDGE_TUNNEL_ASSESSMENT', 'ROAD_TRANSPORT_BUSINESS_PERMIT', 'VEHICLE_DOCUMENTS'].sort(),
    );
    const rejected = error.details!.rejected as Array<{
      materialCode: string;
      problems: Array<{ code: string }>;
    }>;
    expect(rejected.map((r) => r.materialCode)).toEqual(['VEHICLE_LOAD_PHOTOS']);
    expect(rejected[0]?.problems.map((p) => p.code)).toContain('IMAGE_TOO_SMALL');
    expect(deps.cases.records.get(caseId)?.status).toBe('DRAFT');
  });

  it('requires the bridge assessment for a transport over 100 t', async () => {
    // Prepare
    const deps = memoryCaseDependencies();
    const caseId = await openCase(deps, { ...transportForm, totalWeightTonnes: 100.5 });
    await upload(
      deps,
      caseId,
      transportRequired.filter((c) => c !== 'BRIDGE_TUNNEL_ASSESSMENT'),
    );

    // Act
    const error = await failure(submitCase(deps, allowAll, caseId));

    // Assess
    expect(error.code).toBe('MATERIALS_INCOMPLETE');
    expect(error.details?.missing).toEqual(['BRIDGE_TUNNEL_ASSESSMENT']);
  });

  it('submits a transport of 100 t or less without the bridge assessment and sets the due date', async () => {
    // Prepare
    const deps = memoryCaseDependencies();
    const caseId = await openCase(deps, { ...transportForm, totalWeightTonnes: 95 });
    await upload(
      deps,
      caseId,
      transportRequired.filter((c) => c !== 'BRIDGE_TUNNEL_ASSESSMENT'),
    );

    // Act
    const view = await submitCase(deps, allowAll, caseId);

    // Assess
    expect(view.status).toBe('SUBMITTED');
    expect(view.checklist.find((c) => c.materialCode === 'BRIDGE_TUNNEL_ASSESSMENT')?.required).toBe(false);
    expect(view.submittedAt).toBe(deps.clock.now().toISOString());
    expect(Date.parse(view.dueAt ?? '')).toBeGreaterThan(deps.clock.now().getTime());
    expect(view.pendingDepartments).toEqual(departments);
    expect(deps.audit.actions().at(-1)).toBe('case.submitted');
  });

  it('refuses a second submit with 409 CASE_NOT_EDITABLE', async () => {
    // Prepare
    const deps = memoryCaseDependencies();
    const caseId = await submittedCase(deps);

    // Act
    const error = await failure(submitCase(deps, allowAll, caseId));

    // Assess
    expect(error).toMatchObject({ kind: 'CONFLICT', code: 'CASE_NOT_EDITABLE' });
  });
});

describe('recordDecision', () => {
  it('approves only once all three departments approved, also when they decide concurrently', async () => {
    // Prepare
    const deps = memoryCaseDependencies();
    const caseId = await submittedCase(deps);

    // Act
    const views = await Promise.all(
      departments.map((department) =>
        recordDecision(deps, allowAll, caseId, { department, decision: 'APPROVE' }),
      ),
    );

    // Assess
    const stored = deps.cases.records.get(caseId);
    expect(stored?.status).toBe('APPROVED');
    expect(stored?.decisions.map((d) => d.department).sort()).toEqual([...departments].sort());
    expect(views.filter((v) => v.status === 'APPROVED')).toHaveLength(1);
    expect(deps.audit.actions().filter((a) => a === 'case.decision')).toHaveLength(3);
    expect(deps.audit.actions().at(-1)).toBe('case.approved');
  });

  it('rejects the case on a single REJECT', async () => {
    // Prepare
    const deps = memoryCaseDependencies();
    const caseId = await submittedCase(deps);
    await recordDecision(deps, allowAll, caseId, { department: '交通运输', decision: 'APPROVE' });

    // Act
    const view = await recordDecision(deps, allowAll, caseId, {
      department: '公安',
      decision: 'REJECT',
      comment: '路线不可行',
    });

    // Assess
    expect(view.status).toBe('REJECTED');
    expect(view.decisions.at(-1)).toMatchObject({
      department: '公安',
      decision: 'REJECT',
      comment: '路线不可行',
    });
  });

  it('refuses a second decision of one department with 409 DECISION_ALREADY_RECORDED', async () => {
    // Prepare
    const deps = memoryCaseDependencies();
    const caseId = await submittedCase(deps);
    await recordDecision(deps, allowAll, caseId, { department: '公安', decision: 'APPROVE' });

    // Act
    const error = await failure(
      recordDecision(deps, allowAll, caseId, { department: '公安', decision: 'REJECT' }),
    );

    // Assess
    expect(error).toMatchObject({ kind: 'CONFLICT', code: 'DECISION_ALREADY_RECORDED' });
    expect(deps.cases.records.get(caseId)?.decisions).toHaveLength(1);
  });

  it('refuses a department the item does not list with 422 and one the principal may not act for with 403', async () => {
    // Prepare
    const deps = memoryCaseDependencies();
    const caseId = await submittedCase(deps);
    const policeOnly: Principal = { ...allowAll, departments: ['公安'] };

    // Act
    const unknown = await failure(
      recordDecision(deps, allowAll, caseId, { department: '财政', decision: 'APPROVE' }),
    );
    const forbidden = await failure(
      recordDecision(deps, policeOnly, caseId, { department: '交通运输', decision: 'APPROVE' }),
    );

    // Assess
    expect(unknown).toMatchObject({ kind: 'UNPROCESSABLE', code: 'UNKNOWN_DEPARTMENT' });
    expect(forbidden).toMatchObject({ kind: 'FORBIDDEN', code: 'FORBIDDEN_DEPARTMENT' });
    expect(deps.cases.records.get(caseId)?.decisions).toEqual([]);
  });

  it('refuses decisions on a DRAFT with 409 CASE_NOT_SUBMITTED', async () => {
    // Prepare
    const deps = memoryCaseDependencies();
    const caseId = await openCase(deps);

    // Act
    const error = await failure(
      recordDecision(deps, allowAll, caseId, { department: '公安', decision: 'APPROVE' }),
    );

    // Assess
    expect(error).toMatchObject({ kind: 'CONFLICT', code: 'CASE_NOT_SUBMITTED' });
  });
});

describe('mutateCase (through recordDecision)', () => {
  it('retries a lost race and succeeds with one write', async () => {
    // Prepare
    const deps = memoryCaseDependencies();
    const caseId = await submittedCase(deps);
    const before = deps.cases.records.get(caseId)?.version ?? 0;
    deps.cases.failNextUpdates(3);
    const callsBefore = deps.cases.updateCalls;

    // Act
    await recordDecision(deps, allowAll, caseId, { department: '公安', decision: 'APPROVE' });

    // Assess
    expect(deps.cases.updateCalls - callsBefore).toBe(4);
    expect(deps.cases.records.get(caseId)?.version).toBe(before + 1);
    expect(deps.audit.actions().filter((a) => a === 'case.decision')).toHaveLength(1);
  });

  it('re-runs its checks on the reloaded case, so a rival decision of the same department wins', async () => {
    // Prepare
    const deps = memoryCaseDependencies();
    const caseId = await submittedCase(deps);
    let rivalDone = false;
    deps.cases.onUpdate(() => {
      if (rivalDone) return;
      rivalDone = true;
      const stored = deps.cases.records.get(caseId);
      if (!stored) return;
      stored.decisions.push({
        department: '公安',
        decision: 'REJECT',
        at: stored.updatedAt,
        clientId: 'rival',
      });
      stored.status = 'REJECTED';
      stored.version += 1;
    });

    // Act
    const error = await failure(
      recordDecision(deps, allowAll, caseId, { department: '公安', decision: 'APPROVE' }),
    );

    // Assess
    expect(error.code).toBe('DECISION_ALREADY_RECORDED');
    expect(deps.cases.records.get(caseId)?.decisions.map((d) => d.clientId)).toEqual(['rival']);
  });

  it('gives up after repeated lost races with 409 CONCURRENT_UPDATE and Retry-After', async () => {
    // Prepare
    const deps = memoryCaseDependencies();
    const caseId = await submittedCase(deps);
    deps.cases.failNextUpdates(100);

    // Act
    const error = await failure(
      recordDecision(deps, allowAll, caseId, { department: '公安', decision: 'APPROVE' }),
    );

    // Assess
    expect(error).toMatchObject({ kind: 'CONFLICT', code: 'CONCURRENT_UPDATE', retryAfterSeconds: 1 });
    expect(deps.cases.records.get(caseId)?.decisions).toEqual([]);
  });
});
