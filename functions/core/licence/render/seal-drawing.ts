/**
 * The red electronic seal (电子印章) as a vector Form XObject, drawn like a Chinese official round seal:
 * outer ring, five-pointed star in the centre, the authority's name along the upper arc (each character
 * turned to the arc), the seal's purpose straight under the star. The sealer uses it as the signature
 * widget's normal appearance, so the seal only exists where a signature exists.
 */
import {
  beginText,
  closePath,
  endText,
  fill,
  PDFOperatorNames as Op,
  type PDFDocument,
  PDFOperator,
  type PDFRef,
  popGraphicsState,
  pushGraphicsState,
  showText,
  stroke,
  TextRenderingMode,
} from 'pdf-lib';
import { pdfNumber } from './content-writer.js';
import type { FontSet } from './fonts.js';
import { SEAL_DIAMETER_PT } from './page-model.js';
import { type EmbeddedFonts, fontFor } from './text.js';

/** Seal red, #E60012 (the usual 印章红). */
export const SEAL_RED = { red: 230 / 255, green: 0, blue: 18 / 255 } as const;

/** Bézier approximation constant for a quarter circle. */
const KAPPA = 0.5522847498;

/** Ideographs sit in an em box from -0.12 to 0.88 em; this is its centre above the baseline. */
const IDEOGRAPH_MIDDLE_EM = 0.38;

/**
 * An operator whose numbers go in as the text pdf-lib would write for them: a PDFNumber per number (made
 * here, formatted twice when saved) was most of the seal's cost, and the seal is drawn for every licence.
 */
const op = (name: Op, ...numbers: number[]): PDFOperator => PDFOperator.of(name, numbers.map(pdfNumber));
const moveTo = (x: number, y: number) => op(Op.MoveTo, x, y);
const lineTo = (x: number, y: number) => op(Op.LineTo, x, y);

/** A circle path centred at (cx, cy). */
export function circleOps(cx: number, cy: number, r: number): PDFOperator[] {
  const k = r * KAPPA;
  return [
    moveTo(cx + r, cy),
    op(Op.AppendBezierCurve, cx + r, cy + k, cx + k, cy + r, cx, cy + r),
    op(Op.AppendBezierCurve, cx - k, cy + r, cx - r, cy + k, cx - r, cy),
    op(Op.AppendBezierCurve, cx - r, cy - k, cx - k, cy - r, cx, cy - r),
    op(Op.AppendBezierCurve, cx + k, cy - r, cx + r, cy - k, cx + r, cy),
    closePath(),
  ];
}

/** A five-pointed star path, one point straight up; inner radius by the regular star's golden ratio. */
export function starOps(cx: number, cy: number, outer: number): PDFOperator[] {
  const inner = outer * 0.381966;
  const ops: PDFOperator[] = [];
  for (let i = 0; i < 10; i++) {
    const radius = i % 2 === 0 ? outer : inner;
    const angle = Math.PI / 2 + (i * Math.PI) / 5;
    const x = cx + radius * Math.cos(angle);
    const y = cy + radius * Math.sin(angle);
    ops.push(i === 0 ? moveTo(x, y) : lineTo(x, y));
  }
  ops.push(closePath());
  return ops;
}

/** Draws one character centred at (x, y), rotated by `rotation` radians. */
function glyphOps(
  fontSet: FontSet,
  fonts: EmbeddedFonts,
  char: string,
  at: { x: number; y: number; size: number; rotation: number },
): PDFOperator[] {
  const [run] = fontSet.segment(char);
  if (!run) return [];
  const font = fontFor(fonts, run.fontIndex);
  const cos = Math.cos(at.rotation);
  const sin = Math.sin(at.rotation);
  const dx = -fontSet.widthOf(char, at.size) / 2;
  const dy = -IDEOGRAPH_MIDDLE_EM * at.size;
  return [
    PDFOperator.of(Op.SetFontAndSize, [`/F${run.fontIndex}`, pdfNumber(at.size)]),
    op(Op.SetTextMatrix, cos, sin, -sin, cos, at.x + dx * cos - dy * sin, at.y + dx * sin + dy * cos),
    showText(font.encodeText(char)),
  ];
}

/** Positions of the authority's name: evenly on the upper arc, spread over at most 250°. */
function arcTextOps(fontSet: FontSet, fonts: EmbeddedFonts, text: string, d: number): PDFOperator[] {
  const chars = [...text];
  const ringInner = d * 0.47;
  let size = d * 0.135;
  let radius = ringInner - d * 0.035 - size / 2;
  const maxSpan = (250 * Math.PI) / 180;
  let step = (size * 1.18) / radius;
  if (step * (chars.length - 1) > maxSpan) {
    step = maxSpan / (chars.length - 1);
    size = Math.max(d * 0.06, (step * radius) / 1.08);
    radius = ringInner - d * 0.035 - size / 2;
    step = maxSpan / (chars.length - 1);
  }
  const start = Math.PI / 2 + (step * (chars.length - 1)) / 2;
  const c = d / 2;
  return chars.flatMap((char, i) => {
    const angle = start - i * step;
    const x = c + radius * Math.cos(angle);
    const y = c + radius * Math.sin(angle);
    return glyphOps(fontSet, fonts, char, { x, y, size, rotation: angle - Math.PI / 2 });
  });
}

/** The purpose (e.g. 行政审批专用章), straight under the star, shrunk to fit the chord. */
function purposeOps(fontSet: FontSet, fonts: EmbeddedFonts, text: string, d: number): PDFOperator[] {
  const chars = [...text];
  const maxWidth = d * 0.62;
  const size = Math.min(d * 0.095, maxWidth / Math.max(1, fontSet.widthOf(text, 1)));
  const width = fontSet.widthOf(text, size);
  let x = d / 2 - width / 2;
  const y = d * 0.24;
  return chars.flatMap((char) => {
    const w = fontSet.widthOf(char, size);
    const ops = glyphOps(fontSet, fonts, char, { x: x + w / 2, y, size, rotation: 0 });
    x += w;
    return ops;
  });
}

/**
 * Registers the seal Form XObject (BBox 0 0 d d) and returns its reference. `fonts` must contain every
 * font the issuer name and purpose need (see `embedFontsFor`).
 */
export function buildSealAppearance(
  doc: PDFDocument,
  fontSet: FontSet,
  fonts: EmbeddedFonts,
  seal: { issuer: string; purpose: string; diameter?: number },
): PDFRef {
  const d = seal.diameter ?? SEAL_DIAMETER_PT;
  const { red, green, blue } = SEAL_RED;
  const ringWidth = d * 0.03;
  const ops: PDFOperator[] = [
    pushGraphicsState(),
    op(Op.StrokingColorRgb, red, green, blue),
    op(Op.NonStrokingColorRgb, red, green, blue),
    op(Op.SetLineWidth, ringWidth),
    ...circleOps(d / 2, d / 2, d / 2 - ringWidth / 2 - 0.5),
    stroke(),
    ...starOps(d / 2, d / 2 + d * 0.015, d * 0.165),
    fill(),
    beginText(),
    op(Op.SetTextRenderingMode, TextRenderingMode.FillAndOutline),
    op(Op.SetLineWidth, d * 0.004),
    ...arcTextOps(fontSet, fonts, seal.issuer, d),
    ...purposeOps(fontSet, fonts, seal.purpose, d),
    endText(),
    popGraphicsState(),
  ];
  const fontResources: Record<string, PDFRef> = {};
  fonts.forEach((font, index) => {
    if (font) fontResources[`F${index}`] = font.ref;
  });
  const stream = doc.context.formXObject(ops, {
    BBox: [0, 0, d, d],
    Resources: { Font: fontResources },
  });
  return doc.context.register(stream);
}
