/**
 * Byte-level edits of a sealed PDF for the tampering tests: where its signature parts are, and helpers that
 * flip, replace or append bytes the way an attacker with a hex editor would.
 */
import { inspectSignature } from '../pades/inspect-pdf.js';

/** Offsets of a sealed PDF's signature parts. */
export interface SealLayout {
  byteRange: [number, number, number, number];
  /** Offset of the `/ByteRange [` array's `[`, and the array text's width (it is space-padded). */
  byteRangeText: { start: number; width: number };
  /** Offset of the first hex digit inside /Contents. */
  hexStart: number;
  /** The CMS DER and its length in bytes. */
  cms: Buffer;
}

/** Find the signature parts (with the test-side reader, independent of the verifier). */
export function layoutOf(pdf: Uint8Array): SealLayout {
  const buffer = Buffer.from(pdf);
  const { byteRange, cms } = inspectSignature(pdf);
  const key = buffer.indexOf('/ByteRange');
  const start = buffer.indexOf('[', key);
  const width = buffer.indexOf(']', start) - start + 1;
  return { byteRange, byteRangeText: { start, width }, hexStart: byteRange[1] + 1, cms };
}

/** A copy of `pdf` with the byte at `offset` XOR `mask`. */
export function flip(pdf: Uint8Array, offset: number, mask = 0x01): Uint8Array {
  const copy = Uint8Array.from(pdf);
  copy[offset] = (copy[offset] ?? 0) ^ mask;
  return copy;
}

/** A copy of `pdf` with `text` written at `offset` (same length: nothing moves). */
export function overwrite(pdf: Uint8Array, offset: number, text: string): Uint8Array {
  const copy = Uint8Array.from(pdf);
  copy.set(Buffer.from(text, 'latin1'), offset);
  return copy;
}

/** A copy with the ByteRange array replaced by `text`, padded with spaces to the original width. */
export function withByteRangeText(pdf: Uint8Array, text: string): Uint8Array {
  const { byteRangeText } = layoutOf(pdf);
  if (text.length > byteRangeText.width) throw new Error('ByteRange text too long');
  return overwrite(pdf, byteRangeText.start, `${text.padEnd(byteRangeText.width - 1, ' ')}]`);
}

/** A copy with the /Contents hex digits replaced by hex of `der` followed by zeros (capacity unchanged). */
export function withContents(pdf: Uint8Array, der: Uint8Array): Uint8Array {
  const { byteRange, hexStart } = layoutOf(pdf);
  const capacity = (byteRange[2] - 1 - hexStart) / 2;
  if (der.length > capacity) throw new Error('DER larger than the placeholder');
  return overwrite(
    pdf,
    hexStart,
    Buffer.from(der)
      .toString('hex')
      .padEnd(capacity * 2, '0'),
  );
}

/** `pdf` with raw bytes spliced in at `offset` (everything after moves). */
export function splice(pdf: Uint8Array, offset: number, removed: number, inserted = ''): Uint8Array {
  const buffer = Buffer.from(pdf);
  return new Uint8Array(
    Buffer.concat([
      buffer.subarray(0, offset),
      Buffer.from(inserted, 'latin1'),
      buffer.subarray(offset + removed),
    ]),
  );
}

/**
 * An incremental update (ISO 32000-1 §7.5.6): `body` as a new object 999, its xref section and a trailer
 * pointing back at the previous one — what an editor appends when it changes a signed file.
 */
export function incrementalUpdate(pdf: Uint8Array, body: string): Uint8Array {
  const text = Buffer.from(pdf).toString('latin1');
  const previous = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(text)?.[1]);
  const root = /\/Root\s+(\d+\s+\d+\s+R)/.exec(text)?.[1];
  if (!Number.isFinite(previous) || !root) throw new Error('not a classic-xref PDF');
  const objectOffset = pdf.length + 1;
  const object = `\n999 0 obj\n${body}\nendobj\n`;
  const xrefOffset = pdf.length + object.length;
  const xref = `xref\n0 1\n0000000000 65535 f \n999 1\n${String(objectOffset).padStart(10, '0')} 00000 n \n`;
  const trailer = `trailer\n<< /Size 1000 /Root ${root} /Prev ${previous} >>\nstartxref\n${xrefOffset}\n%%EOF\n`;
  return new Uint8Array(Buffer.concat([Buffer.from(pdf), Buffer.from(object + xref + trailer, 'latin1')]));
}

/** A copy with the hex digit at `offset` changed to another hex digit (so the PDF syntax stays intact). */
export function changeHexDigit(pdf: Uint8Array, offset: number): Uint8Array {
  return overwrite(pdf, offset, pdf[offset] === 0x30 ? '1' : '0');
}
