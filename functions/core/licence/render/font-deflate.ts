/**
 * Deflating a licence's font subset, most of which every licence of a type shares. The subset is ~45 KB of
 * TrueType outlines that deflate slowly (they hardly compress): the single largest cost of a render. The
 * renderer includes the glyphs of the template's fixed text (title, labels, issuer, footnote) first and in a
 * fixed order, so the subset's `glyf` table starts with the same bytes on every licence of that type. That
 * stretch is deflated on its own and its deflate data kept per process, keyed by its bytes; the rest is
 * deflated per licence and the pieces joined into one zlib stream (RFC 1950/1951: each piece but the last
 * ends in a sync flush, so it stops on a byte boundary without ending the stream). The output depends only
 * on the font bytes and the split point, so equal input still gives equal bytes.
 */
import { createHash } from 'node:crypto';
import { constants, deflateRawSync } from 'node:zlib';

/** The level pdf-lib's streams are deflated at (zlib's default). */
const LEVEL = 6;
/** RFC 1950 header: deflate, 32 KB window, default level, no dictionary (0x789c % 31 === 0). */
const ZLIB_HEADER = [0x78, 0x9c] as const;
/** How much of the bytes before the last piece it is deflated against. */
const DICTIONARY = 32 * 1024;

/** RFC 1950 §8.2's Adler-32. */
export function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  // 5552 is the most bytes before the sums can overflow 2^32 (zlib's NMAX); reduce modulo 65521 after each.
  for (let start = 0; start < bytes.length; start += 5552) {
    const end = Math.min(start + 5552, bytes.length);
    for (let i = start; i < end; i++) {
      a += bytes[i] as number;
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/** Offset and length of a table in an sfnt (TrueType) font, or undefined. */
function tableOf(font: DataView, tag: string): { offset: number; length: number } | undefined {
  const count = font.getUint16(4);
  for (let i = 0; i < count; i++) {
    const record = 12 + 16 * i;
    const name = String.fromCharCode(
      font.getUint8(record),
      font.getUint8(record + 1),
      font.getUint8(record + 2),
      font.getUint8(record + 3),
    );
    if (name === tag) return { offset: font.getUint32(record + 8), length: font.getUint32(record + 12) };
  }
  return undefined;
}

/** Where glyph `index`'s outline starts in the font (the end of the glyphs before it), or undefined. */
export function glyphOffset(bytes: Uint8Array, index: number): number | undefined {
  const font = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const [head, loca, glyf] = [tableOf(font, 'head'), tableOf(font, 'loca'), tableOf(font, 'glyf')];
  if (!head || !loca || !glyf) return undefined;
  const longOffsets = font.getInt16(head.offset + 50) === 1; // indexToLocFormat
  const entry = longOffsets ? loca.offset + 4 * index : loca.offset + 2 * index;
  if (entry + (longOffsets ? 4 : 2) > loca.offset + loca.length) return undefined;
  const at = longOffsets ? font.getUint32(entry) : font.getUint16(entry) * 2;
  return at <= glyf.length ? glyf.offset + at : undefined;
}

/** Raw deflate of a piece; the last ends the stream. `before` is what the inflater has output just before. */
const deflatePiece = (bytes: Uint8Array, last: boolean, before?: Uint8Array): Buffer =>
  deflateRawSync(bytes, {
    level: LEVEL,
    ...(last ? {} : { finishFlush: constants.Z_SYNC_FLUSH }),
    // A sync flush keeps the inflater's 32 KB window, so the last piece may point back into the pieces before it
    // (as one deflate pass would), given them as its dictionary: within ~40 bytes of one pass, in the same time.
    ...(before && before.length > 0
      ? { dictionary: before.subarray(Math.max(0, before.length - DICTIONARY)) }
      : {}),
  });

/** Deflate data of shared stretches, by their SHA-256; a few template × font combinations at most. */
const sharedPieces = new Map<string, Buffer>();
const MAX_SHARED = 32;

function sharedPiece(bytes: Uint8Array): Buffer {
  const key = createHash('sha256').update(bytes).digest('base64');
  let piece = sharedPieces.get(key);
  if (!piece) {
    piece = deflatePiece(bytes, false);
    if (sharedPieces.size >= MAX_SHARED) sharedPieces.delete(sharedPieces.keys().next().value as string);
    sharedPieces.set(key, piece);
  }
  return piece;
}

/**
 * The font deflated as a zlib stream, with `[sharedStart, sharedEnd)` (the shared glyphs) deflated on its
 * own and taken from the process's cache when seen before.
 */
export function deflateFontProgram(bytes: Uint8Array, sharedStart: number, sharedEnd: number): Uint8Array {
  const pieces = [
    deflatePiece(bytes.subarray(0, sharedStart), false),
    sharedPiece(bytes.subarray(sharedStart, sharedEnd)),
    deflatePiece(bytes.subarray(sharedEnd), true, bytes.subarray(0, sharedEnd)),
  ];
  const length = 2 + pieces.reduce((n, p) => n + p.length, 0) + 4;
  const out = new Uint8Array(length);
  out.set(ZLIB_HEADER, 0);
  let at = 2;
  for (const piece of pieces) {
    out.set(piece, at);
    at += piece.length;
  }
  new DataView(out.buffer).setUint32(at, adler32(bytes));
  return out;
}

/**
 * Font programs deflated ahead, handed to the document's `flateStream` (pdf-lib copies the bytes on the way,
 * so they are matched by content). Taken once; a few entries at most are ever waiting.
 */
const ready: { bytes: Uint8Array; deflated: Uint8Array }[] = [];

export function offerDeflated(bytes: Uint8Array, deflated: Uint8Array): void {
  ready.push({ bytes, deflated });
  if (ready.length > 16) ready.shift();
}

/** The deflate data offered for exactly these bytes, if any (and forgets it). */
export function takeDeflated(bytes: Uint8Array): Uint8Array | undefined {
  const index = ready.findIndex(
    (entry) => entry.bytes.length === bytes.length && Buffer.from(entry.bytes).equals(bytes),
  );
  if (index < 0) return undefined;
  const [entry] = ready.splice(index, 1);
  return entry?.deflated;
}
