/**
 * Stamps the seal appearance onto the page content. Only for previews and tests: a real licence carries
 * the seal solely as its signature widget's appearance, so an unsigned copy shows no seal.
 */
import { concatTransformationMatrix, drawObject, popGraphicsState, pushGraphicsState } from 'pdf-lib';
import type { RenderedLicence } from './render-licence.js';

/** Draws `seal.appearance` (whose BBox is the seal's size) at the lower-left corner of `seal.rect`. */
export function drawSealOnPage(rendered: RenderedLicence): void {
  const { doc, seal } = rendered;
  const page = doc.getPage(seal.pageIndex);
  const [x1, y1] = seal.rect;
  const name = page.node.newXObject('Seal', seal.appearance);
  page.pushOperators(
    pushGraphicsState(),
    concatTransformationMatrix(1, 0, 0, 1, x1, y1),
    drawObject(name),
    popGraphicsState(),
  );
}
