import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byteRangeAround, signedRanges, writeContents } from '../../../functions/core/pades/byte-range.js';

/** A file of `length` bytes with a gap [start, end) strictly inside it. */
const fileWithGap = fc.integer({ min: 4, max: 4000 }).chain((length) =>
  fc
    .tuple(fc.integer({ min: 1, max: length - 1 }), fc.integer({ min: 1, max: length - 1 }))
    .filter(([a, b]) => a !== b)
    .map(([a, b]) => ({ length, start: Math.min(a, b), end: Math.max(a, b) + 1 })),
);

describe('byteRangeAround / signedRanges', () => {
  it('covers every byte of the file exactly once except the gap', () => {
    fc.assert(
      fc.property(fileWithGap, ({ length, start, end }) => {
        // Prepare
        const pdf = Uint8Array.from({ length }, (_, index) => index % 251);
        // Act
        const range = byteRangeAround({ start, end }, length);
        const [first, second] = signedRanges(pdf, range);
        // Assess
        expect(range[0]).toBe(0);
        expect(range[2] + range[3]).toBe(length);
        expect([...first, ...second]).toEqual([...pdf.subarray(0, start), ...pdf.subarray(end)]);
      }),
    );
  });

  it('rejects a gap that starts at 0 or runs past the end', () => {
    expect(() => byteRangeAround({ start: 0, end: 4 }, 10)).toThrow(RangeError);
    expect(() => byteRangeAround({ start: 2, end: 11 }, 10)).toThrow(RangeError);
  });
});

describe('writeContents', () => {
  it('writes the DER as hex after "<" and leaves the rest of the placeholder as zeros', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.integer({ min: 0, max: 16 }), (der, spare) => {
        // Prepare
        const capacity = der.length + spare;
        const pdf = new TextEncoder().encode(`x<${'0'.repeat(capacity * 2)}>y`);
        // Act
        writeContents(pdf, { start: 1, end: 3 + capacity * 2 }, der);
        // Assess
        const hex = new TextDecoder().decode(pdf.subarray(2, 2 + capacity * 2));
        expect(hex).toBe(Buffer.from(der).toString('hex') + '00'.repeat(spare));
        expect(String.fromCharCode(pdf[1] ?? 0, pdf[2 + capacity * 2] ?? 0)).toBe('<>');
      }),
    );
  });

  it('refuses a CMS larger than the placeholder', () => {
    const pdf = new TextEncoder().encode('<0000>');
    expect(() => writeContents(pdf, { start: 0, end: 6 }, new Uint8Array(3))).toThrow(RangeError);
  });
});
