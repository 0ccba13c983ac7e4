import * as fontkit from 'fontkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadLicenceFonts } from '../../../functions/adapters/font-files.js';
import {
  FontSet,
  type LicenceFonts,
  substitutingLayout,
} from '../../../functions/core/licence/render/fonts.js';

/** What pdf-lib does with the adapter's subset: include glyphs, then read the encoded font from events. */
interface StreamingSubset {
  includeGlyph(glyph: fontkit.Glyph): number;
  encodeStream(): { on(event: string, handler: (value?: Uint8Array) => void): unknown };
}

const encoded = (subset: StreamingSubset): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const stream = subset.encodeStream();
    let data: Uint8Array | undefined;
    stream.on('data', (value) => {
      data = value;
    });
    stream.on('error', reject);
    stream.on('end', () => (data ? resolve(Buffer.from(data)) : reject(new Error('no data'))));
  });

let fonts: LicenceFonts;

beforeAll(async () => {
  fonts = await loadLicenceFonts();
});

describe('font subsets of the licence fonts', () => {
  // Ideographs, Latin, digits, punctuation, a space (a glyph without outline) and a rare name character.
  const texts = ['湖南省市场监督管理局 张小三 喆堃䶮', 'Zhengzhao SC-2026 No.0001 (A/B)', '，。：“”《》　'];

  it.each([
    ['primary', 0, texts],
    ['fallback', 1, ['𠇔 香港 ABC 123']],
  ])('the %s font subsets to the same bytes as fontkit itself', async (_name, index, strings) => {
    // Arrange
    const bytes = index === 0 ? fonts.primary : (fonts.fallbacks[index - 1] as Uint8Array);
    const adapted = new FontSet(fonts).pdfFontkit.create(bytes) as unknown as {
      layout: fontkit.Font['layout'];
      createSubset(): StreamingSubset;
    };
    const plain = fontkit.create(Buffer.from(bytes)) as fontkit.Font;
    const glyphs = (font: Pick<fontkit.Font, 'layout'>) => strings.flatMap((s) => font.layout(s).glyphs);
    // Act
    const ours = adapted.createSubset();
    for (const glyph of glyphs(adapted)) ours.includeGlyph(glyph);
    const reference = plain.createSubset();
    for (const glyph of glyphs(plain)) reference.includeGlyph(glyph);
    // Assess
    const expected = Buffer.from(reference.encode());
    expect(glyphs(plain).length).toBeGreaterThan(10);
    expect((await encoded(ours)).equals(expected)).toBe(true);
  });
});

describe('shaping without positioning', () => {
  // Latin with ligatures (fi, fl) and kerning pairs (AV, To), mixed scripts, punctuation, a zero-width space
  // (a default ignorable), digits, a rare name character, and an Extension B ideograph in the fallback font.
  const texts = [
    '湖南省药品监督管理局 医疗器械出口销售证明 持证人：欧阳喆堃',
    'Certificate of Free Sale for Export: office fluffy AVATAR To Wa',
    'Sterile syringe for single use 37 — 1ml、2ml、5ml、10ml、20ml',
    '湘械注准20232140037（有效期至2028年06月30日）\u200b《》“”',
    '1.2.156.3005.2.YJ0207.11430000MB1D715235.0000037.001.X',
  ];

  it.each([
    ['primary', 0, texts],
    ['fallback', 1, ['𠇔 香港 ABC office 123', ...texts]],
  ])('gives the %s font the same glyphs as fontkit’s full layout', (_name, index, strings) => {
    // Arrange
    const bytes = index === 0 ? fonts.primary : (fonts.fallbacks[index - 1] as Uint8Array);
    const font = fontkit.create(Buffer.from(bytes)) as fontkit.Font;
    const layout = substitutingLayout(font);
    for (const text of strings) {
      // Act
      const full = font.layout(text).glyphs;
      const substituted = layout(text).glyphs;
      // Assess
      expect(substituted.map((g) => g.id)).toEqual(full.map((g) => g.id));
      expect(substituted.map((g) => g.advanceWidth)).toEqual(full.map((g) => g.advanceWidth));
    }
  });

  it('leaves the font’s own layout positioned (kerning still applies there)', () => {
    // Arrange
    const font = fontkit.create(Buffer.from(fonts.primary)) as fontkit.Font;
    substitutingLayout(font);
    // Act
    const run = font.layout('AVATAR To Wa');
    // Assess: the full layout still runs GPOS, so some pair is kerned (an advance differs from its glyph's)
    expect(run.positions.some((p, i) => p.xAdvance !== run.glyphs[i]?.advanceWidth)).toBe(true);
  });
});
