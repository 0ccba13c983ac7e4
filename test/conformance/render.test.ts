/**
 * The rendered licence checked with independent tools (Debian: poppler-utils, zbar-tools): poppler must
 * extract the Chinese text, every glyph must leave ink when rasterised (the fontkit 1.1.1 subsetting bug
 * leaves extractable but blank glyphs), zbar must read the QR, and the seal must come out red.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadLicenceFonts } from '../../functions/adapters/font-files.js';
import { drawSealOnPage } from '../../functions/core/licence/render/preview.js';
import {
  createLicenceRenderer,
  type LicenceRenderInput,
  type RenderedLicence,
} from '../../functions/core/licence/render/render-licence.js';
import { foodTemplate } from '../fixtures/licence.js';
import {
  decodeBarcodes,
  hasTool,
  type PdfWord,
  pdfText,
  pdfWords,
  type Raster,
  renderPage,
  shareOfPixels,
} from '../support/pdf-tools.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

const template = foodTemplate();

const sample: LicenceRenderInput = {
  template,
  certificateId: 'c7d5a8e2-0001',
  number: '湘食SC20260326001',
  identifier: '1.2.156.3005.2.SC01.11430000MB1234567X.2026032600001.7',
  holder: {
    name: '欧阳喆堃䶮𠇔',
    idNumber: '430102199001011234',
    organization: '长沙市芙蓉区喆堃食品有限公司（Changsha Zhekun Foods Co., Ltd.）',
  },
  fields: {
    productName:
      '特级冷榨芝麻香油（含花生、大豆等过敏原）与手工石磨芝麻酱组合装礼盒 500ml×2 瓶，外加赠品小磨香油 100ml',
    address: '湖南省长沙市芙蓉区人民东路 123 号 4 栋 5 楼',
    categories: ['食用油、油脂及其制品', '调味品'],
    capacity: 1200.5,
  },
  issuedAt: new Date('2026-03-26T02:00:00Z'),
  validFrom: new Date('2026-03-26T02:00:00Z'),
  validUntil: new Date('2031-03-25T15:59:59Z'),
  verifyUrl: 'https://zz.example.gov.cn/verify/c7d5a8e2-0001?code=AB12CD34',
};

const toolsPresent =
  (await hasTool('pdftoppm')) && (await hasTool('pdftotext')) && (await hasTool('zbarimg'));
/** Ink of any printed colour (body text is near-black, the footnote grey), as opposed to paper white. */
const isInk = ([r, g, b]: [number, number, number]) => r < 200 && g < 200 && b < 200;
const isSealRed = ([r, g, b]: [number, number, number]) => r > 170 && g < 110 && b < 120;
const HAN = /\p{Script=Han}/u;

/**
 * Cells of ideographs that carry no ink. pdftotext groups CJK text into words; every character in a
 * word of ideographs and full-width punctuation is one em wide, so the box divides into equal cells.
 */
function blankHanCells(words: PdfWord[], raster: Raster): string[] {
  const blank: string[] = [];
  for (const word of words.filter((w) => /^[\p{Script=Han}，。、；：（）《》]+$/u.test(w.text))) {
    const chars = [...word.text];
    const cell = (word.xMax - word.xMin) / chars.length;
    chars.forEach((char, i) => {
      if (!HAN.test(char)) return;
      const box = {
        xMin: word.xMin + i * cell + cell * 0.1,
        xMax: word.xMin + (i + 1) * cell - cell * 0.1,
        yMin: word.yMin,
        yMax: word.yMax,
      };
      if (shareOfPixels(raster, box, isInk) < 0.01) blank.push(char);
    });
  }
  return blank;
}

let unsealed: Uint8Array;
let sealed: Uint8Array;
let rendered: RenderedLicence;

beforeAll(async () => {
  const renderer = createLicenceRenderer(await loadLicenceFonts());
  unsealed = await (await renderer.render(sample)).doc.save();
  rendered = await renderer.render(sample);
  drawSealOnPage(rendered);
  sealed = await rendered.doc.save();
});

describe.skipIf(!toolsPresent)('rendered licence through poppler and zbar', () => {
  it('has text that pdftotext extracts, rare name characters included, ID number only masked', async () => {
    // Act
    const text = await pdfText(unsealed);
    const compact = text.replace(/\s+/g, '');
    // Assess
    expect(compact).toContain('食品生产许可证');
    expect(compact).toContain('欧阳喆堃䶮𠇔');
    expect(compact).toContain('430***********1234');
    expect(compact).not.toContain('430102199001011234');
    expect(compact).toContain('发证机关：湖南省市场监督管理局');
    expect(compact).toContain('2026年3月26日至2031年3月25日');
    expect(compact).toContain(sample.identifier);
    expect(compact).toContain('特级冷榨芝麻香油（含花生、大豆等过敏原）');
  });

  it('prints ink for every ideograph on the page at 150 dpi (no blank glyphs from subsetting)', async () => {
    // Prepare
    const words = await pdfWords(unsealed);
    const raster = await renderPage(unsealed, { dpi: 150 });
    const checked = words
      .filter((w) => HAN.test(w.text))
      .flatMap((w) => [...w.text].filter((c) => HAN.test(c)));
    // Act
    const blank = blankHanCells(words, raster);
    // Assess
    expect(checked.length).toBeGreaterThan(150);
    expect(checked).toEqual(expect.arrayContaining(['喆', '堃', '䶮', '𠇔']));
    expect(blank).toEqual([]);
  });

  it('has a QR code that zbarimg decodes to exactly the verify URL', async () => {
    // Prepare
    const raster = await renderPage(unsealed, { dpi: 150 });
    // Act
    const decoded = await decodeBarcodes(raster.png);
    // Assess
    expect(decoded).toEqual([sample.verifyUrl]);
  });

  it('shows the stamped seal as a red ring and star at the seal rectangle', async () => {
    // Prepare
    const raster = await renderPage(sealed, { dpi: 150 });
    const pageHeight = rendered.doc.getPage(0).getHeight();
    const [x1, , x2, y2] = rendered.seal.rect;
    const d = x2 - x1;
    const cx = x1 + d / 2;
    const cy = pageHeight - y2 + d / 2;
    const ringRadius = d / 2 - d * 0.015 - 0.5;
    const ringSamples = Array.from({ length: 72 }, (_, i) => (i * Math.PI) / 36).map((a) => ({
      xMin: cx + ringRadius * Math.cos(a) - 0.6,
      xMax: cx + ringRadius * Math.cos(a) + 0.6,
      yMin: cy - ringRadius * Math.sin(a) - 0.6,
      yMax: cy - ringRadius * Math.sin(a) + 0.6,
    }));
    const starCentre = {
      xMin: cx - d * 0.04,
      xMax: cx + d * 0.04,
      yMin: cy - d * 0.055,
      yMax: cy + d * 0.025,
    };
    const outside = { xMin: x1 - 20, xMax: x1 - 6, yMin: cy - 5, yMax: cy + 5 };
    // Act
    const redRing = ringSamples.filter((box) => shareOfPixels(raster, box, isSealRed) > 0.5).length;
    const redStar = shareOfPixels(raster, starCentre, isSealRed);
    // Assess
    expect(redRing / ringSamples.length).toBeGreaterThan(0.95);
    expect(redStar).toBeGreaterThan(0.9);
    expect(shareOfPixels(raster, outside, isSealRed)).toBe(0);
  });

  it('keeps the seal off the page content until it is stamped (it lives only in the appearance)', async () => {
    // Prepare
    const raster = await renderPage(unsealed, { dpi: 72 });
    const [x1, y1, x2, y2] = rendered.seal.rect;
    const box = { xMin: x1, xMax: x2, yMin: raster.height - y2, yMax: raster.height - y1 };
    // Act / Assess
    expect(shareOfPixels(raster, box, isSealRed)).toBe(0);
  });

  it.runIf(process.env.UPDATE_LICENCE_SAMPLE === '1')('writes docs/licence-sample.png', async () => {
    const raster = await renderPage(sealed, { dpi: 110 });
    await writeFile(path.join(repoRoot, 'docs', 'licence-sample.png'), raster.png);
  });
});
