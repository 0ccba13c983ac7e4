import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../functions/core/errors.js';
import {
  buildIdentifier,
  checkCharacterGb32100,
  checkCharacterMod3736,
  type IdentifierParts,
  isValidIdentifier,
  isValidMod3736,
  parseIdentifier,
} from '../../../functions/core/licence/identifier.js';

const ALPHABET = [...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'];
const USCC_ALPHABET = [...'0123456789ABCDEFGHJKLMNPQRTUWXY'];

const alphanumeric = (minLength: number, maxLength: number) =>
  fc.array(fc.constantFrom(...ALPHABET), { minLength, maxLength }).map((chars) => chars.join(''));

// A valid USCC: 2 code chars, 6 region digits, 9 code chars, then its GB 32100 check character.
const usccArbitrary = fc
  .tuple(
    fc.array(fc.constantFrom(...USCC_ALPHABET), { minLength: 2, maxLength: 2 }),
    fc.array(fc.constantFrom(...'0123456789'), { minLength: 6, maxLength: 6 }),
    fc.array(fc.constantFrom(...USCC_ALPHABET), { minLength: 9, maxLength: 9 }),
  )
  .map(([a, b, c]) => [...a, ...b, ...c].join(''))
  .map((first17) => `${first17}${checkCharacterGb32100(first17)}`);

const partsArbitrary: fc.Arbitrary<IdentifierParts> = fc.record({
  typeCode: alphanumeric(1, 12),
  issuerCode: usccArbitrary,
  serial: fc.integer({ min: 0, max: 9_999_999 }),
  version: fc.integer({ min: 0, max: 999 }),
});

const catchError = (action: () => unknown): unknown => {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the action to throw');
};

describe('checkCharacterMod3736 (ISO/IEC 7064 MOD 37,36)', () => {
  it('reproduces the worked example of ISO/IEC 7064 (A12425GABC1234002 → M)', () => {
    // Prepare / Act
    const check = checkCharacterMod3736('A12425GABC1234002');

    // Assess
    expect(check).toBe('M');
    expect(isValidMod3736('A12425GABC1234002M')).toBe(true);
  });

  it.each([
    // Published ISANs (python-stdnum isan doctests): root+episode → check 1, root+episode+version → check 2.
    ['00000000D07A0090', 'Q'],
    ['00000000D07A009000000000', 'X'],
    ['000000018CFA0000', 'I'],
    ['000000018CFA000000000000', 'K'],
    ['0000000189470000', '8'],
    ['000000018947000000000000', 'D'],
    ['188166C734206541', 'Y'],
    ['188166C7342065419F3A0245', 'O'],
  ])('reproduces the published ISAN check character of %s (%s)', (body, expected) => {
    expect(checkCharacterMod3736(body)).toBe(expected);
  });

  it('matches hand-computed values', () => {
    // "0": P=36; S=(36+0) mod 36=0→36; P=72 mod 37=35; check=(37−35) mod 36=2.
    // "A1": P=36; S=(36+10) mod 36=10, P=20; S=(20+1)=21, P=42 mod 37=5; check=(37−5) mod 36=32 → "W".
    expect(checkCharacterMod3736('0')).toBe('2');
    expect(checkCharacterMod3736('A1')).toBe('W');
  });

  it('rejects characters outside 0-9A-Z, including lower case, with INVALID_IDENTIFIER', () => {
    for (const input of ['a12', 'A-1', '湘A']) {
      const error = catchError(() => checkCharacterMod3736(input));
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('INVALID_IDENTIFIER');
    }
  });

  it('detects any single-character substitution, including of the check character', () => {
    fc.assert(
      fc.property(alphanumeric(1, 40), fc.nat(), fc.constantFrom(...ALPHABET), (body, at, replacement) => {
        // Prepare
        const valid = `${body}${checkCharacterMod3736(body)}`;
        const index = at % valid.length;
        fc.pre(valid[index] !== replacement);

        // Act
        const corrupted = `${valid.slice(0, index)}${replacement}${valid.slice(index + 1)}`;

        // Assess
        expect(isValidMod3736(valid)).toBe(true);
        expect(isValidMod3736(corrupted)).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('buildIdentifier / parseIdentifier', () => {
  it('lays out prefix, type, issuer, padded serial and version, and the check character', () => {
    // Prepare
    const parts = { typeCode: 'JT0103', issuerCode: '11430000006142632K', serial: 123, version: 1 };

    // Act
    const identifier = buildIdentifier(parts);

    // Assess: check computed independently (reference implementation of the ISO algorithm) as "U".
    expect(identifier).toBe('1.2.156.3005.2.JT0103.11430000006142632K.0000123.001.U');
    expect(parseIdentifier(identifier)).toEqual({ ...parts, check: 'U' });
  });

  it('round-trips any valid parts', () => {
    fc.assert(
      fc.property(partsArbitrary, (parts) => {
        const identifier = buildIdentifier(parts);
        const { check, ...parsed } = parseIdentifier(identifier);
        expect(parsed).toEqual(parts);
        expect(identifier.endsWith(`.${check}`)).toBe(true);
        expect(isValidIdentifier(identifier)).toBe(true);
      }),
    );
  });

  it('detects any single-character substitution in the type, issuer, serial, version or check', () => {
    fc.assert(
      fc.property(partsArbitrary, fc.nat(), fc.constantFrom(...ALPHABET), (parts, at, replacement) => {
        // Prepare: substitute only after the fixed OID prefix, never a dot
        const identifier = buildIdentifier(parts);
        const positions = [...identifier].flatMap((c, i) =>
          i > '1.2.156.3005.2.'.length - 1 && c !== '.' ? [i] : [],
        );
        const index = positions[at % positions.length] as number;
        fc.pre(identifier[index] !== replacement);

        // Act
        const corrupted = `${identifier.slice(0, index)}${replacement}${identifier.slice(index + 1)}`;

        // Assess
        expect(isValidIdentifier(corrupted)).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it.each([
    ['a different OID prefix', '1.2.156.3005.3.JT0103.11430000006142632K.0000123.001.U', 'FORMAT'],
    ['a serial of the wrong width', '1.2.156.3005.2.JT0103.11430000006142632K.000123.001.U', 'FORMAT'],
    ['a lower-case type code', '1.2.156.3005.2.jt0103.11430000006142632K.0000123.001.U', 'FORMAT'],
    [
      'an issuer code with a wrong GB 32100 check',
      '1.2.156.3005.2.JT0103.11430000006142632L.0000123.001.U',
      'ISSUER_CODE',
    ],
    ['a wrong check character', '1.2.156.3005.2.JT0103.11430000006142632K.0000123.001.V', 'CHECK_CHARACTER'],
    ['trailing text', '1.2.156.3005.2.JT0103.11430000006142632K.0000123.001.U ', 'FORMAT'],
  ])('rejects an identifier with %s, saying which check failed', (_, identifier, reason) => {
    // Act
    const error = catchError(() => parseIdentifier(identifier));

    // Assess
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ kind: 'INVALID', code: 'INVALID_IDENTIFIER', details: { reason } });
    expect((error as DomainError).messageZh).toMatch(/^电子证照标识无效/);
    expect(isValidIdentifier(identifier)).toBe(false);
  });

  it.each([
    ['a serial wider than 7 digits', { serial: 10_000_000 }, 'serial'],
    ['a negative serial', { serial: -1 }, 'serial'],
    ['a fractional version', { version: 1.5 }, 'version'],
    ['a version wider than 3 digits', { version: 1000 }, 'version'],
    ['an issuer code failing GB 32100', { issuerCode: '11430000006142632L' }, 'issuerCode'],
    ['a type code with a dot', { typeCode: 'JT.01' }, 'typeCode'],
  ])('refuses to build an identifier from %s', (_, override, reason) => {
    // Prepare
    const parts = {
      typeCode: 'JT0103',
      issuerCode: '11430000006142632K',
      serial: 1,
      version: 1,
      ...override,
    };

    // Act
    const error = catchError(() => buildIdentifier(parts));

    // Assess
    expect(error).toMatchObject({ code: 'INVALID_IDENTIFIER', details: { reason } });
  });
});
