import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../functions/core/errors.js';
import { formatLicenceNumber, parseLicenceNumber } from '../../../functions/core/licence/licence-number.js';

const prefixArbitrary = fc.constantFrom('湘交超', '湘药监械出', '湘药生', '湘采矿', 'HN');

describe('licence number (human-readable)', () => {
  it('formats prefix, year in hexagonal brackets and a six-digit serial', () => {
    expect(formatLicenceNumber({ prefix: '湘交超', year: 2026, serial: 123 })).toBe(
      '湘交超〔2026〕第000123号',
    );
  });

  it('widens rather than truncates a serial beyond six digits', () => {
    expect(formatLicenceNumber({ prefix: '湘采矿', year: 2026, serial: 1_234_567 })).toBe(
      '湘采矿〔2026〕第1234567号',
    );
  });

  it('round-trips any valid parts', () => {
    fc.assert(
      fc.property(
        prefixArbitrary,
        fc.integer({ min: 1000, max: 9999 }),
        fc.integer({ min: 1, max: 99_999_999 }),
        (prefix, year, serial) => {
          const parts = { prefix, year, serial };
          expect(parseLicenceNumber(formatLicenceNumber(parts))).toEqual(parts);
        },
      ),
    );
  });

  it('orders numbers of one prefix and year by serial when sorted as text', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999_999 }), fc.integer({ min: 1, max: 999_999 }), (a, b) => {
        const [x, y] = [a, b].map((serial) => formatLicenceNumber({ prefix: '湘药生', year: 2026, serial }));
        expect(Math.sign((x as string).localeCompare(y as string, 'en'))).toBe(Math.sign(a - b));
      }),
    );
  });

  it.each([
    ['an empty prefix', { prefix: '', year: 2026, serial: 1 }],
    ['a prefix with a digit', { prefix: '湘1', year: 2026, serial: 1 }],
    ['a prefix with a bracket', { prefix: '湘〔', year: 2026, serial: 1 }],
    ['a two-digit year', { prefix: '湘交超', year: 26, serial: 1 }],
    ['serial 0', { prefix: '湘交超', year: 2026, serial: 0 }],
    ['a fractional serial', { prefix: '湘交超', year: 2026, serial: 1.5 }],
  ])('refuses %s', (_, parts) => {
    expect(() => formatLicenceNumber(parts)).toThrow(DomainError);
  });

  it.each([
    ['round brackets', '湘交超(2026)第000123号'],
    ['a five-digit serial', '湘交超〔2026〕第00123号'],
    ['extra zero padding', '湘交超〔2026〕第0000123号'],
    ['no prefix', '〔2026〕第000123号'],
    ['serial zero', '湘交超〔2026〕第000000号'],
  ])('rejects a number with %s', (_, text) => {
    expect(() => parseLicenceNumber(text)).toThrowError(
      expect.objectContaining({ code: 'INVALID_LICENCE_NUMBER', kind: 'INVALID' }),
    );
  });
});
