/**
 * A paginating canvas for the form templates: A4 pages drawn top to bottom, a new page when a block does not
 * fit, Chinese text wrapped by the licence renderer's rules (禁则) and drawn with its per-character font
 * fallback, so the same fonts and glyph coverage serve licences and templates.
 */
import { type PDFDocument, type PDFPage, rgb } from 'pdf-lib';
import type { FontSet } from '../licence/render/fonts.js';
import { PAGE_SIZE } from '../licence/render/page-model.js';
import { drawLine, type EmbeddedFonts } from '../licence/render/text.js';
import { wrapText } from '../licence/render/wrap.js';

export const INK = rgb(0.1, 0.1, 0.1);
export const MUTED = rgb(0.4, 0.4, 0.4);
export const RULE = rgb(0.35, 0.35, 0.35);
export const SHADE = rgb(0.93, 0.93, 0.93);

/** Printable area of a page, in points. */
export const AREA = { left: 56, right: PAGE_SIZE[0] - 56, top: PAGE_SIZE[1] - 56, bottom: 64 } as const;

/** Text in one style, wrapped to a width. */
export interface TextBlock {
  lines: string[];
  size: number;
  /** Distance between baselines. */
  leading: number;
}

export class TemplateCanvas {
  readonly pages: PDFPage[] = [];
  page: PDFPage;
  /** The top of the free space on the current page. */
  y: number = AREA.top;

  constructor(
    private readonly doc: PDFDocument,
    readonly fontSet: FontSet,
    readonly fonts: EmbeddedFonts,
  ) {
    this.page = this.addPage();
  }

  private addPage(): PDFPage {
    const page = this.doc.addPage(PAGE_SIZE);
    this.pages.push(page);
    this.page = page;
    this.y = AREA.top;
    return page;
  }

  /** Starts a new page unless `height` still fits above the bottom margin. */
  ensure(height: number): void {
    if (this.y - height < AREA.bottom && this.y < AREA.top) this.addPage();
  }

  wrap(text: string, width: number, size: number, leading = size * 1.45): TextBlock {
    return { lines: wrapText(text, width, (t) => this.fontSet.widthOf(t, size)), size, leading };
  }

  /** Height of a wrapped block (first line's ascent included). */
  static heightOf(block: TextBlock): number {
    return block.lines.length === 0 ? 0 : (block.lines.length - 1) * block.leading + block.size;
  }

  /** Draws a block whose first line's top is at `top`; returns the y below it. */
  text(
    block: TextBlock,
    x: number,
    top: number,
    options: { color?: typeof INK; bold?: boolean } = {},
  ): number {
    block.lines.forEach((line, i) => {
      drawLine(this.page, this.fontSet, this.fonts, line, {
        x,
        y: top - block.size * 0.88 - i * block.leading,
        size: block.size,
        color: options.color ?? INK,
        bold: options.bold ?? false,
      });
    });
    return top - TemplateCanvas.heightOf(block);
  }

  /** One line centred on the page at baseline `y`. */
  centred(text: string, y: number, size: number, bold = false): void {
    const x = (PAGE_SIZE[0] - this.fontSet.widthOf(text, size)) / 2;
    drawLine(this.page, this.fontSet, this.fonts, text, { x, y, size, color: INK, bold });
  }

  /** A cell outline (x, top, width, height), optionally shaded. */
  cell(x: number, top: number, width: number, height: number, shaded = false): void {
    this.page.drawRectangle({
      x,
      y: top - height,
      width,
      height,
      borderColor: RULE,
      borderWidth: 0.6,
      ...(shaded ? { color: SHADE } : {}),
    });
  }

  /** A tick box whose top left corner is at (x, top). */
  box(x: number, top: number, size = 8.5): void {
    this.page.drawRectangle({
      x,
      y: top - size,
      width: size,
      height: size,
      borderColor: INK,
      borderWidth: 0.7,
    });
  }

  /** A writing line from x1 to x2 at y. */
  underline(x1: number, x2: number, y: number): void {
    this.page.drawLine({ start: { x: x1, y }, end: { x: x2, y }, thickness: 0.5, color: RULE });
  }

  /** Page footers (`第 i 页 共 n 页` and a note), once every page exists. */
  footers(note: string): void {
    this.pages.forEach((page, i) => {
      const numbering = `第 ${i + 1} 页 共 ${this.pages.length} 页`;
      const size = 8;
      const x = AREA.right - this.fontSet.widthOf(numbering, size);
      drawLine(page, this.fontSet, this.fonts, numbering, { x, y: 36, size, color: MUTED });
      drawLine(page, this.fontSet, this.fonts, note, { x: AREA.left, y: 36, size, color: MUTED });
    });
  }
}
