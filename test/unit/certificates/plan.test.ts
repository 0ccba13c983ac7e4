/**
 * planLicences against the shipped catalogue: how many licences, whose fields, and which validity — from the
 * request, the form's trip window, the form's term in years, or the template's validity in days.
 */
import { describe, expect, it } from 'vitest';
import type { CaseRecord } from '../../../functions/core/cases/model.js';
import {
  type IssueRequest,
  MAX_LICENCES_PER_REQUEST,
  planLicences,
} from '../../../functions/core/certificates/plan.js';
import type { DomainError } from '../../../functions/core/errors.js';
import { applicant, medicalForm, transportForm } from '../../fixtures/cases.js';
import { shippedCatalogue } from '../../support/fakes.js';

const catalogue = shippedCatalogue();
const issuedAt = new Date('2026-03-26T08:00:00Z');

const approvedCase = (serviceItemCode: string, form: Record<string, unknown>): CaseRecord => ({
  caseId: 'CASE-TEST',
  clientId: 'client',
  serviceItemCode,
  status: 'APPROVED',
  applicant: { ...applicant, organization: '湖南康达医疗器械有限公司' },
  form,
  materials: {},
  pendingUploads: {},
  decisions: [],
  certificateIds: [],
  createdAt: issuedAt.toISOString(),
  updatedAt: issuedAt.toISOString(),
  version: 3,
});

const plan = (code: string, form: Record<string, unknown>, request: IssueRequest, at = issuedAt) =>
  planLicences(catalogue, catalogue.require(code), approvedCase(code, form), request, at);

const refusal = (run: () => unknown): DomainError => {
  try {
    run();
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('expected a refusal');
};

const transportFields = { route: '长沙市—G4京港澳高速—岳阳市' };
const miningForm = { termYears: 5 };
const miningFields = {
  holderName: '湖南有色矿业有限公司',
  address: '郴州市北湖区',
  mineName: '柿竹园多金属矿',
  economicType: '有限责任公司',
  mineralType: '钨',
  miningMethod: '地下开采',
  productionScale: '100万吨/年',
  areaSquareKm: 12.5,
  miningDepth: '由800米至200米标高',
  termYears: 5,
};

describe('planLicences: how many and with which fields', () => {
  it('plans one licence per product with each product’s fields and the enterprise of the form as holder', () => {
    // Act
    const planned = plan('MEDICAL_DEVICE_EXPORT_CERT', medicalForm(3), {});

    // Assess
    expect(planned).toHaveLength(3);
    expect(planned.map((p) => p.fields.productName)).toEqual([
      '一次性使用无菌注射器1',
      '一次性使用无菌注射器2',
      '一次性使用无菌注射器3',
    ]);
    expect(planned[0]?.fields).toMatchObject({ enterpriseName: '湖南康达医疗器械有限公司', model: '1ml' });
    expect(planned[0]?.holder).toEqual({
      type: 'ORGANIZATION',
      name: '湖南康达医疗器械有限公司',
      idType: '001',
      idNumber: medicalForm(3).creditCode,
    });
  });

  it('applies one shared entry to every product', () => {
    // Prepare
    const holder = { name: '李四', organization: '湖南康达医疗器械有限公司' };

    // Act
    const planned = plan('MEDICAL_DEVICE_EXPORT_CERT', medicalForm(3), {
      certificates: [{ holder, validUntil: '2027-12-31' }],
    });

    // Assess
    const person = { type: 'PERSON', ...holder };
    expect(planned.map((p) => p.holder)).toEqual([person, person, person]);
    expect(planned.map((p) => p.validUntil)).toEqual(['2027-12-31', '2027-12-31', '2027-12-31']);
    expect(new Set(planned.map((p) => p.fields.productName)).size).toBe(3);
  });

  it('applies per-product entries in order, their fields overriding the derived ones', () => {
    // Act
    const planned = plan('MEDICAL_DEVICE_EXPORT_CERT', medicalForm(2), {
      certificates: [{ fields: { model: 'A-1' } }, { fields: { model: 'B-2' } }],
    });

    // Assess
    expect(planned.map((p) => p.fields.model)).toEqual(['A-1', 'B-2']);
    expect(planned[1]?.fields.productName).toBe('一次性使用无菌注射器2');
  });

  it('refuses per-product entries whose count differs from the products with CERTIFICATE_COUNT_MISMATCH', () => {
    // Act
    const error = refusal(() =>
      plan('MEDICAL_DEVICE_EXPORT_CERT', medicalForm(3), { certificates: [{}, {}] }),
    );

    // Assess
    expect(error).toMatchObject({ kind: 'UNPROCESSABLE', code: 'CERTIFICATE_COUNT_MISMATCH' });
    expect(error.details).toEqual({ expected: 3, given: 2 });
  });

  it(`refuses more than ${MAX_LICENCES_PER_REQUEST} licences in one request`, () => {
    // Act
    const perProduct = refusal(() => plan('MEDICAL_DEVICE_EXPORT_CERT', medicalForm(101), {}));
    const perEntry = refusal(() =>
      plan('TRANSPORT_OVERSIZE_PERMIT', transportForm, {
        certificates: Array.from({ length: 101 }, () => ({ fields: transportFields })),
      }),
    );

    // Assess
    expect(perProduct).toMatchObject({ code: 'TOO_MANY_CERTIFICATES', details: { count: 101 } });
    expect(perEntry).toMatchObject({ code: 'TOO_MANY_CERTIFICATES', details: { count: 101 } });
  });

  it('plans exactly 100 licences', () => {
    expect(plan('MEDICAL_DEVICE_EXPORT_CERT', medicalForm(100), {})).toHaveLength(100);
  });

  it('refuses a request without entries for an item that is not issued per form element', () => {
    expect(refusal(() => plan('TRANSPORT_OVERSIZE_PERMIT', transportForm, {})).code).toBe('NO_CERTIFICATES');
  });

  it('refuses fields that do not fit the template with INVALID_FIELDS and request-relative paths', () => {
    // Act
    const error = refusal(() =>
      plan('TRANSPORT_OVERSIZE_PERMIT', transportForm, {
        certificates: [{ fields: transportFields }, { fields: { escortRequired: 'yes' } }],
      }),
    );

    // Assess
    expect(error).toMatchObject({ kind: 'UNPROCESSABLE', code: 'INVALID_FIELDS' });
    expect(error.details?.index).toBe(1);
    const paths = (error.details!.failures as Array<{ path: string }>).map((f) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining(['/certificates/1/fields/route', '/certificates/1/fields/escortRequired']),
    );
  });
});

describe('planLicences: validity', () => {
  it("takes the validity from the form's trip window", () => {
    // Act
    const [planned] = plan('TRANSPORT_OVERSIZE_PERMIT', transportForm, {
      certificates: [{ fields: transportFields }],
    });

    // Assess
    expect(planned).toMatchObject({ validFrom: transportForm.tripStart, validUntil: transportForm.tripEnd });
    expect(planned?.fields).toMatchObject({
      cargoName: '变压器',
      totalWeightTonnes: 120,
      tripEnd: transportForm.tripEnd,
    });
  });

  it('lets the request override the form window', () => {
    // Act
    const [planned] = plan('TRANSPORT_OVERSIZE_PERMIT', transportForm, {
      certificates: [{ fields: transportFields, validFrom: '2026-12-02', validUntil: '2026-12-05' }],
    });

    // Assess
    expect(planned).toMatchObject({ validFrom: '2026-12-02', validUntil: '2026-12-05' });
  });

  it("runs a term in years from today's date in Shanghai to the day before the anniversary", () => {
    // Prepare: 17:00 UTC is already the next day in Shanghai.
    const lateEvening = new Date('2026-03-26T17:00:00Z');

    // Act
    const [planned] = plan(
      'MINING_RIGHT_LICENSE',
      miningForm,
      { certificates: [{ fields: miningFields }] },
      lateEvening,
    );

    // Assess
    expect(planned).toMatchObject({ validFrom: '2026-03-27', validUntil: '2031-03-26' });
  });

  it("counts the template's validity days including the first day", () => {
    // Act
    const [planned] = plan('MEDICAL_DEVICE_EXPORT_CERT', medicalForm(1), {});

    // Assess: 730 days from 2026-03-26 inclusive end on 2028-03-24 (2028 is a leap year).
    expect(planned).toMatchObject({ validFrom: '2026-03-26', validUntil: '2028-03-24' });
  });

  it.each([
    ['ends before it starts', { validFrom: '2027-12-10', validUntil: '2027-12-01' }],
    ['is not a date', { validUntil: '10/12/2026' }],
  ])('refuses a validity that %s with INVALID_VALIDITY', (_label, validity) => {
    // Act
    const error = refusal(() =>
      plan('TRANSPORT_OVERSIZE_PERMIT', transportForm, {
        certificates: [{ fields: transportFields, ...validity }],
      }),
    );

    // Assess
    expect(error).toMatchObject({ kind: 'UNPROCESSABLE', code: 'INVALID_VALIDITY', details: { index: 0 } });
  });

  it('refuses a missing end when neither form nor template gives one', () => {
    // Prepare
    const { tripEnd: _dropped, ...withoutEnd } = transportForm;

    // Act
    const error = refusal(() =>
      plan('TRANSPORT_OVERSIZE_PERMIT', withoutEnd, {
        certificates: [{ fields: { ...transportFields, tripEnd: '2026-12-10' } }],
      }),
    );

    // Assess
    expect(error).toMatchObject({ code: 'INVALID_VALIDITY', details: { validUntil: null } });
  });

  // BUG (functions/core/certificates/plan.ts, `isDate`): `Date.parse('2026-02-30T00:00:00Z')` rolls over to
  // 2 March instead of failing, so an impossible calendar date is accepted and printed on the licence.
  // Fix: also require `new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value`.
  it('refuses an impossible calendar date such as 30 February', () => {
    // Act
    const error = refusal(() =>
      plan('TRANSPORT_OVERSIZE_PERMIT', transportForm, {
        certificates: [{ fields: transportFields, validFrom: '2027-02-01', validUntil: '2027-02-30' }],
      }),
    );

    // Assess
    expect(error).toMatchObject({ code: 'INVALID_VALIDITY', details: { reason: 'ORDER' } });
  });
});
