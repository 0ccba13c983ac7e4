/**
 * The verification QR code, drawn as vector rectangles (sharp at any zoom, a few hundred bytes, and no
 * raster image a verifier would have to trust).
 */
import {
  fill,
  PDFOperator,
  PDFOperatorNames,
  popGraphicsState,
  pushGraphicsState,
  setFillingRgbColor,
} from 'pdf-lib';
import { qrRuns } from './page-model.js';

/** The QR modules occupy this square; the caller keeps a 4-module quiet zone around it free of ink. */
export interface QrPlacement {
  x: number;
  y: number;
  width: number;
}

/** `n` rounded to 0.001 as PDF number text (no exponent: the code's coordinates are points on a page). */
const milli = (n: number): string => String(Math.round(n * 1000) / 1000);

/**
 * Content-stream operators that fill every dark run as one rectangle (merged per row, so a version 5 code
 * is ~300 `re` operators in a single fill). Rows go top-down, PDF y goes up.
 */
export function qrOperators(text: string, at: QrPlacement): PDFOperator[] {
  const { size, runs } = qrRuns(text);
  const module = at.width / size;
  const ops: PDFOperator[] = [pushGraphicsState(), setFillingRgbColor(0, 0, 0)];
  // Hundreds of rectangles: their numbers go in as strings rather than as PDFNumber objects, whose formatting
  // dominated the drawing of the code, and to a thousandth of a point (a third of a micrometre): full doubles
  // were four fifths of the page's content stream, to deflate on every licence.
  const top = at.y + at.width;
  const height = milli(module + 0.01); // a hair of overlap hides anti-aliasing seams between adjacent runs
  for (const [row, col, length] of runs) {
    const box = [milli(at.x + col * module), milli(top - (row + 1) * module), milli(length * module), height];
    ops.push(PDFOperator.of(PDFOperatorNames.AppendRectangle, box));
  }
  ops.push(fill(), popGraphicsState());
  return ops;
}
