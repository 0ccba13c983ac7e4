/**
 * What a case must hold at intake, so nothing that can only fail at issuance gets as far as the departments:
 * the form's cross-field rules (at creation and again at submit), the applicant's credit code (GB 32100), and
 * characters a licence can print.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { licenceGlyphCoverage } from '../../../functions/adapters/licence-glyphs.js';
import { normaliseApplicant } from '../../../functions/core/cases/applicant.js';
import { createCase, getCase, submitCase } from '../../../functions/core/cases/case-service.js';
import type { CaseRecord } from '../../../functions/core/cases/model.js';
import type { DomainError } from '../../../functions/core/errors.js';
import { checkCharacterGb32100 } from '../../../functions/core/licence/identifier.js';
import { applicant, medicalForm, transportForm } from '../../fixtures/cases.js';
import { allowAll, type MemoryCaseDependencies, memoryCaseDependencies } from '../../support/fakes.js';

const TRANSPORT = 'TRANSPORT_OVERSIZE_PERMIT';
const USCC_ALPHABET = [...'0123456789ABCDEFGHJKLMNPQRTUWXY'];

const failure = async (promise: Promise<unknown>): Promise<DomainError> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!error) throw new Error('expected a failure');
  return error as DomainError;
};

const open = (deps: MemoryCaseDependencies, form: Record<string, unknown>, who: object = applicant) =>
  createCase(deps, allowAll, {
    serviceItemCode: TRANSPORT,
    applicant: who as typeof applicant,
    form,
  });

describe('cross-field form rules at createCase', () => {
  it('refuses a trip that ends before it starts with INVALID_FORM naming /tripStart and /tripEnd, Chinese first', async () => {
    // Prepare
    const deps = memoryCaseDependencies();
    const form = { ...transportForm, tripStart: transportForm.tripEnd, tripEnd: transportForm.tripStart };

    // Act
    const error = await failure(open(deps, form));

    // Assess
    expect(error).toMatchObject({
      kind: 'UNPROCESSABLE',
      code: 'INVALID_FORM',
      messageZh: '申请表内容不符合要求：通行截止日期不得早于通行起始日期',
      details: {
        failures: [
          {
            path: '/tripStart',
            fields: ['/tripStart', '/tripEnd'],
            rule: 'TRIP_ENDS_BEFORE_START',
            message: expect.stringMatching(/^通行截止日期不得早于通行起始日期 \/ /),
          },
        ],
      },
    });
    expect(deps.cases.records.size).toBe(0);
  });

  it('refuses cargo heavier than vehicle and cargo together, and an export of a product whose registration expired', async () => {
    // Prepare
    const deps = memoryCaseDependencies();
    const expired = medicalForm(2);
    (expired.products[1] as { registrationValidUntil: string }).registrationValidUntil = '2026-03-25';

    // Act
    const heavy = await failure(
      open(deps, { ...transportForm, cargo: { ...transportForm.cargo, weightTonnes: 121 } }),
    );
    const export_ = await failure(
      createCase(deps, allowAll, { serviceItemCode: 'MEDICAL_DEVICE_EXPORT_CERT', applicant, form: expired }),
    );

    // Assess
    expect(heavy.details?.failures).toMatchObject([{ rule: 'CARGO_HEAVIER_THAN_TOTAL' }]);
    expect(export_.details?.failures).toMatchObject([
      { rule: 'REGISTRATION_EXPIRED', path: '/products/1/registrationValidUntil' },
    ]);
  });

  it('refuses a form credit code with a wrong check character', async () => {
    const deps = memoryCaseDependencies();
    const form = { ...medicalForm(1), creditCode: '91430100MA4L12345X' };

    const error = await failure(
      createCase(deps, allowAll, { serviceItemCode: 'MEDICAL_DEVICE_EXPORT_CERT', applicant, form }),
    );

    expect(error).toMatchObject({ code: 'INVALID_FORM', details: { failures: [{ path: '/creditCode' }] } });
  });
});

describe('cross-field form rules at submitCase', () => {
  it('checks the rules again: a trip that ended while the case lay in DRAFT is refused at submit', async () => {
    // Prepare: a valid case, then the day moves past the trip's last day
    const deps = memoryCaseDependencies();
    const { caseId } = await open(deps, transportForm);
    deps.clock.set(`${transportForm.tripEnd}T16:00:00.000Z`); // 00:00 the next day in Shanghai

    // Act
    const error = await failure(submitCase(deps, allowAll, caseId));

    // Assess
    expect(error).toMatchObject({
      code: 'INVALID_FORM',
      details: { failures: [{ rule: 'TRIP_ALREADY_ENDED', fields: ['/tripEnd'] }] },
    });
    expect((await getCase(deps, allowAll, caseId)).status).toBe('DRAFT');
  });

  it('checks a stored form that predates a rule (a DRAFT written before the rule shipped)', async () => {
    // Prepare
    const deps = memoryCaseDependencies();
    const { caseId } = await open(deps, transportForm);
    const stored = deps.cases.records.get(caseId) as CaseRecord;
    stored.form = { ...transportForm, tripStart: transportForm.tripEnd, tripEnd: transportForm.tripStart };

    // Act
    const error = await failure(submitCase(deps, allowAll, caseId));

    // Assess
    expect(error.details?.failures).toMatchObject([{ rule: 'TRIP_ENDS_BEFORE_START' }]);
  });
});

describe('the applicant’s credit code (GB 32100)', () => {
  const organisation = { ...applicant, organization: '湖南康达医疗器械有限公司' };

  it('refuses 91430100MA4L12345X, whose check character is A, and keeps the corrected code', () => {
    expect(checkCharacterGb32100('91430100MA4L12345')).toBe('A');
    expect(() => normaliseApplicant({ ...organisation, creditCode: '91430100MA4L12345X' })).toThrowError(
      expect.objectContaining({
        code: 'INVALID_APPLICANT',
        details: { failures: [expect.objectContaining({ path: '/applicant/creditCode' })] },
      }),
    );
    expect(normaliseApplicant({ ...organisation, creditCode: ' 91430100ma4l12345a ' }).creditCode).toBe(
      '91430100MA4L12345A',
    );
  });

  it('refuses any valid code with one character changed', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...USCC_ALPHABET), { minLength: 2, maxLength: 2 }),
        fc.array(fc.constantFrom(...'0123456789'), { minLength: 6, maxLength: 6 }),
        fc.array(fc.constantFrom(...USCC_ALPHABET), { minLength: 9, maxLength: 9 }),
        fc.integer({ min: 0, max: 17 }),
        fc.constantFrom(...USCC_ALPHABET),
        (head, region, body, index, replacement) => {
          const first17 = [...head, ...region, ...body].join('');
          const valid = `${first17}${checkCharacterGb32100(first17)}`;
          expect(normaliseApplicant({ ...organisation, creditCode: valid }).creditCode).toBe(valid);
          fc.pre(valid[index] !== replacement);
          const changed = `${valid.slice(0, index)}${replacement}${valid.slice(index + 1)}`;
          expect(() => normaliseApplicant({ ...organisation, creditCode: changed })).toThrow();
        },
      ),
    );
  });

  it('needs the organisation the code belongs to', () => {
    expect(() => normaliseApplicant({ ...applicant, creditCode: '91430100MA4L12345A' })).toThrowError(
      expect.objectContaining({
        details: { failures: [expect.objectContaining({ path: '/applicant/organization' })] },
      }),
    );
  });
});

describe('characters a licence cannot print, refused at createCase', () => {
  const deps = () => memoryCaseDependencies({ glyphs: licenceGlyphCoverage() });

  it.each([
    [
      'a right-to-left override in the carrier',
      { carrierName: '湖南\u202E司公限有流物' },
      '/form/carrierName',
      'U+202E',
    ],
    [
      '𠀋 in the cargo',
      { cargo: { ...transportForm.cargo, name: '𠀋记设备' } },
      '/form/cargo/name',
      'U+2000B',
    ],
  ])(
    'refuses %s with UNSUPPORTED_CHARACTER naming field and code point',
    async (_, change, path, codePoint) => {
      const store = deps();

      const error = await failure(open(store, { ...transportForm, ...change }));

      expect(error).toMatchObject({
        kind: 'UNPROCESSABLE',
        code: 'UNSUPPORTED_CHARACTER',
        details: { failures: [{ path, codePoint }] },
      });
      expect(store.cases.records.size).toBe(0);
    },
  );

  it('refuses a lone surrogate in the applicant’s name', async () => {
    const error = await failure(open(deps(), transportForm, { ...applicant, name: '张\uD800丰' }));

    expect(error.details?.failures).toEqual([
      expect.objectContaining({ path: '/applicant/name', codePoint: 'U+D800' }),
    ]);
  });

  it('accepts a rare name that the fallback font draws (𠇔 U+201D4)', async () => {
    const view = await open(deps(), transportForm, { ...applicant, name: '张𠇔' });

    expect(view.status).toBe('DRAFT');
  });
});
