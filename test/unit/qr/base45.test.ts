import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Base45Error, decodeBase45, encodeBase45 } from '../../../functions/core/qr/base45.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('base45 (RFC 9285)', () => {
  it('encodes the RFC 9285 §4.3 examples', () => {
    expect(encodeBase45(bytes('AB'))).toBe('BB8');
    expect(encodeBase45(bytes('Hello!!'))).toBe('%69 VD92EX0');
    expect(encodeBase45(bytes('base-45'))).toBe('UJCLQE7W581');
    expect(encodeBase45(new Uint8Array(0))).toBe('');
  });

  it('decodes the RFC 9285 §4.4 example and the encoded ones back', () => {
    expect(new TextDecoder().decode(decodeBase45('QED8WEX0'))).toBe('ietf!');
    expect(new TextDecoder().decode(decodeBase45('%69 VD92EX0'))).toBe('Hello!!');
    expect(decodeBase45('FGW')).toEqual(Uint8Array.from([0xff, 0xff]));
  });

  it('rejects what RFC 9285 §4.2 says a decoder must: a group over 65535, a lone character, a foreign character', () => {
    expect(() => decodeBase45('GGW')).toThrow(Base45Error); // 65536
    expect(() => decodeBase45('ZZ')).toThrow(Base45Error); // 35 + 35·45 > 255
    expect(() => decodeBase45('BB8A')).toThrow(Base45Error);
    expect(() => decodeBase45('bb8')).toThrow(Base45Error);
    expect(() => decodeBase45('BB#')).toThrow(Base45Error);
  });

  it('round-trips any bytes, using only the QR alphanumeric alphabet', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (input) => {
        const text = encodeBase45(input);
        expect(text).toMatch(/^[0-9A-Z $%*+\-./:]*$/);
        expect(text.length).toBe(Math.floor(input.length / 2) * 3 + (input.length % 2) * 2);
        expect(decodeBase45(text)).toEqual(input);
      }),
    );
  });
});
