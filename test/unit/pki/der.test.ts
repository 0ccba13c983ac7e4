import fc from 'fast-check';
import forge from 'node-forge';
import { describe, expect, it } from 'vitest';
import {
  decodeDer,
  encodeDer,
  sortedSet,
  unsignedInteger,
  utf8String,
} from '../../../functions/core/pki/der.js';
import { KEY_USAGE_BITS, keyUsageBitString } from '../../../functions/core/pki/extensions.js';

const toBigInt = (bytes: Uint8Array) => BigInt(`0x0${Buffer.from(bytes).toString('hex')}`);

describe('unsignedInteger', () => {
  it('encodes any unsigned big-endian value as a minimal, positive DER INTEGER', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 24 }), (bytes) => {
        // Act
        const der = encodeDer(unsignedInteger(bytes));
        // Assess: X.690 §8.3 — content is two's complement, minimal, and here never negative
        const content = Buffer.from(der.subarray(2));
        expect(der[0]).toBe(0x02);
        expect(der[1]).toBe(content.length);
        expect((content[0] ?? 0) & 0x80).toBe(0);
        if (content.length > 1) expect(content[0] === 0 && ((content[1] ?? 0) & 0x80) === 0).toBe(false);
        expect(toBigInt(content)).toBe(toBigInt(bytes));
      }),
    );
  });
});

describe('keyUsageBitString', () => {
  it('drops trailing zero bits and keeps every named bit (X.690 §11.2.2)', () => {
    fc.assert(
      fc.property(fc.subarray([...KEY_USAGE_BITS], { minLength: 1 }), (usages) => {
        // Act
        const der = encodeDer(keyUsageBitString(usages));
        // Assess
        const [, , unused = 0, value = 0] = der;
        expect(der).toHaveLength(4);
        expect(value & ((1 << unused) - 1)).toBe(0);
        expect(value & (1 << unused)).not.toBe(0);
        const decoded = KEY_USAGE_BITS.filter((_, bit) => (value & (0x80 >> bit)) !== 0);
        expect(decoded).toEqual(KEY_USAGE_BITS.filter((usage) => usages.includes(usage)));
      }),
    );
  });

  it('encodes digitalSignature+nonRepudiation as the well-known 03 02 06 c0', () => {
    expect(
      Buffer.from(encodeDer(keyUsageBitString(['digitalSignature', 'nonRepudiation']))).toString('hex'),
    ).toBe('030206c0');
  });
});

describe('sortedSet and UTF8String', () => {
  it('orders SET OF members by encoding whatever order they come in', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme', maxLength: 8 }), { maxLength: 6 }), (texts) => {
        const encodings = (sortedSet(texts.map(utf8String)).value as forge.asn1.Asn1[]).map((item) =>
          Buffer.from(encodeDer(item)),
        );
        expect([...encodings].sort(Buffer.compare)).toEqual(encodings);
      }),
    );
  });

  it('round-trips Chinese text through UTF8String', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 20 }), (text) => {
        const node = decodeDer(encodeDer(utf8String(text)));
        expect(forge.util.decodeUtf8(node.value as string)).toBe(text);
      }),
    );
    expect(Buffer.from(encodeDer(utf8String('印'))).toString('hex')).toBe('0c03e58db0');
  });
});
