/**
 * Finds the one signature dictionary of a PDF without building its object graph. A raw scan counts every
 * `/ByteRange` key in the file; exactly one is allowed (our licences carry one seal), so there is no choice
 * between dictionaries that an attacker could steer: whatever a viewer shows, if it is not the one we check,
 * there are two. The dictionary is then read with the bounded object reader from its `N G obj` header.
 */
import {
  isPdfWhitespace,
  isTokenEnd,
  PdfDict,
  PdfObjectReader,
  PdfReadError,
  type PdfValue,
} from './pdf-object-reader.js';

/** The fields of the signature dictionary the verifier needs, as found in the file. */
export interface SignatureDictionary {
  dictionary: PdfDict;
  /** Offset of the `/ByteRange` key (the one the raw scan found). */
  byteRangeOffset: number;
}

/** What the scan found. */
export type SignatureLookup =
  | { kind: 'none' }
  | { kind: 'multiple'; count: number }
  | { kind: 'unreadable'; detail: string }
  | ({ kind: 'found' } & SignatureDictionary);

const BYTE_RANGE = Buffer.from('/ByteRange');
const OBJ = Buffer.from('obj');
/** How far before `/ByteRange` the object header may be; a signature dictionary is small. */
const HEADER_WINDOW = 64 * 1024;
const HEADER_CANDIDATES = 16;
/** Tokens for reading one object: far more than a signature dictionary needs. */
const OBJECT_TOKENS = 20_000;
/** Largest string kept in full (the /Contents of a CMS with a long chain and timestamps fits). */
export const MAX_STRING_BYTES = 256 * 1024;

/** Offsets of every `/ByteRange` name token in `pdf` (linear: Buffer.indexOf). */
export function byteRangeKeyOffsets(pdf: Buffer): number[] {
  const offsets: number[] = [];
  for (let at = pdf.indexOf(BYTE_RANGE); at >= 0; at = pdf.indexOf(BYTE_RANGE, at + 1)) {
    // `/ByteRangeX` is another name; only a token end after it makes this the key.
    if (isTokenEnd(pdf[at + BYTE_RANGE.length])) offsets.push(at);
  }
  return offsets;
}

/** Offset just after the `obj` keyword of a plausible `num gen obj` header ending at `at`, else undefined. */
function objectBodyAt(pdf: Buffer, at: number): number | undefined {
  if (!isTokenEnd(pdf[at + OBJ.length]) || !isPdfWhitespace(pdf[at - 1])) return undefined;
  let cursor = at - 1;
  for (let field = 0; field < 2; field++) {
    while (isPdfWhitespace(pdf[cursor])) cursor--;
    const end = cursor;
    while ((pdf[cursor] ?? 0) >= 0x30 && (pdf[cursor] ?? 0) <= 0x39 && end - cursor < 12) cursor--;
    if (cursor === end) return undefined;
  }
  return at + OBJ.length;
}

/** The dictionary (the value itself or nested in it) whose /ByteRange key sits at `offset`. */
function dictionaryWithKeyAt(value: PdfValue, offset: number, depth = 0): PdfDict | undefined {
  if (depth > 8) return undefined;
  const nested = value instanceof PdfDict ? [...value.entries.values()] : Array.isArray(value) ? value : [];
  if (value instanceof PdfDict && value.keyOffsets.get('ByteRange') === offset) return value;
  for (const item of nested) {
    const found = dictionaryWithKeyAt(item, offset, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** Read the object whose header precedes `keyOffset` and return the dictionary holding that key. */
function readEnclosingDictionary(pdf: Buffer, keyOffset: number): PdfDict | undefined {
  const floor = Math.max(0, keyOffset - HEADER_WINDOW);
  let candidates = 0;
  for (let at = pdf.lastIndexOf(OBJ, keyOffset); at >= floor && candidates < HEADER_CANDIDATES; ) {
    const body = objectBodyAt(pdf, at);
    if (body !== undefined) {
      candidates++;
      try {
        const reader = new PdfObjectReader(pdf, body, {
          tokens: OBJECT_TOKENS,
          maxStringBytes: MAX_STRING_BYTES,
        });
        const found = dictionaryWithKeyAt(reader.readValue(), keyOffset);
        if (found) return found;
      } catch (error) {
        if (!(error instanceof PdfReadError)) throw error;
      }
    }
    at = at === 0 ? -1 : pdf.lastIndexOf(OBJ, at - 1);
  }
  return undefined;
}

/** Locate the single signature dictionary of `pdf`. */
export function findSignatureDictionary(pdf: Buffer): SignatureLookup {
  const offsets = byteRangeKeyOffsets(pdf);
  const [byteRangeOffset] = offsets;
  if (byteRangeOffset === undefined) return { kind: 'none' };
  if (offsets.length > 1) return { kind: 'multiple', count: offsets.length };
  const dictionary = readEnclosingDictionary(pdf, byteRangeOffset);
  if (!dictionary) return { kind: 'unreadable', detail: 'no readable object holds the /ByteRange' };
  return { kind: 'found', dictionary, byteRangeOffset };
}

/** Every readable dictionary that holds a `/ByteRange` key, in file order (for files with many signatures). */
export function findAllSignatureDictionaries(pdf: Buffer, limit = 256): PdfDict[] {
  const found: PdfDict[] = [];
  for (const offset of byteRangeKeyOffsets(pdf).slice(0, limit)) {
    const dictionary = readEnclosingDictionary(pdf, offset);
    if (dictionary) found.push(dictionary);
  }
  return found;
}
