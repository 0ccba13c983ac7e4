import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { catalogueFiles } from '../../../functions/catalogue/index.js';
import { buildCatalogue, CatalogueError } from '../../../functions/core/catalogue/catalogue.js';
import {
  evaluateFormRules,
  type FormRule,
  formRuleSchema,
} from '../../../functions/core/catalogue/form-rules.js';

type Json = Record<string, any>;

const rule = (code: string, kind: FormRule['rule']): FormRule => ({
  code,
  rule: kind,
  messageZh: `${code}中文`,
  messageEn: `${code} English`,
});

const variant = (file: string, mutate: (item: Json) => void) =>
  catalogueFiles.map((entry) => {
    const content = structuredClone(entry.content) as Json;
    if (entry.file === file) mutate(content);
    return { file: entry.file, content };
  });

const loadProblems = (files: Array<{ file: string; content: unknown }>) => {
  try {
    buildCatalogue(files);
  } catch (error) {
    if (error instanceof CatalogueError) return error.problems;
    throw error;
  }
  return [];
};

const TODAY = '2026-03-26';

describe('evaluateFormRules', () => {
  const order = rule('TRIP_ENDS_BEFORE_START', { dateOrder: ['/tripStart', '/tripEnd'] });

  it('names both fields of a date pair in the wrong order, Chinese first', () => {
    const failures = evaluateFormRules([order], { tripStart: '2026-04-03', tripEnd: '2026-04-01' }, TODAY);

    expect(failures).toEqual([
      {
        path: '/tripStart',
        fields: ['/tripStart', '/tripEnd'],
        rule: 'TRIP_ENDS_BEFORE_START',
        message: 'TRIP_ENDS_BEFORE_START中文 / TRIP_ENDS_BEFORE_START English',
      },
    ]);
  });

  it('accepts the same day on both sides and leaves absent or mistyped values to the schema', () => {
    expect(evaluateFormRules([order], { tripStart: '2026-04-01', tripEnd: '2026-04-01' }, TODAY)).toEqual([]);
    expect(evaluateFormRules([order], { tripStart: '2026-04-01' }, TODAY)).toEqual([]);
    expect(evaluateFormRules([order], { tripStart: 5, tripEnd: '2026-01-01' }, TODAY)).toEqual([]);
  });

  it('compares with the day of the check for $today', () => {
    const ended = rule('ENDED', { dateOrder: ['$today', '/tripEnd'] });

    expect(evaluateFormRules([ended], { tripEnd: '2026-03-25' }, TODAY)).toMatchObject([
      { path: '/tripEnd', fields: ['/tripEnd'] },
    ]);
    expect(evaluateFormRules([ended], { tripEnd: '2026-03-26' }, TODAY)).toEqual([]);
  });

  it('compares numbers with lessOrEqual, reading nested pointers', () => {
    const weights = rule('CARGO', { lessOrEqual: ['/cargo/weightTonnes', '/totalWeightTonnes'] });

    expect(
      evaluateFormRules([weights], { cargo: { weightTonnes: 120 }, totalWeightTonnes: 100 }, TODAY),
    ).toMatchObject([{ fields: ['/cargo/weightTonnes', '/totalWeightTonnes'] }]);
    expect(
      evaluateFormRules([weights], { cargo: { weightTonnes: 100 }, totalWeightTonnes: 100 }, TODAY),
    ).toEqual([]);
  });

  it('checks every element of an array and names the element that breaks the rule', () => {
    const registration = rule('REG', { dateOrder: ['$today', '/products/*/registrationValidUntil'] });
    const form = {
      products: [
        { registrationValidUntil: '2028-06-30' },
        { registrationValidUntil: '2025-01-01' },
        { registrationValidUntil: '2024-12-31' },
      ],
    };

    expect(evaluateFormRules([registration], form, TODAY).map((f) => f.path)).toEqual([
      '/products/1/registrationValidUntil',
      '/products/2/registrationValidUntil',
    ]);
  });

  it('pairs two pointers into the same array element by element', () => {
    const window = rule('WINDOW', { dateOrder: ['/items/*/from', '/items/*/until'] });
    const form = {
      items: [
        { from: '2026-01-01', until: '2026-12-31' },
        { from: '2026-06-01', until: '2026-05-01' },
      ],
    };

    expect(evaluateFormRules([window], form, TODAY)).toMatchObject([
      { fields: ['/items/1/from', '/items/1/until'] },
    ]);
  });

  it('refuses the credit code of the issue (check character should be A) and accepts the corrected one', () => {
    const credit = rule('CREDIT', { creditCode: '/creditCode' });

    expect(evaluateFormRules([credit], { creditCode: '91430100MA4L12345X' }, TODAY)).toMatchObject([
      { path: '/creditCode', rule: 'CREDIT' },
    ]);
    expect(evaluateFormRules([credit], { creditCode: '91430100MA4L12345A' }, TODAY)).toEqual([]);
  });

  it('never follows the prototype chain and never throws, whatever the form', () => {
    const rules = [
      order,
      rule('PROTO', { lessOrEqual: ['/__proto__/x', '/constructor/y'] }),
      rule('ARR', { dateOrder: ['/a/*/b', '$today'] }),
      rule('CREDIT', { creditCode: '/c' }),
    ];
    fc.assert(
      fc.property(fc.jsonValue(), (form) => {
        expect(Array.isArray(evaluateFormRules(rules, form, TODAY))).toBe(true);
      }),
    );
  });
});

describe('the rule vocabulary at catalogue load', () => {
  it('rejects an unknown rule kind, or two kinds in one rule', () => {
    expect(formRuleSchema.safeParse(rule('X', { sumAtMost: ['/a', '/b'] } as never)).success).toBe(false);
    expect(
      formRuleSchema.safeParse(rule('X', { creditCode: '/a', lessOrEqual: ['/a', '/b'] } as never)).success,
    ).toBe(false);
  });

  it.each<[string, FormRule['rule'], RegExp]>([
    ['an undeclared field', { dateOrder: ['/tripStart', '/tripFinish'] }, /\/tripFinish is not declared/],
    ['a date rule on a number', { dateOrder: ['/tripStart', '/axleCount'] }, /format": "date"/],
    ['a number rule on text', { lessOrEqual: ['/carrierName', '/totalWeightTonnes'] }, /"number"/],
    ['a credit code that is a number', { creditCode: '/axleCount' }, /"type": "string"/],
    ['only $today', { dateOrder: ['$today', '$today'] }, /needs a form field/],
  ])('fails start-up for %s, naming the rule', (_, kind, message) => {
    const problems = loadProblems(
      variant('transport-oversize-permit.json', (item) => {
        item.formRules.push(rule('BROKEN', kind));
      }),
    );

    expect(problems).toContainEqual(
      expect.objectContaining({
        file: 'transport-oversize-permit.json',
        path: expect.stringMatching(/^\/formRules\/3\//),
        message: expect.stringMatching(message),
      }),
    );
  });

  it('fails start-up for a rule of an unknown kind in a shipped file, and for a duplicate code', () => {
    const unknownKind = loadProblems(
      variant('transport-oversize-permit.json', (item) => {
        item.formRules[0].rule = { dateBetween: ['/tripStart', '/tripEnd'] };
      }),
    );
    const duplicate = loadProblems(
      variant('transport-oversize-permit.json', (item) => {
        item.formRules.push(item.formRules[0]);
      }),
    );

    expect(unknownKind).toContainEqual(
      expect.objectContaining({
        path: '/formRules/0/rule',
        message: expect.stringMatching(/exactly one of/),
      }),
    );
    expect(duplicate).toContainEqual(
      expect.objectContaining({ path: '/formRules/3/code', message: expect.stringMatching(/duplicate/) }),
    );
  });

  it('fails start-up for a validity cap or holder field the item does not declare', () => {
    const problems = loadProblems(
      variant('medical-device-export-cert.json', (item) => {
        item.certificate.validUntilNotAfterField = 'productName';
        item.certificate.holderFromForm.creditCodeField = 'taxNumber';
      }),
    );

    expect(problems.map((p) => p.path)).toEqual([
      '/certificate/validUntilNotAfterField',
      '/certificate/holderFromForm/creditCodeField',
    ]);
  });
});

describe('the shipped items', () => {
  const catalogue = buildCatalogue(catalogueFiles);

  it('refuse a trip that ends before it starts, naming /tripStart and /tripEnd', () => {
    const failures = catalogue.validateFormRules(
      'TRANSPORT_OVERSIZE_PERMIT',
      { tripStart: '2026-04-10', tripEnd: '2026-04-01', cargo: { weightTonnes: 1 }, totalWeightTonnes: 2 },
      TODAY,
    );

    expect(failures).toEqual([
      expect.objectContaining({
        rule: 'TRIP_ENDS_BEFORE_START',
        fields: ['/tripStart', '/tripEnd'],
        message: expect.stringMatching(/^通行截止日期不得早于通行起始日期 \/ /),
      }),
    ]);
  });

  it('check the credit code of every item whose form carries one', () => {
    const withCreditCode = catalogue
      .list()
      .filter((item) => 'creditCode' in (item.formSchema.properties as Json));

    expect(withCreditCode.length).toBe(5);
    for (const item of withCreditCode) {
      expect(catalogue.validateFormRules(item.code, { creditCode: '91430100MA4L12345X' }, TODAY)).toEqual([
        expect.objectContaining({ path: '/creditCode', rule: 'CREDIT_CODE_CHECK' }),
      ]);
    }
  });
});
