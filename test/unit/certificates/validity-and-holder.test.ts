/**
 * A licence is right the moment it is sealed: never already expired, never past the registration it certifies,
 * verified NOT_YET_VALID before its first day, naming the enterprise as holder for an enterprise, and refusing
 * characters it cannot print before any serial is taken.
 */
import { describe, expect, it } from 'vitest';
import { licenceGlyphCoverage } from '../../../functions/adapters/licence-glyphs.js';
import type { CaseRecord } from '../../../functions/core/cases/model.js';
import { issueCertificates } from '../../../functions/core/certificates/issue-certificates.js';
import type { IssueRequest } from '../../../functions/core/certificates/plan.js';
import { verifyByCode } from '../../../functions/core/certificates/verify-licence.js';
import type { DomainError } from '../../../functions/core/errors.js';
import { applicant, approvedCaseRecord, medicalForm, transportForm } from '../../fixtures/cases.js';
import {
  allowAll,
  type MemoryIssuanceDependencies,
  memoryIssuanceDependencies,
} from '../../support/fakes.js';

const transportFields = { route: '长沙市—G4京港澳高速—岳阳市' };
const organisation = {
  ...applicant,
  organization: '湖南长大件物流有限公司',
  creditCode: '91430100MA4L12345A',
};

function approvedCase(
  deps: MemoryIssuanceDependencies,
  serviceItemCode: string,
  form: Record<string, unknown>,
  who: CaseRecord['applicant'] = applicant,
): string {
  const now = deps.clock.now().toISOString();
  const caseId = `CASE-${deps.cases.records.size + 1}`;
  deps.cases.records.set(
    caseId,
    approvedCaseRecord(caseId, allowAll.clientId, now, { serviceItemCode, applicant: who, form }),
  );
  return caseId;
}

const refusal = async (deps: MemoryIssuanceDependencies, caseId: string, request: IssueRequest) => {
  const error = await issueCertificates(deps, allowAll, caseId, request).then(
    () => undefined,
    (e: unknown) => e as DomainError,
  );
  if (!error) throw new Error('expected a refusal');
  return error;
};

const nothingTaken = (deps: MemoryIssuanceDependencies, caseId: string) => {
  expect([...deps.counters.matching('serial:').values()]).toEqual([]);
  expect(deps.ledger.records.size).toBe(0);
  expect(deps.cases.records.get(caseId)).toMatchObject({ status: 'APPROVED' });
  expect(deps.cases.records.get(caseId)?.issuance).toBeUndefined();
};

describe('validity at issuance', () => {
  it('never seals a licence whose validity has ended: 422 INVALID_VALIDITY, no serial, no licence', async () => {
    // Prepare: the clock reads 2026-03-26; the override ends the day before
    const deps = memoryIssuanceDependencies();
    const caseId = approvedCase(deps, 'TRANSPORT_OVERSIZE_PERMIT', transportForm);

    // Act
    const error = await refusal(deps, caseId, {
      certificates: [{ fields: transportFields, validFrom: '2026-03-01', validUntil: '2026-03-25' }],
    });

    // Assess
    expect(error).toMatchObject({
      kind: 'UNPROCESSABLE',
      code: 'INVALID_VALIDITY',
      details: { index: 0, reason: 'ENDED', validUntil: '2026-03-25', today: '2026-03-26' },
    });
    expect(error.messageZh).toMatch(/^有效期已于2026-03-25届满/);
    nothingTaken(deps, caseId);
  });

  it('issues a licence whose last day is today (in force to its end in Shanghai)', async () => {
    const deps = memoryIssuanceDependencies();
    const caseId = approvedCase(deps, 'TRANSPORT_OVERSIZE_PERMIT', transportForm);

    const [view] = await issueCertificates(deps, allowAll, caseId, {
      certificates: [{ fields: transportFields, validFrom: '2026-03-20', validUntil: '2026-03-26' }],
    });

    expect(view).toMatchObject({ status: 'VALID', validUntil: '2026-03-26' });
  });

  it('stops an export certificate at the registration it certifies, and refuses a request to run past it', async () => {
    // Prepare: 730 days from 2026-03-26 would end 2028-03-24; the product's registration ends 2027-06-30
    const deps = memoryIssuanceDependencies();
    const form = medicalForm(1);
    (form.products[0] as { registrationValidUntil: string }).registrationValidUntil = '2027-06-30';
    const derivedCase = approvedCase(deps, 'MEDICAL_DEVICE_EXPORT_CERT', form);
    const requestedCase = approvedCase(deps, 'MEDICAL_DEVICE_EXPORT_CERT', form);

    // Act
    const [derived] = await issueCertificates(deps, allowAll, derivedCase, {});
    const error = await refusal(deps, requestedCase, { certificates: [{ validUntil: '2027-07-01' }] });

    // Assess
    expect(derived).toMatchObject({ validFrom: '2026-03-26', validUntil: '2027-06-30' });
    expect(error).toMatchObject({
      code: 'INVALID_VALIDITY',
      details: { reason: 'BEYOND_CAP', field: 'registrationValidUntil', cap: '2027-06-30' },
    });
  });
});

describe('verification before the first day', () => {
  it('is NOT_YET_VALID until 00:00 of validFrom in Shanghai, then VALID', async () => {
    // Prepare: the trip (and the licence) starts in the future
    const deps = memoryIssuanceDependencies();
    const caseId = approvedCase(deps, 'TRANSPORT_OVERSIZE_PERMIT', transportForm);
    const [view] = await issueCertificates(deps, allowAll, caseId, {
      certificates: [{ fields: transportFields }],
    });
    const verification = { ...deps, trustRoots: async () => [] };
    const verify = () => verifyByCode(verification, view?.certificateId ?? '', view?.verificationCode ?? '');
    const startUtc = new Date(`${transportForm.tripStart}T00:00:00.000+08:00`).getTime();

    // Act
    deps.clock.set(new Date(startUtc - 1));
    const before = await verify();
    deps.clock.set(new Date(startUtc));
    const from = await verify();

    // Assess
    expect(before).toMatchObject({
      verdict: 'NOT_YET_VALID',
      certificate: { validFrom: transportForm.tripStart },
      reasons: [{ code: 'NOT_YET_VALID', message: expect.stringMatching(/尚未生效/) }],
    });
    expect(JSON.stringify(before)).not.toContain('证照真实有效');
    expect(from.verdict).toBe('VALID');
  });
});

describe('the holder a licence names', () => {
  it('names the enterprise of an export certificate (name, 001, credit code masked), not the person who filed', async () => {
    const deps = memoryIssuanceDependencies();
    const form = medicalForm(1);
    const caseId = approvedCase(deps, 'MEDICAL_DEVICE_EXPORT_CERT', form);

    const [view] = await issueCertificates(deps, allowAll, caseId, {});

    expect(view?.holder).toEqual({
      type: 'ORGANIZATION',
      name: form.enterpriseName,
      idType: '001',
      idNumber: '914***********111G',
    });
    expect(deps.ledger.records.get(view?.certificateId ?? '')?.holder.idNumber).toBe(form.creditCode);
    expect(deps.factory.produced[0]?.holder).toMatchObject({
      type: 'ORGANIZATION',
      name: form.enterpriseName,
    });
  });

  it('names an organisation applicant that gave its credit code; a person stays a person (111, masked)', async () => {
    const deps = memoryIssuanceDependencies();
    const orgCase = approvedCase(deps, 'TRANSPORT_OVERSIZE_PERMIT', transportForm, organisation);
    const personCase = approvedCase(deps, 'TRANSPORT_OVERSIZE_PERMIT', transportForm);
    const request = { certificates: [{ fields: transportFields }] };

    const [org] = await issueCertificates(deps, allowAll, orgCase, request);
    const [person] = await issueCertificates(deps, allowAll, personCase, request);

    expect(org?.holder).toEqual({
      type: 'ORGANIZATION',
      name: '湖南长大件物流有限公司',
      idType: '001',
      idNumber: '914***********345A',
    });
    expect(person?.holder).toEqual({
      type: 'PERSON',
      name: '张*丰',
      idType: '111',
      idNumber: '110***********002X',
    });
  });

  it('refuses a requested organisation holder whose credit code fails GB 32100, before any serial', async () => {
    const deps = memoryIssuanceDependencies();
    const caseId = approvedCase(deps, 'TRANSPORT_OVERSIZE_PERMIT', transportForm);
    const holder = {
      type: 'ORGANIZATION' as const,
      name: '某公司',
      idType: '001',
      idNumber: '91430100MA4L12345X',
    };

    const error = await refusal(deps, caseId, { certificates: [{ holder, fields: transportFields }] });

    expect(error).toMatchObject({
      code: 'INVALID_HOLDER',
      details: { path: '/certificates/0/holder/idNumber' },
    });
    nothingTaken(deps, caseId);
  });
});

describe('characters in the issuing request', () => {
  it('refuses a character no licence font has, naming field and code point, before any serial', async () => {
    const deps = memoryIssuanceDependencies({ glyphs: licenceGlyphCoverage() });
    const caseId = approvedCase(deps, 'TRANSPORT_OVERSIZE_PERMIT', transportForm);

    const error = await refusal(deps, caseId, { certificates: [{ fields: { route: '长沙—𠀋—岳阳' } }] });

    expect(error).toMatchObject({
      code: 'UNSUPPORTED_CHARACTER',
      details: { failures: [{ path: '/certificates/0/fields/route', codePoint: 'U+2000B' }] },
    });
    nothingTaken(deps, caseId);
  });
});
