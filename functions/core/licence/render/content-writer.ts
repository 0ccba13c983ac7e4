/**
 * The licence page's content stream, written as text while the layout draws. pdf-lib's page methods build an
 * operator object and a PDFNumber per number, check every option, and name a fresh font resource for every
 * `drawText`; at save the objects are formatted back to text (each number twice: to size, then to copy). That
 * was about half of a licence's render. This surface takes the same calls the layout makes on a pdf-lib page
 * and writes the same operators (less pdf-lib's no-ops: identity `cm`s, a repeated `m`, `TL`/`T*` on a
 * one-line text), one font resource per embedded font. Options the layout does not use are refused rather
 * than silently drawn differently.
 */
import { deflateSync } from 'node:zlib';
import {
  type Color,
  ColorTypes,
  cleanText,
  lineSplit,
  numberToString,
  type PDFDocument,
  type PDFFont,
  PDFName,
  type PDFOperator,
  type PDFPage,
  type PDFPageDrawLineOptions,
  type PDFPageDrawRectangleOptions,
  type PDFPageDrawSquareOptions,
  type PDFPageDrawTextOptions,
  PDFRawStream,
} from 'pdf-lib';
import type { EmbeddedFonts } from './text.js';

/** The pdf-lib page methods the licence layout draws with (a recorder or this writer can stand in). */
export type PageSurface = Pick<
  PDFPage,
  'drawRectangle' | 'drawSquare' | 'drawLine' | 'drawText' | 'pushOperators'
>;

/** A number as pdf-lib writes it (`String(n)`, but never in exponent notation). */
export function pdfNumber(n: number): string {
  const text = String(n);
  return text.includes('e') ? numberToString(n) : text;
}

function colorOperator(color: Color, stroking: boolean): string {
  switch (color.type) {
    case ColorTypes.RGB:
      return `${pdfNumber(color.red)} ${pdfNumber(color.green)} ${pdfNumber(color.blue)} ${stroking ? 'RG' : 'rg'}`;
    case ColorTypes.Grayscale:
      return `${pdfNumber(color.gray)} ${stroking ? 'G' : 'g'}`;
    default:
      return `${pdfNumber(color.cyan)} ${pdfNumber(color.magenta)} ${pdfNumber(color.yellow)} ${pdfNumber(color.key)} ${stroking ? 'K' : 'k'}`;
  }
}

/** pdf-lib's page defaults the layout relies on. */
const DEFAULT_TEXT = { size: 24, lineHeight: 24 } as const;
const BLACK: Color = { type: ColorTypes.RGB, red: 0, green: 0, blue: 0 };

function refuse(options: object, supported: readonly string[], method: string): void {
  for (const key of Object.keys(options)) {
    if ((options as Record<string, unknown>)[key] !== undefined && !supported.includes(key))
      throw new Error(`PageContentWriter.${method} does not support option ${key}`);
  }
}

const RECTANGLE_OPTIONS = [
  'x',
  'y',
  'width',
  'height',
  'size',
  'color',
  'borderColor',
  'borderWidth',
] as const;
const LINE_OPTIONS = ['start', 'end', 'thickness', 'color'] as const;
const TEXT_OPTIONS = ['x', 'y', 'size', 'font', 'color'] as const;

/** Writes one page's content; `attach` puts it (deflated) and its font resources on the page. */
export class PageContentWriter implements PageSurface {
  private readonly lines: string[] = [];
  private readonly fontNames = new Map<PDFFont, string>();
  private readonly usedFonts = new Map<string, PDFFont>();

  /** `fonts` by index, as `embedFontsFor` returns them: font `i` is resource `/F{i}` (as in the seal's form). */
  constructor(fonts: EmbeddedFonts) {
    fonts.forEach((font, index) => {
      if (font) this.fontNames.set(font, `F${index}`);
    });
  }

  drawRectangle(options: PDFPageDrawRectangleOptions = {}): void {
    refuse(options, RECTANGLE_OPTIONS, 'drawRectangle');
    const { x = 0, y = 0, width = 150, height = 100, borderWidth = 0 } = options;
    const { color, borderColor } =
      'color' in options || 'borderColor' in options ? options : { color: BLACK, borderColor: undefined };
    const lines = this.lines;
    lines.push('q');
    if (color) lines.push(colorOperator(color, false));
    if (borderColor) lines.push(colorOperator(borderColor, true));
    const w = pdfNumber(width);
    const h = pdfNumber(height);
    lines.push(
      `${pdfNumber(borderWidth)} w`,
      '[] 0 d',
      `1 0 0 1 ${pdfNumber(x)} ${pdfNumber(y)} cm`,
      '0 0 m',
      `0 ${h} l`,
      `${w} ${h} l`,
      `${w} 0 l`,
      'h',
      color && borderWidth ? 'B' : color ? 'f' : borderColor ? 'S' : 'h',
      'Q',
    );
  }

  drawSquare(options: PDFPageDrawSquareOptions = {}): void {
    const { size, ...rest } = options;
    this.drawRectangle({ ...rest, width: size, height: size });
  }

  drawLine(options: PDFPageDrawLineOptions): void {
    refuse(options, LINE_OPTIONS, 'drawLine');
    const { start, end, thickness = 1 } = options;
    const color = 'color' in options ? options.color : BLACK;
    this.lines.push('q');
    if (color) this.lines.push(colorOperator(color, true));
    this.lines.push(
      `${pdfNumber(thickness)} w`,
      '[] 0 d',
      `${pdfNumber(start.x)} ${pdfNumber(start.y)} m`,
      `${pdfNumber(end.x)} ${pdfNumber(end.y)} l`,
      'S',
      'Q',
    );
  }

  drawText(text: string, options: PDFPageDrawTextOptions = {}): void {
    refuse(options, TEXT_OPTIONS, 'drawText');
    const { font, x = 0, y = 0, color = BLACK } = options;
    const size = options.size || DEFAULT_TEXT.size;
    const name = font && this.fontNames.get(font);
    if (!font || !name) throw new Error('PageContentWriter.drawText needs one of the fonts it was made with');
    this.usedFonts.set(name, font);
    const textLines = lineSplit(cleanText(text));
    this.lines.push('q', 'BT', colorOperator(color, false), `/${name} ${pdfNumber(size)} Tf`);
    if (textLines.length > 1) this.lines.push(`${DEFAULT_TEXT.lineHeight} TL`);
    this.lines.push(`1 0 0 1 ${pdfNumber(x)} ${pdfNumber(y)} Tm`);
    for (const line of textLines) {
      this.lines.push(`${font.encodeText(line).toString()} Tj`);
      if (textLines.length > 1) this.lines.push('T*');
    }
    this.lines.push('ET', 'Q');
  }

  pushOperators(...operators: PDFOperator[]): void {
    for (const operator of operators) this.lines.push(operator.toString());
  }

  /** The content written so far, as the stream's bytes (operators are ASCII: text goes in as hex glyph ids). */
  contents(): Uint8Array {
    return Buffer.from(`${this.lines.join('\n')}\n`, 'latin1');
  }

  /** Makes the content the page's only content stream, deflated (node:zlib), with the fonts it names. */
  attach(doc: PDFDocument, page: PDFPage): void {
    // pdf-lib sets /Length when it writes the stream.
    const stream = PDFRawStream.of(doc.context.obj({ Filter: 'FlateDecode' }), deflateSync(this.contents()));
    page.node.set(PDFName.of('Contents'), doc.context.register(stream));
    for (const [name, font] of this.usedFonts) page.node.setFontDictionary(PDFName.of(name), font.ref);
  }
}
