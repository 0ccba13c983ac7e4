import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  describeConditionMismatch,
  evaluateCondition,
  isMaterialRequired,
  readDotPath,
} from '../../../functions/core/catalogue/conditions.js';
import type { MaterialRule } from '../../../functions/core/catalogue/types.js';

const form = {
  totalWeightTonnes: 120,
  submittedByAgent: false,
  licenceCategory: 'B',
  dimensions: { widthMetres: 3.75, heightMetres: 4.8 },
  cleared: null,
};

describe('evaluateCondition', () => {
  it.each([
    [{ field: 'totalWeightTonnes', gt: 100 }, true],
    [{ field: 'totalWeightTonnes', gt: 120 }, false],
    [{ field: 'totalWeightTonnes', gte: 120 }, true],
    [{ field: 'totalWeightTonnes', lt: 120 }, false],
    [{ field: 'totalWeightTonnes', lte: 120 }, true],
    [{ field: 'dimensions.widthMetres', gt: 3.75 }, false],
    [{ field: 'dimensions.heightMetres', gt: 4.5 }, true],
    [{ field: 'submittedByAgent', equals: false }, true],
    [{ field: 'submittedByAgent', equals: true }, false],
    [{ field: 'licenceCategory', in: ['B', 'C'] }, true],
    [{ field: 'licenceCategory', in: ['A'] }, false],
    [{ field: 'dimensions', exists: true }, true],
  ])('evaluates %j against a sample form as %s', (condition, expected) => {
    expect(evaluateCondition(condition, form)).toBe(expected);
  });

  it('treats a missing field as false for every comparison except exists:false', () => {
    // Prepare
    const conditions = [
      { field: 'dimensions.lengthMetres', gt: 0 },
      { field: 'dimensions.lengthMetres', lte: 1e9 },
      { field: 'nothing', equals: 'x' },
      { field: 'nothing.deeper', in: ['x'] },
      { field: 'nothing', exists: true },
    ];

    // Act / Assess
    for (const condition of conditions) expect(evaluateCondition(condition, form)).toBe(false);
    expect(evaluateCondition({ field: 'nothing', exists: false }, form)).toBe(true);
  });

  it('treats null as absent (a cleared field)', () => {
    expect(evaluateCondition({ field: 'cleared', exists: false }, form)).toBe(true);
    expect(evaluateCondition({ field: 'cleared', equals: 0 }, form)).toBe(false);
  });

  it('never compares across types: the text "120" is not greater than 100', () => {
    expect(evaluateCondition({ field: 'w', gt: 100 }, { w: '120' })).toBe(false);
    expect(evaluateCondition({ field: 'w', equals: 120 }, { w: '120' })).toBe(false);
  });

  it('does not follow inherited properties such as constructor or __proto__', () => {
    expect(readDotPath({}, 'constructor')).toBeUndefined();
    expect(readDotPath({}, '__proto__')).toBeUndefined();
    expect(evaluateCondition({ field: 'toString', exists: true }, {})).toBe(false);
  });

  it('makes numeric comparisons agree with the JavaScript operators for any number', () => {
    fc.assert(
      fc.property(
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        (value, limit) => {
          const subject = { a: { b: value } };
          expect(evaluateCondition({ field: 'a.b', gt: limit }, subject)).toBe(value > limit);
          expect(evaluateCondition({ field: 'a.b', gte: limit }, subject)).toBe(value >= limit);
          expect(evaluateCondition({ field: 'a.b', lt: limit }, subject)).toBe(value < limit);
          expect(evaluateCondition({ field: 'a.b', lte: limit }, subject)).toBe(value <= limit);
        },
      ),
    );
  });

  it('makes exists:true and exists:false complementary for any JSON form', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom('a', 'a.b', 'x.y.z'), (anyForm, field) => {
        expect(evaluateCondition({ field, exists: true }, anyForm)).toBe(
          !evaluateCondition({ field, exists: false }, anyForm),
        );
      }),
    );
  });

  it('never throws, whatever the form', () => {
    fc.assert(
      fc.property(fc.anything(), (anything) => {
        expect(typeof evaluateCondition({ field: 'a.b', in: ['x', 1] }, anything)).toBe('boolean');
      }),
    );
  });
});

describe('isMaterialRequired', () => {
  const rule: MaterialRule = {
    code: 'BRIDGE_TUNNEL_ASSESSMENT',
    name: '桥梁隧道安全技术评估报告',
    nameEn: 'Bridge and tunnel safety assessment',
    required: false,
    requiredWhen: { field: 'totalWeightTonnes', gt: 100 },
    mediaTypes: ['application/pdf'],
    maxBytes: 1,
  };

  it('requires a conditional material only when its condition holds', () => {
    expect(isMaterialRequired(rule, { totalWeightTonnes: 100.5 })).toBe(true);
    expect(isMaterialRequired(rule, { totalWeightTonnes: 100 })).toBe(false);
    expect(isMaterialRequired(rule, {})).toBe(false);
  });

  it('always requires a required material and never an optional one without condition', () => {
    const { requiredWhen: _, ...plain } = rule;
    expect(isMaterialRequired({ ...plain, required: true }, {})).toBe(true);
    expect(isMaterialRequired(plain, { totalWeightTonnes: 500 })).toBe(false);
  });
});

describe('describeConditionMismatch', () => {
  it('flags a numeric comparison on a text field', () => {
    expect(describeConditionMismatch({ field: 'f', gt: 1 }, { type: 'string' })).toMatch(/compares numbers/);
  });

  it('flags a value of the wrong type or outside the enum', () => {
    expect(describeConditionMismatch({ field: 'f', equals: 'yes' }, { type: 'boolean' })).toMatch(
      /does not fit/,
    );
    expect(
      describeConditionMismatch({ field: 'f', in: ['B', 'E'] }, { type: 'string', enum: ['A', 'B'] }),
    ).toMatch(/\["E"\] is not among/);
  });

  it('accepts conditions that fit the field', () => {
    expect(describeConditionMismatch({ field: 'f', gte: 1 }, { type: 'integer' })).toBeUndefined();
    expect(describeConditionMismatch({ field: 'f', equals: 2 }, { type: 'number' })).toBeUndefined();
    expect(
      describeConditionMismatch({ field: 'f', in: ['A'] }, { type: 'string', enum: ['A', 'B'] }),
    ).toBeUndefined();
    expect(describeConditionMismatch({ field: 'f', exists: true }, { type: 'object' })).toBeUndefined();
  });
});
