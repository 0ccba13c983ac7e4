/**
 * The signed byte range of a PDF signature (ISO 32000-1 §12.8.1): the whole file except the /Contents
 * hex string, as `[0, gapStart, gapEnd, length − gapEnd]`.
 */

/** `[offset1, length1, offset2, length2]`. */
export type ByteRange = readonly [number, number, number, number];

/** The ByteRange that leaves out exactly `gap` (from `<` to just after `>`) of a file of `length` bytes. */
export function byteRangeAround(gap: { start: number; end: number }, length: number): ByteRange {
  if (!(gap.start > 0 && gap.start < gap.end && gap.end <= length))
    throw new RangeError('invalid /Contents gap');
  return [0, gap.start, gap.end, length - gap.end];
}

/** The bytes a ByteRange covers, as two views (no copy). */
export function signedRanges(pdf: Uint8Array, range: ByteRange): [Uint8Array, Uint8Array] {
  const [start1, length1, start2, length2] = range;
  return [pdf.subarray(start1, start1 + length1), pdf.subarray(start2, start2 + length2)];
}

const HEX = '0123456789abcdef';

/**
 * Write `der` as hex into the /Contents gap, right after the `<`. The rest of the placeholder stays `0`, so
 * the padding after the DER is all zero bytes, which verifiers may insist on.
 */
export function writeContents(pdf: Uint8Array, gap: { start: number; end: number }, der: Uint8Array): void {
  const capacity = (gap.end - gap.start - 2) / 2;
  if (der.length > capacity)
    throw new RangeError(`CMS of ${der.length} bytes exceeds /Contents of ${capacity}`);
  let position = gap.start + 1;
  for (const byte of der) {
    pdf[position++] = HEX.charCodeAt(byte >> 4);
    pdf[position++] = HEX.charCodeAt(byte & 0x0f);
  }
}
