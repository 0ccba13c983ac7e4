/**
 * The licence page and the seal, drawn once more by the PDF's own layout code (licence/render/layout.ts,
 * seal-drawing.ts) onto a recording surface instead of a pdf-lib page: one page model, two renditions. The
 * recorder keeps what is drawn — paths and text runs, in PDF user space (points, y up) — and the OFD writer
 * turns each into an OFD object. Pure; nothing of pdf-lib's document machinery is used.
 */
import { type PDFDocument, type PDFFont, type PDFOperator, type PDFPage, PDFString } from 'pdf-lib';
import type { FontSet } from '../licence/render/fonts.js';
import { drawLicencePage, type PageContent } from '../licence/render/layout.js';
import { buildSealAppearance } from '../licence/render/seal-drawing.js';
import type { EmbeddedFonts } from '../licence/render/text.js';

/** An RGB colour, components 0..1. */
export interface Rgb {
  red: number;
  green: number;
  blue: number;
}

/** One path segment in PDF user space. */
export type Segment =
  | ['M' | 'L', number, number]
  | ['C', number, number, number, number, number, number]
  | ['Z'];

/** Something drawn: a path (filled and/or stroked) or a run of text in one font. */
export type Mark =
  | { kind: 'path'; segments: Segment[]; fill?: Rgb; stroke?: Rgb; lineWidth: number }
  | {
      kind: 'text';
      text: string;
      fontIndex: number;
      size: number;
      /** Text matrix: glyph space (scaled by size) to user space: [a b c d e f]. */
      matrix: [number, number, number, number, number, number];
      fill: Rgb;
      /** Outline width when drawn bold (fill + stroke). */
      outline?: number;
    };

interface GraphicsState {
  fill: Rgb;
  stroke: Rgb;
  lineWidth: number;
  /** Text rendering mode 2 (fill then stroke): the layout's simulated bold. */
  fillAndStroke: boolean;
  font: { index: number; size: number };
}

const BLACK: Rgb = { red: 0, green: 0, blue: 0 };

/** The recording surface and what it holds. */
class Recorder {
  readonly marks: Mark[] = [];
  private state: GraphicsState = {
    fill: BLACK,
    stroke: BLACK,
    lineWidth: 1,
    fillAndStroke: false,
    font: { index: 0, size: 12 },
  };
  private readonly saved: GraphicsState[] = [];
  private path: Segment[] = [];
  private textMatrix: [number, number, number, number, number, number] = [1, 0, 0, 1, 0, 0];

  constructor(private readonly fontSet: FontSet) {}

  /** Runs content-stream operators (the subset the licence layout and the seal drawing emit). */
  run(operators: readonly PDFOperator[], textOf: (arg: unknown) => string = String): void {
    for (const operator of operators) {
      const { name, args } = operator as unknown as { name: string; args: unknown[] };
      const n = (i: number) => Number((args[i] as { asNumber?: () => number })?.asNumber?.() ?? args[i]);
      const s = this.state;
      switch (name) {
        case 'q':
          this.saved.push({ ...s });
          break;
        case 'Q':
          this.state = this.saved.pop() ?? s;
          break;
        case 'rg':
          this.state = { ...s, fill: { red: n(0), green: n(1), blue: n(2) } };
          break;
        case 'RG':
          this.state = { ...s, stroke: { red: n(0), green: n(1), blue: n(2) } };
          break;
        case 'w':
          this.state = { ...s, lineWidth: n(0) };
          break;
        case 'Tr':
          this.state = { ...s, fillAndStroke: n(0) === 2 };
          break;
        case 'Tf':
          this.state = { ...s, font: { index: Number(String(args[0]).replace(/^\/?F/, '')), size: n(1) } };
          break;
        case 'Tm':
          this.textMatrix = [n(0), n(1), n(2), n(3), n(4), n(5)];
          break;
        case 'Tj':
          this.text(textOf(args[0]), this.textMatrix);
          break;
        case 'm':
          this.path.push(['M', n(0), n(1)]);
          break;
        case 'l':
          this.path.push(['L', n(0), n(1)]);
          break;
        case 'c':
          this.path.push(['C', n(0), n(1), n(2), n(3), n(4), n(5)]);
          break;
        case 'h':
          this.path.push(['Z']);
          break;
        case 're': {
          const [x, y, w, h] = [n(0), n(1), n(2), n(3)];
          this.path.push(['M', x, y], ['L', x + w, y], ['L', x + w, y + h], ['L', x, y + h], ['Z']);
          break;
        }
        case 'f':
          this.paint({ fill: s.fill });
          break;
        case 'S':
          this.paint({ stroke: s.stroke });
          break;
        case 'B':
          this.paint({ fill: s.fill, stroke: s.stroke });
          break;
        default:
          // BT/ET and the like carry nothing the OFD needs.
          break;
      }
    }
  }

  private paint(how: { fill?: Rgb; stroke?: Rgb }): void {
    if (this.path.length > 0)
      this.marks.push({ kind: 'path', segments: this.path, lineWidth: this.state.lineWidth, ...how });
    this.path = [];
  }

  /** Text at `matrix` (glyph origin), split into runs one font each can print. */
  text(text: string, matrix: [number, number, number, number, number, number], fill = this.state.fill): void {
    const [a, b, c, d, e, f] = matrix;
    let advance = 0;
    const { size } = this.state.font;
    for (const run of this.fontSet.segment(text)) {
      this.marks.push({
        kind: 'text',
        text: run.text,
        fontIndex: run.fontIndex,
        size,
        matrix: [a, b, c, d, e + a * advance, f + b * advance],
        fill,
        ...(this.state.fillAndStroke ? { outline: this.state.lineWidth } : {}),
      });
      advance += this.fontSet.widthOf(run.text, size);
    }
  }

  setFontSize(size: number): void {
    this.state = { ...this.state, font: { ...this.state.font, size } };
  }

  /** The pdf-lib page methods the layout calls, recorded. */
  page(): PDFPage {
    const rect = (x: number, y: number, w: number, h: number): Segment[] => [
      ['M', x, y],
      ['L', x + w, y],
      ['L', x + w, y + h],
      ['L', x, y + h],
      ['Z'],
    ];
    const surface = {
      drawRectangle: (o: {
        x: number;
        y: number;
        width: number;
        height: number;
        borderColor?: Rgb;
        borderWidth?: number;
        color?: Rgb;
      }) => {
        this.marks.push({
          kind: 'path',
          segments: rect(o.x, o.y, o.width, o.height),
          lineWidth: o.borderWidth ?? 1,
          ...(o.color ? { fill: o.color } : {}),
          ...(o.borderColor ? { stroke: o.borderColor } : {}),
        });
      },
      drawSquare: (o: { x: number; y: number; size: number; color?: Rgb }) => {
        this.marks.push({
          kind: 'path',
          segments: rect(o.x, o.y, o.size, o.size),
          lineWidth: 0,
          fill: o.color ?? BLACK,
        });
      },
      drawLine: (o: {
        start: { x: number; y: number };
        end: { x: number; y: number };
        thickness?: number;
        color?: Rgb;
      }) => {
        this.marks.push({
          kind: 'path',
          segments: [
            ['M', o.start.x, o.start.y],
            ['L', o.end.x, o.end.y],
          ],
          lineWidth: o.thickness ?? 1,
          stroke: o.color ?? BLACK,
        });
      },
      drawText: (text: string, o: { x: number; y: number; size: number; color?: Rgb }) => {
        this.setFontSize(o.size);
        this.text(text, [1, 0, 0, 1, o.x, o.y], o.color ?? BLACK);
      },
      pushOperators: (...operators: PDFOperator[]) => this.run(operators),
    };
    return surface as unknown as PDFPage;
  }
}

/**
 * Stand-ins for embedded pdf-lib fonts: the layout only measures with them (the same advances pdf-lib uses,
 * from the same font files) and hands them back to `drawText`; the seal drawing encodes its characters with
 * them, which here keeps the character itself.
 */
function measuringFonts(fontSet: FontSet): EmbeddedFonts {
  return fontSet.bytes.map(
    (_, index) =>
      ({
        ref: `F${index}`,
        widthOfTextAtSize: (text: string, size: number) => fontSet.widthOf(text, size),
        encodeText: (text: string) => PDFString.of(text),
      }) as unknown as PDFFont,
  );
}

/** What the licence page draws, recorded. */
export function recordLicencePage(
  fontSet: FontSet,
  content: PageContent,
): { marks: Mark[]; sealRect: [number, number, number, number] } {
  const recorder = new Recorder(fontSet);
  const sealRect = drawLicencePage(
    { page: recorder.page(), fontSet, fonts: measuringFonts(fontSet) },
    content,
  );
  return { marks: recorder.marks, sealRect };
}

/** What the seal appearance draws (its box is `0 0 d d`), recorded from the PDF's own seal drawing. */
export function recordSeal(
  fontSet: FontSet,
  seal: { issuer: string; purpose: string; diameter: number },
): Mark[] {
  let operators: PDFOperator[] = [];
  const doc = {
    context: {
      formXObject: (ops: PDFOperator[]) => {
        operators = ops;
        return ops;
      },
      register: () => 'seal',
    },
  } as unknown as PDFDocument;
  buildSealAppearance(doc, fontSet, measuringFonts(fontSet), seal);
  const recorder = new Recorder(fontSet);
  recorder.run(operators, (arg) => (arg instanceof PDFString ? arg.asString() : String(arg)));
  return recorder.marks;
}
