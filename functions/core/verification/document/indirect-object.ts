/**
 * One indirect object `num gen obj … endobj` read at a byte offset (ISO 32000-1 §7.3.10), and a stream's data
 * (§7.3.8): the dictionary is read with the bounded object reader; the data runs /Length bytes when the
 * `endstream` keyword is where /Length says, else up to the next `endstream` (as qpdf and viewers recover).
 */
import {
  isPdfWhitespace,
  isTokenEnd,
  PdfDict,
  PdfNumber,
  PdfObjectReader,
  PdfReadError,
  type PdfValue,
} from '../pdf-object-reader.js';

/** Tokens one object may cost (a page's /Annots or a large /Fields array fit many times over). */
export const OBJECT_TOKENS = 200_000;
/** Longest string kept (a /Contents with a long chain, time-stamps and revocation data fits). */
export const MAX_STRING_BYTES = 1024 * 1024;

/** A stream: its dictionary and where its (still encoded) data lies in the buffer it was read from. */
export class PdfStream {
  constructor(
    readonly dict: PdfDict,
    readonly data: Uint8Array,
  ) {}
}

/** An object as read: a value, or a stream. */
export type PdfObject = PdfValue | PdfStream;

const ENDSTREAM = Buffer.from('endstream');
const HEADER = /^(\d{1,10})\s+(\d{1,5})\s+obj(?=[\s<[(/%]|$)/;

/** `num gen obj` at `offset` (leading white space allowed): the numbers and where the body starts. */
export function readObjectHeader(
  bytes: Uint8Array,
  offset: number,
): { num: number; gen: number; body: number } | undefined {
  let at = offset;
  while (isPdfWhitespace(bytes[at]) && at - offset < 64) at++;
  const head = Buffer.from(bytes.buffer, bytes.byteOffset + at, Math.min(40, bytes.length - at)).toString(
    'latin1',
  );
  const match = HEADER.exec(head);
  if (!match) return undefined;
  return { num: Number(match[1]), gen: Number(match[2]), body: at + match[0].length };
}

/** After a dictionary: is `stream` next? Returns where its data starts. */
function streamDataStart(bytes: Uint8Array, after: number): number | undefined {
  let at = after;
  while (isPdfWhitespace(bytes[at]) && at - after < 64) at++;
  const word = Buffer.from(bytes.buffer, bytes.byteOffset + at, Math.min(6, bytes.length - at)).toString(
    'latin1',
  );
  if (word !== 'stream' || !isTokenEnd(bytes[at + 6])) return undefined;
  at += 6;
  if (bytes[at] === 0x0d) at++;
  if (bytes[at] === 0x0a) at++;
  return at;
}

const endstreamAt = (bytes: Uint8Array, at: number): boolean => {
  let cursor = at;
  while (isPdfWhitespace(bytes[cursor]) && cursor - at < 4) cursor++;
  return Buffer.from(bytes.buffer, bytes.byteOffset + cursor, Math.min(9, bytes.length - cursor)).equals(
    ENDSTREAM,
  );
};

/** The data of a stream whose data starts at `start`, by /Length when it is right, else by `endstream`. */
function streamData(bytes: Uint8Array, start: number, length: number | undefined): Uint8Array | undefined {
  if (
    length !== undefined &&
    length >= 0 &&
    start + length <= bytes.length &&
    endstreamAt(bytes, start + length)
  )
    return bytes.subarray(start, start + length);
  const end = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(ENDSTREAM, start);
  if (end < 0) return undefined;
  let last = end;
  if (bytes[last - 1] === 0x0a) last--;
  if (bytes[last - 1] === 0x0d) last--;
  return bytes.subarray(start, Math.max(start, last));
}

/**
 * Read the object whose header is at `offset`. `lengthOf` resolves an indirect /Length (or gives undefined).
 * Throws PdfReadError when the bytes are not an object.
 */
export function readIndirectObject(
  bytes: Uint8Array,
  offset: number,
  lengthOf: (value: PdfValue | undefined) => number | undefined,
): { num: number; gen: number; object: PdfObject } {
  const header = readObjectHeader(bytes, offset);
  if (!header) throw new PdfReadError('no object header');
  const reader = new PdfObjectReader(bytes, header.body, {
    tokens: OBJECT_TOKENS,
    maxStringBytes: MAX_STRING_BYTES,
  });
  const value = reader.readValue();
  if (!(value instanceof PdfDict)) return { num: header.num, gen: header.gen, object: value };
  const start = streamDataStart(bytes, reader.offset);
  if (start === undefined) return { num: header.num, gen: header.gen, object: value };
  const declared = value.get('Length');
  const length = declared instanceof PdfNumber ? declared.value : lengthOf(declared);
  const data = streamData(bytes, start, length);
  if (!data) throw new PdfReadError('stream without endstream');
  return { num: header.num, gen: header.gen, object: new PdfStream(value, data) };
}
