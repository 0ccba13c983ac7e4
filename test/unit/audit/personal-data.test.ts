import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PersonalDataInAuditError } from '../../../functions/core/audit/errors.js';
import {
  assertNoPersonalData,
  containsPersonalData,
  findPersonalData,
  isMainlandIdNumber,
} from '../../../functions/core/audit/personal-data.js';

// The two worked examples of GB 11643-1999 (check characters X and 4).
const STANDARD_IDS = ['11010519491231002X', '440524188001010014'];

const digit = fc.integer({ min: 0, max: 9 }).map(String);
const mobile = fc
  .tuple(fc.integer({ min: 3, max: 9 }), fc.array(digit, { minLength: 9, maxLength: 9 }))
  .map(([second, rest]) => `1${second}${rest.join('')}`);

describe('isMainlandIdNumber', () => {
  it.each(STANDARD_IDS)('recognises the standard example %s', (id) => {
    expect(isMainlandIdNumber(id)).toBe(true);
    expect(isMainlandIdNumber(id.toLowerCase())).toBe(true);
  });

  it('rejects any single-digit change of a valid number (the checksum catches it)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...STANDARD_IDS), fc.nat(16), digit, (id, position, replacement) => {
        fc.pre(id[position] !== replacement);
        const mutated = id.slice(0, position) + replacement + id.slice(position + 1);
        expect(isMainlandIdNumber(mutated)).toBe(false);
      }),
    );
  });

  it('rejects 18-digit numbers with an impossible birth date even if the check digit fits', () => {
    // 1949-02-30 with every possible check character: none may pass
    const candidates = [...'0123456789X'].map((c) => `11010519490230002${c}`);
    expect(candidates.filter(isMainlandIdNumber)).toEqual([]);
  });
});

describe('containsPersonalData', () => {
  it.each([
    ['a bare mobile', '13812345678'],
    ['a mobile in Chinese text', '请致电13812345678。'],
    ['a mobile with country code and spaces', '+86 138 1234 5678'],
    ['a mobile with dashes', '138-1234-5678'],
    ['an ID number in a sentence', '申请人身份证 11010519491231002X 已核验'],
  ])('finds %s', (_what, text) => {
    expect(containsPersonalData(text)).toBe(true);
  });

  it.each([
    ['a masked mobile', '138****5678'],
    ['a masked ID number', '110***********002X'],
    ['an ID number with a wrong check digit', '110105194912310021'],
    ['an 11-digit number not starting 13–19', '12812345678'],
    ['a 12-digit number', '138123456789'],
    ['digits inside a longer token', 'ref-a13812345678b'],
    ['an ISO time', '2026-03-26T08:00:00.000Z'],
  ])('passes %s', (_what, text) => {
    expect(containsPersonalData(text)).toBe(false);
  });

  it('finds any mainland mobile number between non-alphanumeric text', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('', ' ', '：', '电话', '(', '手机号'),
        mobile,
        fc.constantFrom('', '。', ')', ' 转'),
        (before, m, after) => {
          expect(containsPersonalData(`${before}${m}${after}`)).toBe(true);
        },
      ),
    );
  });

  it('never mistakes a SHA-256 hex digest for personal data', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), (bytes) => {
        expect(containsPersonalData(createHash('sha256').update(bytes).digest('hex'))).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it('passes every mobile number once its middle four digits are masked', () => {
    fc.assert(
      fc.property(mobile, (m) => {
        expect(containsPersonalData(`${m.slice(0, 3)}****${m.slice(7)}`)).toBe(false);
      }),
    );
  });
});

describe('assertNoPersonalData', () => {
  it('reports the paths of every hit, including numbers and keys, without the values', () => {
    // Prepare
    const input = {
      actor: 'client-demo',
      details: {
        applicant: { mobile: '13812345678', idNumber: '110***********002X' },
        notes: ['ok', 'call 13912345678'],
        phone: 13712345678,
        '11010519491231002X': 'seen',
      },
    };

    // Act
    let caught: unknown;
    try {
      assertNoPersonalData(input);
    } catch (error) {
      caught = error;
    }

    // Assess
    expect(caught).toBeInstanceOf(PersonalDataInAuditError);
    const error = caught as PersonalDataInAuditError;
    expect(error.code).toBe('PERSONAL_DATA_IN_AUDIT');
    expect(error.paths.sort()).toEqual(
      ['$.details.<key>', '$.details.applicant.mobile', '$.details.notes[1]', '$.details.phone'].sort(),
    );
    expect(JSON.stringify({ message: error.message, details: error.details })).not.toMatch(
      /1[3-9]\d{9}|002X/,
    );
  });

  it('accepts details with masked values, hashes and ids', () => {
    // Prepare
    const input = {
      holder: { name: '张*三', idNumber: '430***********1234', mobile: '138****5678' },
      sha256: createHash('sha256').update('x').digest('hex'),
      certificateId: '1.2.156.3005.2.11100000000000000X.0001',
      count: 3,
    };

    // Act / Assess
    expect(() => assertNoPersonalData(input)).not.toThrow();
    expect(findPersonalData(input)).toEqual([]);
  });
});
