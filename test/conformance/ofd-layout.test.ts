/**
 * One page model, two renditions: every text run of the OFD stands where `pdftotext -bbox` (poppler, an
 * independent reader of the PDF) finds the same text in the PDF rendered from the same input, and the seal's
 * StampAnnot covers the PDF's seal widget rectangle.
 */
import { describe, expect, it } from 'vitest';
import { loadLicenceFonts } from '../../functions/adapters/font-files.js';
import { createLicenceRenderer } from '../../functions/core/licence/render/render-licence.js';
import { ofdInput, testOfdRenderer } from '../support/ofd.js';
import { hasTool, pdfWords } from '../support/pdf-tools.js';

const PT_PER_MM = 72 / 25.4;

describe.skipIf(!(await hasTool('pdftotext')))('the OFD page and the PDF page', () => {
  it('print every text run at the same place, and the seal over the same rectangle', async () => {
    // Prepare: a holder with rare characters (喆 堃) and a long identifier that wraps.
    const input = ofdInput({ holder: { name: '欧阳喆堃', organization: '湖南康达医疗器械有限公司' } });
    const rendered = await createLicenceRenderer(await loadLicenceFonts()).render(input);
    const words = await pdfWords(await rendered.doc.save());
    // Act
    const unsigned = (await testOfdRenderer()).render(input);
    const content = new TextDecoder().decode(unsigned.files.get('Doc_0/Pages/Page_0/Content.xml'));
    const runs = [
      ...content.matchAll(/<ofd:TextCode X="([\d.]+)" Y="([\d.]+)"[^>]*>([^<]+)<\/ofd:TextCode>/g),
    ].map((m) => ({ x: Number(m[1]) * PT_PER_MM, y: Number(m[2]) * PT_PER_MM, text: m[3] as string }));
    // Assess: each run's first word is a PDF word starting at the run's x, its box around the run's baseline.
    expect(runs.length).toBeGreaterThan(20);
    const misplaced = runs.filter(({ x, y, text }) => {
      const first = text.trim().split(/\s+/)[0] ?? '';
      return !words.some(
        (w) => w.text.startsWith(first) && Math.abs(w.xMin - x) < 1.5 && w.yMin < y && y < w.yMax + 1.5,
      );
    });
    expect(misplaced).toEqual([]);
    for (const name of ['欧阳喆堃', '湖南康达医疗器械有限公司'])
      expect(content).toContain(`>${name}</ofd:TextCode>`);
    const [x1, y1, x2, y2] = rendered.seal.rect;
    const [bx, by, bw, bh] = unsigned.sealBoundary;
    const pageHeight = 841.89;
    expect(bx * PT_PER_MM).toBeCloseTo(x1, 0);
    expect(pageHeight - by * PT_PER_MM).toBeCloseTo(y2, 0);
    expect((bx + bw) * PT_PER_MM).toBeCloseTo(x2, 0);
    expect(pageHeight - (by + bh) * PT_PER_MM).toBeCloseTo(y1, 0);
  });
});
