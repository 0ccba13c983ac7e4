import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkCharacterGb11714,
  checkCharacterGb32100,
  isValidUnifiedSocialCreditCode,
} from '../../../functions/core/licence/identifier.js';

const USCC_ALPHABET = [...'0123456789ABCDEFGHJKLMNPQRTUWXY'];

describe('unified social credit code (GB 32100) used as issuer code', () => {
  it('accepts a published code and computes its check character', () => {
    // Published example (python-stdnum cn.uscc doctest)
    expect(checkCharacterGb32100('91110000600037341')).toBe('L');
    expect(isValidUnifiedSocialCreditCode('91110000600037341L')).toBe(true);
  });

  it('matches a hand-computed check character', () => {
    // 11430000006142632: Σ value·weight with weights 1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28
    // = 1+3+36+81+0+0+0+0+0+0+150+13+32+48+60+90+56 = 570; 570 mod 31 = 12; 31−12 = 19 → "K".
    expect(checkCharacterGb32100('11430000006142632')).toBe('K');
  });

  it.each([
    ['a wrong check character', '91110000600037341M'],
    ['a letter the code alphabet excludes (I)', '9111000060003734IL'],
    ['a letter in the region code', '911A0000600037341L'],
    ['17 characters', '91110000600037341'],
    ['lower case', '91110000600037341l'],
  ])('rejects a code with %s', (_, code) => {
    expect(isValidUnifiedSocialCreditCode(code)).toBe(false);
  });

  it('detects any single-character substitution', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...'0123456789'), { minLength: 17, maxLength: 17 }),
        fc.integer({ min: 0, max: 17 }),
        fc.constantFrom(...USCC_ALPHABET),
        (digits, index, replacement) => {
          // Prepare
          const first17 = digits.join('');
          const valid = `${first17}${checkCharacterGb32100(first17)}`;
          fc.pre(valid[index] !== replacement);

          // Act
          const corrupted = `${valid.slice(0, index)}${replacement}${valid.slice(index + 1)}`;

          // Assess
          expect(isValidUnifiedSocialCreditCode(valid)).toBe(true);
          expect(isValidUnifiedSocialCreditCode(corrupted)).toBe(false);
        },
      ),
    );
  });

  it('computes the GB 11714 organisation-code check embedded in a published code', () => {
    // 60003734-1: 6·3+0·7+0·9+0·10+3·5+7·8+3·4+4·2 = 109; 109 mod 11 = 10; 11−10 = 1.
    expect(checkCharacterGb11714('60003734')).toBe('1');
    expect(checkCharacterGb11714('6000373')).toBeUndefined();
  });
});
