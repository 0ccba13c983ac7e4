/**
 * 容缺受理 on in-memory fakes with a fixed clock: a case submitted with a deferrable material missing, the
 * upload that supplies it after submit, the refusal to issue meanwhile, and the `deferred-materials` job that
 * reminds before the due time and returns the case after it.
 */
import { describe, expect, it } from 'vitest';
import { createCase, recordDecision, submitCase } from '../../../functions/core/cases/case-service.js';
import {
  createUploadUrl,
  ingestUploadedObject,
  putMaterial,
} from '../../../functions/core/cases/materials-service.js';
import { issueCertificates } from '../../../functions/core/certificates/issue-certificates.js';
import type { DomainError } from '../../../functions/core/errors.js';
import {
  type DeferralAction,
  runDeferredMaterials,
} from '../../../functions/core/jobs/deferred-materials.js';
import { DEFERRED_MATERIALS_QUEUE } from '../../../functions/ports/follow-ups.js';
import { applicant, makePdf, makePng, transportForm, transportRequired } from '../../fixtures/cases.js';
import {
  allowAll,
  FixedClock,
  type MemoryCaseDependencies,
  memoryIssuanceDependencies,
} from '../../support/fakes.js';

const PHOTO = 'VEHICLE_LOAD_PHOTOS';
const photoBytes = makePng(800, 1000, 5);
// Thursday 26 March 2026, 16:00 in Shanghai: the photo (3 working days) is due at the end of Tuesday 31 March.
const SUBMITTED_AT = '2026-03-26T08:00:00Z';
const PHOTO_DUE = '2026-03-31T15:59:59.999Z';

const failure = async (promise: Promise<unknown>): Promise<DomainError> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!error) throw new Error('expected a failure');
  return error as DomainError;
};

const putPhoto = (deps: MemoryCaseDependencies, caseId: string) =>
  putMaterial(deps, allowAll, caseId, PHOTO, { bytes: photoBytes, declaredType: 'image/png' });

/** A transport case with every required material but those in `without`, submitted. */
async function caseWithout(deps: MemoryCaseDependencies, without: string[]): Promise<string> {
  const { caseId } = await createCase(deps, allowAll, {
    serviceItemCode: 'TRANSPORT_OVERSIZE_PERMIT',
    applicant,
    form: transportForm,
  });
  for (const code of transportRequired.filter((c) => !without.includes(c))) {
    const view =
      code === PHOTO
        ? await putPhoto(deps, caseId)
        : await putMaterial(deps, allowAll, caseId, code, {
            bytes: await makePdf(`${caseId} ${code}`),
            declaredType: 'application/pdf',
          });
    expect(view.status, code).toBe('ACCEPTED');
  }
  return caseId;
}

async function approve(deps: MemoryCaseDependencies, caseId: string) {
  for (const department of ['交通运输', '住房和城乡建设', '公安'])
    await recordDecision(deps, allowAll, caseId, { department, decision: 'APPROVE' });
}

const setup = () => memoryIssuanceDependencies({ clock: new FixedClock(SUBMITTED_AT) });

describe('submit with deferrable materials missing (容缺受理)', () => {
  it('accepts the case with each deferred material due, and queues it for the job', async () => {
    // Prepare
    const deps = setup();
    const caseId = await caseWithout(deps, [PHOTO]);

    // Act
    const view = await submitCase(deps, allowAll, caseId);

    // Assess
    expect(view.status).toBe('SUBMITTED');
    expect(view.deferred).toEqual([{ materialCode: PHOTO, dueAt: PHOTO_DUE }]);
    expect(view.checklist.find((c) => c.materialCode === PHOTO)?.status).toBe('MISSING');
    expect(deps.followUps.queued(DEFERRED_MATERIALS_QUEUE)).toEqual([
      { queue: DEFERRED_MATERIALS_QUEUE, at: PHOTO_DUE, caseId },
    ]);
    const submitted = deps.audit.entries.find((e) => e.action === 'case.submitted');
    expect(submitted?.details).toMatchObject({ deferred: [PHOTO] });
  });

  it('still refuses a case missing a material that may not be deferred, naming the deferrable ones', async () => {
    const deps = setup();
    const caseId = await caseWithout(deps, [PHOTO, 'BRIDGE_TUNNEL_ASSESSMENT']);

    const error = await failure(submitCase(deps, allowAll, caseId));

    expect(error.code).toBe('MATERIALS_INCOMPLETE');
    expect(error.details).toMatchObject({
      missing: [PHOTO, 'BRIDGE_TUNNEL_ASSESSMENT'],
      deferrable: [PHOTO],
    });
    expect(deps.followUps.entries.size).toBe(0);
  });

  it('refuses issuance with 409 MATERIALS_DEFERRED before any serial is taken, and issues once supplied', async () => {
    // Prepare
    const deps = setup();
    const caseId = await caseWithout(deps, [PHOTO]);
    await submitCase(deps, allowAll, caseId);
    await approve(deps, caseId);
    const request = { certificates: [{ fields: { route: '长沙—岳阳' } }] };

    // Act
    const refused = await failure(issueCertificates(deps, allowAll, caseId, request));
    const supplied = await putPhoto(deps, caseId);
    const issued = await issueCertificates(deps, allowAll, caseId, request);

    // Assess
    expect(refused).toMatchObject({
      kind: 'CONFLICT',
      code: 'MATERIALS_DEFERRED',
      details: { deferred: [{ materialCode: PHOTO, dueAt: PHOTO_DUE }] },
    });
    expect(supplied.status).toBe('ACCEPTED');
    expect(issued).toHaveLength(1);
    // The refused request took no serial: the first licence has serial 1.
    expect(deps.cases.records.get(caseId)?.issuance?.licences[0]?.serial).toBe(1);
    expect(deps.cases.records.get(caseId)?.deferred).toBeUndefined();
    expect(deps.followUps.entries.size).toBe(0);
    const accepted = deps.audit.entries.filter((e) => e.action === 'material.accepted').at(-1);
    expect(accepted?.details).toMatchObject({ materialCode: PHOTO, deferred: true });
  });

  it('takes a deferred material after submit through a presigned upload too, once it lands', async () => {
    // Prepare
    const deps = setup();
    const caseId = await caseWithout(deps, [PHOTO]);
    await submitCase(deps, allowAll, caseId);

    // Act
    await createUploadUrl(deps, allowAll, caseId, PHOTO, 'image/png');
    const key = deps.cases.records.get(caseId)?.pendingUploads[PHOTO]?.objectKey ?? '';
    await deps.materials.put(key, photoBytes, { contentType: 'image/png' });
    const landed = await ingestUploadedObject(deps, key);

    // Assess
    expect(landed).toEqual({ ingested: true });
    const stored = deps.cases.records.get(caseId);
    expect(stored?.materials[PHOTO]).toMatchObject({ status: 'ACCEPTED', objectKey: key });
    expect(stored?.deferred).toBeUndefined();
    expect(deps.followUps.entries.size).toBe(0);
  });

  it('takes after submit only the deferred materials, and nothing once the case is returned', async () => {
    const deps = setup();
    const caseId = await caseWithout(deps, [PHOTO]);
    await submitCase(deps, allowAll, caseId);

    const other = await failure(
      putMaterial(deps, allowAll, caseId, 'VEHICLE_DOCUMENTS', {
        bytes: await makePdf('later'),
        declaredType: 'application/pdf',
      }),
    );
    deps.clock.set('2026-04-01T00:10:00Z');
    await runDeferredMaterials({ ...deps, notify: async () => undefined }, deps.clock.now());
    const late = await failure(putPhoto(deps, caseId));

    expect(other.code).toBe('CASE_NOT_EDITABLE');
    expect(late).toMatchObject({ code: 'CASE_NOT_EDITABLE', details: { status: 'RETURNED' } });
  });
});

describe('the deferred-materials job', () => {
  async function deferredCase() {
    const deps = setup();
    const notified: Array<[string, DeferralAction]> = [];
    const jobDeps = {
      ...deps,
      notify: async (caseId: string, action: DeferralAction) => {
        notified.push([caseId, action]);
      },
    };
    const caseId = await caseWithout(deps, [PHOTO]);
    await submitCase(deps, allowAll, caseId);
    const run = (at: string) => runDeferredMaterials(jobDeps, new Date(at));
    return { deps, caseId, notified, run };
  }

  it('reminds once on the working day before the due day, and returns the case once it is past due', async () => {
    // Prepare
    const { deps, caseId, notified, run } = await deferredCase();

    // Act: Friday (2 working days left), Monday (1 left) twice, Tuesday (due day), Wednesday 08:10.
    const friday = await run('2026-03-27T01:00:00Z');
    const monday = await run('2026-03-30T01:00:00Z');
    const mondayAgain = await run('2026-03-30T01:00:00Z');
    const tuesday = await run('2026-03-31T01:00:00Z');
    const wednesday = await run('2026-04-01T00:10:00Z');
    const after = await run('2026-04-02T00:10:00Z');

    // Assess
    expect(friday).toMatchObject({ reminded: 0, returned: 0 });
    expect(monday).toMatchObject({ reminded: 1, returned: 0 });
    expect(mondayAgain).toMatchObject({ reminded: 0, returned: 0 });
    expect(tuesday).toMatchObject({ reminded: 0, returned: 0 });
    expect(wednesday).toMatchObject({ reminded: 0, returned: 1 });
    expect(after).toMatchObject({ examined: 0, returned: 0 });
    const stored = deps.cases.records.get(caseId);
    expect(stored).toMatchObject({ status: 'RETURNED', returnedAt: '2026-04-01T00:10:00.000Z' });
    expect(stored?.slaQueue).toBeUndefined();
    expect(notified).toEqual([
      [caseId, 'case.deferred-material-due'],
      [caseId, 'case.returned'],
    ]);
    const trail = deps.audit.entries.filter((e) => e.subject === caseId).map((e) => [e.action, e.details]);
    expect(trail).toContainEqual([
      'case.deferred-material-due',
      { materialCodes: [PHOTO], dueAt: PHOTO_DUE },
    ]);
    expect(trail).toContainEqual([
      'case.returned',
      { reason: 'DEFERRED_MATERIALS_OVERDUE', materialCodes: [PHOTO], dueAt: PHOTO_DUE },
    ]);
    expect(deps.followUps.entries.size).toBe(0);
  });

  it('drops the entry of a case whose material was supplied, without a write or a message', async () => {
    const { deps, caseId, notified, run } = await deferredCase();
    await putPhoto(deps, caseId);
    // A supplied case's entry left behind (as a crash between the two writes would leave it).
    await deps.followUps.add({ queue: DEFERRED_MATERIALS_QUEUE, at: PHOTO_DUE, caseId });
    const version = deps.cases.records.get(caseId)?.version;

    const result = await run('2026-04-01T00:10:00Z');

    expect(result).toMatchObject({ examined: 1, dropped: 1, returned: 0, reminded: 0 });
    expect(deps.cases.records.get(caseId)).toMatchObject({ status: 'SUBMITTED', version });
    expect(deps.followUps.entries.size).toBe(0);
    expect(notified).toEqual([]);
  });

  it('returns an approved case whose deferred material never came', async () => {
    const { deps, caseId, run } = await deferredCase();
    await approve(deps, caseId);

    const result = await run('2026-04-01T00:10:00Z');

    expect(result.returned).toBe(1);
    expect(deps.cases.records.get(caseId)?.status).toBe('RETURNED');
  });
});
