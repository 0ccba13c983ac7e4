import { inflateSync } from 'node:zlib';
import { degrees, numberToString, PDFArray, PDFDocument, PDFName, PDFRawStream, rgb } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { PageContentWriter, pdfNumber } from '../../../functions/core/licence/render/content-writer.js';

const text = (writer: PageContentWriter) => Buffer.from(writer.contents()).toString('latin1');

describe('page content writer', () => {
  it('writes rectangles and lines as pdf-lib draws them, without its identity transforms', () => {
    // Arrange
    const writer = new PageContentWriter([]);
    // Act
    writer.drawRectangle({
      x: 26,
      y: 26,
      width: 543.28,
      height: 789.89,
      borderColor: rgb(0.64, 0.47, 0.18),
      borderWidth: 2.4,
    });
    writer.drawSquare({ x: 29, y: 29, size: 8, color: rgb(0.64, 0.47, 0.18) });
    writer.drawLine({
      start: { x: 78, y: 699 },
      end: { x: 517, y: 699 },
      thickness: 0.6,
      color: rgb(0.64, 0.47, 0.18),
    });
    // Assess
    expect(text(writer)).toBe(
      [
        'q',
        '0.64 0.47 0.18 RG',
        '2.4 w',
        '[] 0 d',
        '1 0 0 1 26 26 cm',
        '0 0 m',
        '0 789.89 l',
        '543.28 789.89 l',
        '543.28 0 l',
        'h',
        'S',
        'Q',
        'q',
        '0.64 0.47 0.18 rg',
        '0 w',
        '[] 0 d',
        '1 0 0 1 29 29 cm',
        '0 0 m',
        '0 8 l',
        '8 8 l',
        '8 0 l',
        'h',
        'f',
        'Q',
        'q',
        '0.64 0.47 0.18 RG',
        '0.6 w',
        '[] 0 d',
        '78 699 m',
        '517 699 l',
        'S',
        'Q',
        '',
      ].join('\n'),
    );
  });

  it('refuses options it would not draw as pdf-lib does', () => {
    // Arrange
    const writer = new PageContentWriter([]);
    // Act / Assess
    expect(() => writer.drawRectangle({ x: 1, y: 1, rotate: degrees(10) })).toThrow(/rotate/);
    expect(() => writer.drawText('x', { x: 1, y: 1 })).toThrow(/fonts it was made with/);
  });

  it('writes numbers as pdf-lib does, never in exponent notation', () => {
    for (const n of [12, 0.5, 1e-7, -2.25, 123456.789, 2e21]) expect(pdfNumber(n)).toBe(numberToString(n));
    expect(pdfNumber(1e-7)).not.toContain('e');
  });

  it('names each embedded font once (/F0) and attaches one deflated content stream', async () => {
    // Arrange
    const doc = await PDFDocument.create();
    const font = await doc.embedFont('Helvetica');
    const page = doc.addPage([200, 200]);
    const writer = new PageContentWriter([font]);
    // Act
    writer.drawText('AB', { x: 10, y: 20, size: 12, font, color: rgb(0, 0, 0) });
    writer.drawText('C', { x: 10, y: 40, size: 12, font, color: rgb(0, 0, 0) });
    writer.attach(doc, page);
    // Assess
    // pdf-lib keeps a page's Contents as an array of streams; ours is the only one.
    const contents = page.node.normalizedEntries().Contents;
    expect(contents).toBeInstanceOf(PDFArray);
    expect((contents as PDFArray).size()).toBe(1);
    const stream = doc.context.lookup((contents as PDFArray).get(0));
    expect(stream).toBeInstanceOf(PDFRawStream);
    const content = inflateSync((stream as PDFRawStream).contents).toString('latin1');
    expect(content).toContain('/F0 12 Tf\n1 0 0 1 10 20 Tm\n<4142> Tj');
    expect(page.node.Resources()?.lookup(PDFName.of('Font'))?.toString()).toMatch(/^<<\n\/F0 \d+ 0 R\n>>$/);
  });
});
