/**
 * 预填 on in-memory fakes: form values from the holder's in-force licences by the catalogue's mapping, each
 * with its source; other clients' licences only with consent; audited under the holder key; at case creation
 * (`prefill: true`) the client's values win.
 */
import { describe, expect, it } from 'vitest';
import { createCase } from '../../../functions/core/cases/case-service.js';
import { mergePrefill, prefillForm } from '../../../functions/core/cases/prefill.js';
import { holderKeyOf } from '../../../functions/core/certificates/holder-index.js';
import type { CertificateRecord, Holder } from '../../../functions/core/certificates/model.js';
import type { DomainError } from '../../../functions/core/errors.js';
import { applicant, medicalForm } from '../../fixtures/cases.js';
import {
  allowAll,
  type MemoryIssuanceDependencies,
  memoryIssuanceDependencies,
} from '../../support/fakes.js';

const enterprise = { name: '湖南康达医疗器械有限公司', creditCode: '91430100MA4L01111G' };
const holder: Holder = {
  type: 'ORGANIZATION',
  name: enterprise.name,
  idType: '001',
  idNumber: enterprise.creditCode,
};

let serial = 0;

async function productionLicence(
  deps: MemoryIssuanceDependencies,
  overrides: Partial<CertificateRecord> = {},
): Promise<CertificateRecord> {
  serial++;
  const record: CertificateRecord = {
    certificateId: `CERT-P${String(serial).padStart(25, '0')}`,
    clientId: allowAll.clientId,
    caseId: `CASE-P${String(serial).padStart(25, '0')}`,
    serviceItemCode: 'MEDICAL_DEVICE_PRODUCTION_LICENSE',
    batchId: `BATCH-P${serial}`,
    status: 'VALID',
    number: `湘药监械生产许2026${String(serial).padStart(4, '0')}号`,
    identifier: `1.2.156.3005.2.YJ0201.11430000MB1D715235.${serial}.1.X`,
    serial,
    type: 'MEDICAL_DEVICE_PRODUCTION_LICENCE',
    typeName: '医疗器械生产许可证',
    issuer: '湖南省药品监督管理局',
    holder,
    holderKey: await holderKeyOf(deps.holderKeys, holder),
    fields: {
      enterpriseName: enterprise.name,
      creditCode: enterprise.creditCode,
      residence: '长沙市岳麓区麓谷大道100号',
      productionAddress: '长沙市望城区金星北路8号',
      legalRepresentative: '李四',
      enterpriseLeader: '王五',
      productionScope: 'Ⅱ类：14-注输、护理和防护器械',
    },
    issuedAt: '2026-01-05T02:00:00.000Z',
    validFrom: '2026-01-05',
    validUntil: '2031-01-04',
    sha256: `${String(serial).padStart(2, '0')}${'b'.repeat(62)}`,
    objectKey: `licences/p${serial}.pdf`,
    bytes: 20_000,
    verificationCode: 'CODE',
    sealCertificateSerial: '0a',
    version: 1,
    ...overrides,
  };
  deps.ledger.records.set(record.certificateId, record);
  return record;
}

const failure = async (promise: Promise<unknown>): Promise<DomainError> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!error) throw new Error('expected a failure');
  return error as DomainError;
};

describe('prefillForm', () => {
  it("fills the export certificate's enterprise from the production licence, naming each value's source", async () => {
    // Prepare
    const deps = memoryIssuanceDependencies();
    await productionLicence(deps, { status: 'REVOKED', issuedAt: '2026-02-01T00:00:00.000Z' });
    const held = await productionLicence(deps);

    // Act
    const prefill = await prefillForm(deps, allowAll, 'MEDICAL_DEVICE_EXPORT_CERT', {
      holderCreditCode: enterprise.creditCode,
    });

    // Assess
    expect(prefill.form).toEqual({
      enterpriseName: enterprise.name,
      creditCode: enterprise.creditCode,
      address: '长沙市望城区金星北路8号',
      productionLicenceNumber: held.number,
    });
    expect(prefill.sources['/productionLicenceNumber']).toEqual({
      certificateId: held.certificateId,
      number: held.number,
      field: '$number',
    });
    expect(prefill.sources['/address']?.field).toBe('productionAddress');
  });

  it("uses another client's licence only with consentRef, and audits the look-up under the holder key", async () => {
    // Prepare
    const deps = memoryIssuanceDependencies();
    const held = await productionLicence(deps, { clientId: 'client-county' });
    const key = (await holderKeyOf(deps.holderKeys, holder)) as string;

    // Act
    const without = await prefillForm(deps, allowAll, 'MEDICAL_DEVICE_EXPORT_CERT', {
      holderCreditCode: enterprise.creditCode,
    });
    const withConsent = await prefillForm(deps, allowAll, 'MEDICAL_DEVICE_EXPORT_CERT', {
      holderCreditCode: enterprise.creditCode,
      consentRef: 'AUTH-2026-000123',
    });

    // Assess
    expect(without).toEqual({ form: {}, sources: {} });
    expect(withConsent.form.enterpriseName).toBe(enterprise.name);
    const trail = await deps.audit.listBySubject(key);
    expect(trail.map((e) => e.details)).toEqual([
      expect.objectContaining({ certificateIds: [], idNumber: expect.not.stringContaining('MA4L0111') }),
      expect.objectContaining({ certificateIds: [held.certificateId], consentRef: 'AUTH-2026-000123' }),
    ]);
  });

  it('refuses a holder number that fails its check character, and a query with no or two holders', async () => {
    // Prepare
    const deps = memoryIssuanceDependencies();

    // Act
    const bad = await failure(
      prefillForm(deps, allowAll, 'MEDICAL_DEVICE_EXPORT_CERT', { holderCreditCode: '91430100MA4L01111H' }),
    );
    const none = await failure(prefillForm(deps, allowAll, 'MEDICAL_DEVICE_EXPORT_CERT', {}));
    const both = await failure(
      prefillForm(deps, allowAll, 'MEDICAL_DEVICE_EXPORT_CERT', {
        holderCreditCode: enterprise.creditCode,
        holderIdNumber: applicant.idNumber,
      }),
    );

    // Assess
    expect([bad.kind, bad.code]).toEqual(['UNPROCESSABLE', 'INVALID_HOLDER']);
    expect([none.kind, both.kind]).toEqual(['INVALID', 'INVALID']);
  });
});

describe('prefill at case creation', () => {
  it('takes what the client left out from the licence; what the client sent wins', async () => {
    // Prepare
    const deps = memoryIssuanceDependencies();
    const held = await productionLicence(deps);
    const { address: _address, productionLicenceNumber: _number, ...sent } = medicalForm(1);

    // Act
    const view = await createCase(deps, allowAll, {
      serviceItemCode: 'MEDICAL_DEVICE_EXPORT_CERT',
      applicant,
      form: { ...sent, enterpriseName: '湖南康达医疗器械有限公司（出口部）' },
      prefill: true,
    });

    // Assess
    expect(view.form).toMatchObject({
      enterpriseName: '湖南康达医疗器械有限公司（出口部）',
      address: '长沙市望城区金星北路8号',
      productionLicenceNumber: held.number,
    });
  });

  it('merges objects key by key, the sent value winning', () => {
    expect(mergePrefill({ a: 1, b: { c: 1, d: 2 } }, { b: { d: 3 }, e: 4 })).toEqual({
      a: 1,
      b: { c: 1, d: 3 },
      e: 4,
    });
  });
});
