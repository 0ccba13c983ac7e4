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

/**
 * Content-stream operators that fill every dark run as one rectangle (merged per row, so a version 5 code
 * is ~300 `re` operators in a single fill). Rows go top-down, PDF y goes up.
 */
export function qrOperators(text: string, at: QrPlacement): PDFOperator[] {
  const { size, runs } = qrRuns(text);
  const module = at.width / size;
  const ops: PDFOperator[] = [pushGraphicsState(), setFillingRgbColor(0, 0, 0)];
  // Hundreds of rectangles: their numbers go in as the strings pdf-lib would write (`String(n)` for values
  // this size) rather than as PDFNumber objects, whose formatting dominated the drawing of the code.
  for (const [row, col, length] of runs) {
    // A hair of overlap hides anti-aliasing seams between adjacent runs in viewers.
    const box = [at.x + col * module, at.y + at.width - (row + 1) * module, length * module, module + 0.01];
    ops.push(PDFOperator.of(PDFOperatorNames.AppendRectangle, box.map(String)));
  }
  ops.push(fill(), popGraphicsState());
  return ops;
}
