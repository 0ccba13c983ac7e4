/**
 * The Problems hidden content gives a material: an archive or executable anywhere in it, or after its end
 * (`%%EOF`, PNG's IEND, JPEG's EOI), and for a PDF any other data after `%%EOF`. An image's data after its end
 * is only judged by what it is: phones append motion-photo videos and second images (MPO) to JPEGs.
 */
import type { MediaType } from '../catalogue/types.js';
import type { Problem } from '../problem.js';
import {
  findHiddenContent,
  type HiddenContent,
  hiddenContentAtStart,
  jpegTrailingDataAt,
  pdfTrailingDataAt,
  pngTrailingDataAt,
} from './hidden-content.js';
import { materialProblems } from './problems.js';

/** Problems of hidden content in `bytes` of the (sniffed) `mediaType`; empty when there is none. */
export function hiddenContentProblems(bytes: Uint8Array, mediaType: MediaType): Problem[] {
  const trailingAt =
    mediaType === 'application/pdf'
      ? pdfTrailingDataAt(bytes)
      : mediaType === 'image/png'
        ? pngTrailingDataAt(bytes)
        : jpegTrailingDataAt(bytes);
  const trailing = trailingAt === undefined ? undefined : hiddenContentAtStart(bytes, trailingAt);
  const found = trailing ?? findHiddenContent(bytes);
  if (found !== undefined) return [problemOf(found)];
  if (trailingAt !== undefined && mediaType === 'application/pdf') {
    return [materialProblems.trailingData(bytes.length - trailingAt)];
  }
  return [];
}

const problemOf = (found: HiddenContent): Problem =>
  found.kind === 'archive'
    ? materialProblems.embeddedArchive(found.format)
    : materialProblems.embeddedExecutable(found.format);
