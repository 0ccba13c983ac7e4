/**
 * Licences as materials (电子证照自动调取) on in-memory fakes: pulled by the endpoint's service or at case
 * creation (`reuseLicences`), refused for the wrong type, holder or standing, and for another client's licence
 * without the applicant's consentRef; audited on the case and the licence; re-checked at submit and issuance.
 */
import { describe, expect, it } from 'vitest';
import { createCase, getCase, submitCase } from '../../../functions/core/cases/case-service.js';
import { pullLicenceMaterial } from '../../../functions/core/cases/licence-materials.js';
import { deleteMaterial, putMaterial } from '../../../functions/core/cases/materials-service.js';
import type { CaseRecord, Principal } from '../../../functions/core/cases/model.js';
import { holderKeyOf } from '../../../functions/core/certificates/holder-index.js';
import { issueCertificates } from '../../../functions/core/certificates/issue-certificates.js';
import type { CertificateRecord, Holder } from '../../../functions/core/certificates/model.js';
import type { DomainError } from '../../../functions/core/errors.js';
import { applicant, makePdf, makePng, medicalForm, transportForm } from '../../fixtures/cases.js';
import {
  allowAll,
  type MemoryIssuanceDependencies,
  memoryIssuanceDependencies,
} from '../../support/fakes.js';

/** The carrier: an enterprise with a valid GB 32100 check character (test data). */
const carrier = { name: '湖南长大件物流有限公司', creditCode: '91430100MA4L01111G' };
const carrierApplicant = { ...applicant, organization: carrier.name, creditCode: carrier.creditCode };
const carrierHolder: Holder = {
  type: 'ORGANIZATION',
  name: carrier.name,
  idType: '001',
  idNumber: carrier.creditCode,
};
const otherClient: Principal = { clientId: 'client-county', serviceItems: ['*'], departments: ['*'] };

let serial = 0;

/** A committed licence in the ledger, keyed by its holder as issuance keys it. */
async function licence(
  deps: MemoryIssuanceDependencies,
  overrides: Partial<CertificateRecord> = {},
): Promise<CertificateRecord> {
  serial++;
  const holder = overrides.holder ?? carrierHolder;
  const record: CertificateRecord = {
    certificateId: `CERT-${String(serial).padStart(26, '0')}`,
    clientId: allowAll.clientId,
    caseId: `CASE-${String(serial).padStart(26, '0')}`,
    serviceItemCode: 'ROAD_TRANSPORT_BUSINESS_LICENSE',
    batchId: `BATCH-${serial}`,
    status: 'VALID',
    number: `湘交运管许可2026${String(serial).padStart(6, '0')}`,
    identifier: `1.2.156.3005.2.JT0101.11430000006142632K.${serial}.1.X`,
    serial,
    type: 'ROAD_TRANSPORT_BUSINESS_LICENCE',
    typeName: '道路运输经营许可证',
    issuer: '湖南省交通运输厅',
    holder,
    holderKey: await holderKeyOf(deps.holderKeys, holder),
    fields: { enterpriseName: carrier.name, creditCode: carrier.creditCode },
    issuedAt: '2026-01-05T02:00:00.000Z',
    validFrom: '2026-01-05',
    validUntil: '2030-01-04',
    sha256: `${String(serial).padStart(2, '0')}${'a'.repeat(62)}`,
    objectKey: `licences/${serial}.pdf`,
    bytes: 12_345,
    verificationCode: 'CODE',
    sealCertificateSerial: '0a',
    version: 1,
    ...overrides,
  };
  deps.ledger.records.set(record.certificateId, record);
  return record;
}

const openTransportCase = async (
  deps: MemoryIssuanceDependencies,
  extra: { reuseLicences?: boolean; consentRef?: string } = {},
  principal: Principal = allowAll,
) =>
  createCase(deps, principal, {
    serviceItemCode: 'TRANSPORT_OVERSIZE_PERMIT',
    applicant: carrierApplicant,
    form: transportForm,
    ...extra,
  });

const failure = async (promise: Promise<unknown>): Promise<DomainError> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!error) throw new Error('expected a failure');
  return error as DomainError;
};

const PERMIT = 'ROAD_TRANSPORT_BUSINESS_PERMIT';

describe('pulling a licence as a material', () => {
  it("fills the material from the applicant's own in-force licence, audited on the case and on the licence", async () => {
    // Prepare
    const deps = memoryIssuanceDependencies();
    const held = await licence(deps);
    const { caseId } = await openTransportCase(deps);

    // Act
    const material = await pullLicenceMaterial(deps, allowAll, caseId, PERMIT, {});

    // Assess
    expect(material).toMatchObject({
      materialCode: PERMIT,
      status: 'ACCEPTED',
      source: 'E_LICENCE',
      licence: {
        certificateId: held.certificateId,
        number: held.number,
        type: 'ROAD_TRANSPORT_BUSINESS_LICENCE',
        validUntil: '2030-01-04',
      },
      problems: [],
    });
    const view = await getCase(deps, allowAll, caseId);
    expect(view.checklist.find((c) => c.materialCode === PERMIT)).toMatchObject({
      status: 'ACCEPTED',
      source: 'E_LICENCE',
      licence: { certificateId: held.certificateId },
    });
    const onCase = await deps.audit.listBySubject(caseId);
    expect(onCase.at(-1)).toMatchObject({
      action: 'material.licence-pulled',
      actor: allowAll.clientId,
      details: { certificateId: held.certificateId, crossClient: false, materialCode: PERMIT },
    });
    const onLicence = await deps.audit.listBySubject(held.certificateId);
    expect(onLicence.map((e) => [e.action, e.details.caseId])).toEqual([
      ['licence.used-as-material', caseId],
    ]);
  });

  it("takes another client's licence only with the applicant's consentRef, stored and audited", async () => {
    // Prepare
    const deps = memoryIssuanceDependencies();
    const held = await licence(deps, { clientId: otherClient.clientId });
    const { caseId } = await openTransportCase(deps);

    // Act
    const refused = await failure(pullLicenceMaterial(deps, allowAll, caseId, PERMIT, {}));
    const named = await failure(
      pullLicenceMaterial(deps, allowAll, caseId, PERMIT, { certificateId: held.certificateId }),
    );
    const pulled = await pullLicenceMaterial(deps, allowAll, caseId, PERMIT, {
      certificateId: held.certificateId,
      consentRef: 'AUTH-2026-000123',
    });

    // Assess
    expect([refused.code, named.code]).toEqual(['CONSENT_REQUIRED', 'CONSENT_REQUIRED']);
    expect(pulled).toMatchObject({ status: 'ACCEPTED', licence: { certificateId: held.certificateId } });
    expect((await deps.cases.get(caseId))?.materials[PERMIT]?.consentRef).toBe('AUTH-2026-000123');
    const trail = await deps.audit.listBySubject(held.certificateId);
    expect(trail.map((e) => e.details)).toEqual([
      expect.objectContaining({
        caseId,
        consentRef: 'AUTH-2026-000123',
        crossClient: true,
        issuedBy: 'client-county',
      }),
    ]);
  });

  it.each<[string, (deps: MemoryIssuanceDependencies) => Promise<string>, string, unknown]>([
    ['an unknown id', async () => 'CERT-NOPE', 'LICENCE_NOT_FOUND', undefined],
    [
      'a licence of another type',
      async (deps) => (await licence(deps, { type: 'TRANSPORT_OVERSIZE_PASS' })).certificateId,
      'LICENCE_NOT_ACCEPTED',
      'TYPE',
    ],
    [
      'a licence of another holder',
      async (deps) =>
        (
          await licence(deps, {
            holder: { ...carrierHolder, name: '湖南另一家物流有限公司', idNumber: '91430100MA4L01112E' },
          })
        ).certificateId,
      'LICENCE_NOT_ACCEPTED',
      'HOLDER',
    ],
    [
      'a revoked licence',
      async (deps) =>
        (await licence(deps, { status: 'REVOKED', revokedAt: '2026-02-01T00:00:00Z' })).certificateId,
      'LICENCE_NOT_IN_FORCE',
      undefined,
    ],
    [
      'an expired licence',
      async (deps) => (await licence(deps, { validUntil: '2026-03-01' })).certificateId,
      'LICENCE_NOT_IN_FORCE',
      undefined,
    ],
    [
      'a licence not yet in force',
      async (deps) => (await licence(deps, { validFrom: '2026-04-01' })).certificateId,
      'LICENCE_NOT_IN_FORCE',
      undefined,
    ],
  ])('refuses %s', async (_, make, code, reason) => {
    // Prepare
    const deps = memoryIssuanceDependencies();
    const certificateId = await make(deps);
    const { caseId } = await openTransportCase(deps);

    // Act
    const error = await failure(pullLicenceMaterial(deps, allowAll, caseId, PERMIT, { certificateId }));

    // Assess
    expect(error.code).toBe(code);
    if (reason) expect(error.details?.reason).toBe(reason);
    expect((await deps.cases.get(caseId))?.materials[PERMIT]).toBeUndefined();
  });

  it('says LICENCE_NOT_FOUND when the holder has none, LICENCE_NOT_IN_FORCE when none is in force', async () => {
    // Prepare
    const deps = memoryIssuanceDependencies();
    const { caseId } = await openTransportCase(deps);

    // Act
    const none = await failure(pullLicenceMaterial(deps, allowAll, caseId, PERMIT, {}));
    await licence(deps, { status: 'SUSPENDED' });
    const suspended = await failure(pullLicenceMaterial(deps, allowAll, caseId, PERMIT, {}));

    // Assess
    expect([none.code, none.kind]).toEqual(['LICENCE_NOT_FOUND', 'NOT_FOUND']);
    expect([suspended.code, suspended.details?.status]).toEqual(['LICENCE_NOT_IN_FORCE', 'SUSPENDED']);
  });

  it('refuses a material that accepts no licence, and any pull once the case is submitted', async () => {
    // Prepare
    const deps = memoryIssuanceDependencies();
    await licence(deps);
    const { caseId } = await openTransportCase(deps);

    // Act
    const wrongRule = await failure(pullLicenceMaterial(deps, allowAll, caseId, 'APPLICATION_FORM', {}));
    const submitted = structuredClone((await deps.cases.get(caseId)) as CaseRecord);
    submitted.status = 'SUBMITTED';
    submitted.version++;
    await deps.cases.update(submitted, []);
    const notDraft = await failure(pullLicenceMaterial(deps, allowAll, caseId, PERMIT, {}));

    // Assess
    expect(wrongRule.code).toBe('LICENCE_NOT_ACCEPTED');
    expect([notDraft.code, notDraft.kind]).toEqual(['CASE_NOT_EDITABLE', 'CONFLICT']);
  });

  it('replaces an uploaded material and is withdrawn like one', async () => {
    // Prepare
    const deps = memoryIssuanceDependencies();
    await licence(deps);
    const { caseId } = await openTransportCase(deps);
    await putMaterial(deps, allowAll, caseId, PERMIT, {
      bytes: makePng(800, 1000, 9),
      declaredType: 'image/png',
    });
    const uploadedKey = (await deps.cases.get(caseId))?.materials[PERMIT]?.objectKey as string;

    // Act
    await pullLicenceMaterial(deps, allowAll, caseId, PERMIT, {});
    const stored = await deps.materials.get(uploadedKey);
    await deleteMaterial(deps, allowAll, caseId, PERMIT);

    // Assess
    expect(stored).toBeUndefined();
    expect(
      (await getCase(deps, allowAll, caseId)).checklist.find((c) => c.materialCode === PERMIT),
    ).toMatchObject({
      status: 'MISSING',
    });
  });
});

describe('reuseLicences at case creation', () => {
  it('fills every rule that accepts licences from in-force licences; without one the rule stays MISSING', async () => {
    // Prepare
    const deps = memoryIssuanceDependencies();
    const held = await licence(deps);

    // Act
    const reused = await openTransportCase(deps, { reuseLicences: true });
    const plain = await openTransportCase(deps);
    deps.ledger.records.clear();
    const nothing = await openTransportCase(deps, { reuseLicences: true });

    // Assess
    const permitOf = (view: typeof reused) => view.checklist.find((c) => c.materialCode === PERMIT);
    expect(permitOf(reused)).toMatchObject({
      status: 'ACCEPTED',
      source: 'E_LICENCE',
      licence: { number: held.number },
    });
    expect(permitOf(plain)?.status).toBe('MISSING');
    expect(permitOf(nothing)?.status).toBe('MISSING');
    const actions = (await deps.audit.listBySubject(reused.caseId)).map((e) => e.action);
    expect(actions).toEqual(['case.created', 'material.licence-pulled']);
  });

  it("leaves another client's licence out unless the request carries the applicant's consentRef", async () => {
    // Prepare
    const deps = memoryIssuanceDependencies();
    await licence(deps, { clientId: otherClient.clientId });

    // Act
    const without = await openTransportCase(deps, { reuseLicences: true });
    const withConsent = await openTransportCase(deps, {
      reuseLicences: true,
      consentRef: 'AUTH-2026-000777',
    });

    // Assess
    const permitOf = (view: typeof without) => view.checklist.find((c) => c.materialCode === PERMIT);
    expect(permitOf(without)?.status).toBe('MISSING');
    expect(permitOf(withConsent)).toMatchObject({ status: 'ACCEPTED', source: 'E_LICENCE' });
  });
});

describe('the holder a case looks for', () => {
  it("is the form's enterprise where the item issues to it, whoever files the case", async () => {
    // Prepare: a production licence of the enterprise; the case is filed by a person without a credit code.
    const deps = memoryIssuanceDependencies();
    const held = await licence(deps, {
      type: 'MEDICAL_DEVICE_PRODUCTION_LICENCE',
      serviceItemCode: 'MEDICAL_DEVICE_PRODUCTION_LICENSE',
      holder: {
        type: 'ORGANIZATION',
        name: '湖南康达医疗器械有限公司',
        idType: '001',
        idNumber: '91430100MA4L01111G',
      },
    });

    // Act
    const view = await createCase(deps, allowAll, {
      serviceItemCode: 'MEDICAL_DEVICE_EXPORT_CERT',
      applicant,
      form: medicalForm(1),
      reuseLicences: true,
    });

    // Assess
    expect(view.checklist.find((c) => c.materialCode === 'PRODUCTION_LICENCE')).toMatchObject({
      status: 'ACCEPTED',
      source: 'E_LICENCE',
      licence: { certificateId: held.certificateId, type: 'MEDICAL_DEVICE_PRODUCTION_LICENCE' },
    });
  });
});

describe('re-checks of pulled licences', () => {
  async function completeCase(deps: MemoryIssuanceDependencies): Promise<string> {
    const { caseId } = await openTransportCase(deps, { reuseLicences: true });
    for (const code of ['APPLICATION_FORM', 'VEHICLE_DOCUMENTS', 'BRIDGE_TUNNEL_ASSESSMENT']) {
      await putMaterial(deps, allowAll, caseId, code, {
        bytes: await makePdf(`${caseId} ${code}`),
        declaredType: 'application/pdf',
      });
    }
    await putMaterial(deps, allowAll, caseId, 'VEHICLE_LOAD_PHOTOS', {
      bytes: makePng(800, 1000, 4),
      declaredType: 'image/png',
    });
    return caseId;
  }

  it('turns a licence revoked since it was pulled REJECTED at submit, which then refuses the case', async () => {
    // Prepare
    const deps = memoryIssuanceDependencies();
    const held = await licence(deps);
    const caseId = await completeCase(deps);
    deps.ledger.records.set(held.certificateId, { ...held, status: 'REVOKED', version: 2 });

    // Act
    const error = await failure(submitCase(deps, allowAll, caseId));

    // Assess
    expect(error.code).toBe('MATERIALS_INCOMPLETE');
    expect(error.details?.rejected).toEqual([
      { materialCode: PERMIT, problems: [expect.objectContaining({ code: 'LICENCE_NOT_IN_FORCE' })] },
    ]);
    const stored = await deps.cases.get(caseId);
    expect([stored?.status, stored?.materials[PERMIT]?.status]).toEqual(['DRAFT', 'REJECTED']);
    expect((await deps.audit.listBySubject(caseId)).at(-1)).toMatchObject({
      action: 'material.licence-not-in-force',
      details: { certificateId: held.certificateId, status: 'REVOKED' },
    });
  });

  it('submits a case whose pulled licence is still in force', async () => {
    // Prepare
    const deps = memoryIssuanceDependencies();
    await licence(deps);
    const caseId = await completeCase(deps);

    // Act
    const view = await submitCase(deps, allowAll, caseId);

    // Assess
    expect(view.status).toBe('SUBMITTED');
  });

  it('refuses issuance with 409 LICENCE_NOT_IN_FORCE before any serial is taken once the licence is suspended', async () => {
    // Prepare
    const deps = memoryIssuanceDependencies();
    const held = await licence(deps);
    const caseId = await completeCase(deps);
    await submitCase(deps, allowAll, caseId);
    const approved = structuredClone((await deps.cases.get(caseId)) as CaseRecord);
    approved.status = 'APPROVED';
    approved.version++;
    await deps.cases.update(approved, []);
    deps.ledger.records.set(held.certificateId, { ...held, status: 'SUSPENDED', version: 2 });

    // Act
    const error = await failure(
      issueCertificates(deps, allowAll, caseId, { certificates: [{ fields: { route: '长沙—岳阳' } }] }),
    );

    // Assess
    expect([error.kind, error.code]).toEqual(['CONFLICT', 'LICENCE_NOT_IN_FORCE']);
    expect(error.details?.materials).toEqual([
      { materialCode: PERMIT, certificateId: held.certificateId, number: held.number, status: 'SUSPENDED' },
    ]);
    const stored = await deps.cases.get(caseId);
    expect([stored?.status, stored?.issuance, stored?.materials[PERMIT]?.status]).toEqual([
      'APPROVED',
      undefined,
      'REJECTED',
    ]);
    expect(await deps.counters.read(['serial:JT0103:11430000006142632K'])).toEqual({
      'serial:JT0103:11430000006142632K': 0,
    });
  });
});
