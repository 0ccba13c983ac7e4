/**
 * Which characters a licence can print: the shipped glyph data against the installed fonts' cmaps, and the
 * intake check that refuses what no font can draw, bidi controls, controls and lone surrogates.
 */
import fc from 'fast-check';
import * as fontkit from 'fontkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadLicenceFonts } from '../../../functions/adapters/font-files.js';
import { licenceGlyphCoverage } from '../../../functions/adapters/licence-glyphs.js';
import data from '../../../functions/adapters/licence-glyphs.json' with { type: 'json' };
import {
  GlyphCoverage,
  packRanges,
  rangesOf,
  refuseUnprintable,
  unpackRanges,
  unprintableCharacters,
} from '../../../functions/core/licence/printable.js';
import { licenceGlyphData } from '../../../scripts/licence-glyphs.js';

let fonts: fontkit.Font[];
beforeAll(async () => {
  const { primary, fallbacks } = await loadLicenceFonts();
  fonts = [primary, ...fallbacks].map(
    (bytes) => fontkit.create(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)) as fontkit.Font,
  );
});

describe('the glyph data of the licence fonts', () => {
  it('is exactly what the installed fonts can draw (rerun scripts/licence-glyphs.ts after a font change)', async () => {
    expect(await licenceGlyphData()).toEqual(data);
  });

  it('agrees with the fonts on the characters of the issue and on a sample of every plane in use', () => {
    const coverage = licenceGlyphCoverage();
    const drawable = (cp: number) => fonts.some((font) => font.hasGlyphForCodePoint(cp));
    // 𠀋 U+2000B: in neither font (the example); 𠇔 U+201D4: only in the HK fallback.
    for (const cp of [0x2000b, 0x201d4, 0x202e, 0x4e00, 0x3400, 0x41, 0xe9, 0x20, 0xa, 0xfffd]) {
      expect(coverage.has(cp), cp.toString(16)).toBe(drawable(cp));
    }
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0x3ffff }), (cp) => coverage.has(cp) === drawable(cp)),
      { numRuns: 2000 },
    );
    expect(coverage.has(0x2000b)).toBe(false);
    expect(coverage.has(0x201d4)).toBe(true);
  });

  it('packs and unpacks ranges without loss', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 0x10ffff }), { maxLength: 200 }), (codePoints) => {
        const ranges = rangesOf(codePoints);
        expect(unpackRanges(packRanges(ranges))).toEqual(ranges);
        const coverage = new GlyphCoverage(ranges);
        for (const cp of codePoints) expect(coverage.has(cp)).toBe(true);
        expect(coverage.has(0x110000)).toBe(false);
      }),
    );
  });
});

describe('unprintableCharacters', () => {
  const coverage = licenceGlyphCoverage();

  it.each([
    ['a right-to-left override', `湖南\u202E司公限有`, 'U+202E'],
    ['a lone surrogate', '张\uD800三', 'U+D800'],
    ['a character no licence font has', '𠀋记物流有限公司', 'U+2000B'],
    ['a line break', '长沙市\n岳麓区', 'U+000A'],
    ['a zero-width space', '张\u200B三', 'U+200B'],
  ])('refuses %s, naming the field and the code point', (_, text, codePoint) => {
    const failures = unprintableCharacters({ route: { origin: text } }, coverage, '/form');

    expect(failures).toEqual([expect.objectContaining({ path: '/form/route/origin', codePoint })]);
    expect(failures[0]?.message).toMatch(/^[^a-zA-Z]*[\u4e00-\u9fff]/);
  });

  it('accepts rare names the fonts do draw (Extension A and B via the HK fallback) and ordinary text', () => {
    const form = { names: ['欧阳喆堃', '䶮', '𠇔', 'Zhāng Sān', '长沙市岳麓区麓谷大道100号（A栋）'] };

    expect(unprintableCharacters(form, coverage, '/form')).toEqual([]);
  });

  it('still refuses controls, bidi controls and surrogates without glyph data', () => {
    expect(unprintableCharacters(['a\u202Eb', 'c\uDC00', '𠀋'], undefined).map((f) => f.codePoint)).toEqual([
      'U+202E',
      'U+DC00',
    ]);
  });

  it('lists each code point once per field and at most 20 in all', () => {
    const repeated = unprintableCharacters({ a: '\u202E\u202E\u202E' }, coverage);
    const many = unprintableCharacters(
      Array.from({ length: 50 }, () => '\u202E'),
      coverage,
    );

    expect(repeated).toHaveLength(1);
    expect(many).toHaveLength(20);
  });

  it('throws 422 UNSUPPORTED_CHARACTER with every failure in details, Chinese first', () => {
    const failures = unprintableCharacters({ name: '𠀋' }, coverage, '/applicant');

    expect(() => refuseUnprintable(failures)).toThrowError(
      expect.objectContaining({
        kind: 'UNPROCESSABLE',
        code: 'UNSUPPORTED_CHARACTER',
        messageZh: expect.stringContaining('U+2000B'),
        details: { failures },
      }),
    );
    expect(() => refuseUnprintable([])).not.toThrow();
  });
});
