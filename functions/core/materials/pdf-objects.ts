/**
 * Finds a PDF's objects and trailers by scanning the bytes, the way viewers rebuild a damaged file
 * (pdf.js, Poppler and pdf-lib all fall back to this), instead of trusting `startxref` and the xref offsets.
 * Uploads come from many producers and a wrong offset is common and harmless; what matters is whether the
 * document's objects can be found at all. A later definition of an object wins, as with incremental updates.
 */
import { inflateSync, constants as zlibConstants } from 'node:zlib';
import { DEFAULT_DECOMPRESSION_LIMITS } from './pdf-decompression.js';
import {
  type Budget,
  PdfDict,
  PdfLexer,
  PdfName,
  PdfRef,
  PdfSyntaxError,
  type PdfValue,
} from './pdf-syntax.js';

const WS = '[\\0\\t\\n\\f\\r ]';
const OBJECT_HEADER = new RegExp(`(?<![0-9])(\\d{1,10})${WS}+(\\d{1,5})${WS}+obj(?![A-Za-z0-9])`, 'g');
const TRAILER_KEYWORD = new RegExp(`trailer(?:${WS}|%[^\\r\\n]*)*<<`, 'g');
const XREF_STREAM_TYPE = /\/XRef(?![A-Za-z0-9#])/g;
const OBJECT_STREAM_TYPE = /\/ObjStm(?![A-Za-z0-9#])/g;
const END_STREAM = /endstream/g;
// `stream` as a keyword, not the end of `endstream` (the letter before it tells them apart).
const STREAM_KEYWORD = /(?<![A-Za-z])stream(?![A-Za-z0-9])/g;

/** Limits on what one document may cost to read. */
export interface PdfReadLimits {
  /** Tokens and other units of parsing work for the whole document. */
  workUnits: number;
  /** Bytes all object streams together may inflate to (a deflate bomb must not exhaust memory). */
  inflatedBytes: number;
}

/** Generous for real documents (thousands of pages), small enough to answer within a second or two. */
export const DEFAULT_PDF_READ_LIMITS: PdfReadLimits = {
  workUnits: 3_000_000,
  inflatedBytes: 64 * 1024 * 1024,
};

/** A stream object as it lies in the file: its dictionary and where its (still encoded) data is. */
export interface PdfStreamObject {
  dict: PdfDict;
  /** Offsets of the encoded data in the file (end exclusive). */
  start: number;
  end: number;
}

/** A trailer dictionary: a classic `trailer << … >>` or the dictionary of a cross-reference stream. */
export interface Trailer {
  dict: PdfDict;
  /** Byte offset in the file, to order trailers of incremental updates. */
  at: number;
}

type Location =
  | { kind: 'direct'; bodyAt: number; at: number }
  | { kind: 'compressed'; lexer: PdfLexer; valueAt: number; at: number };

interface Header {
  key: string;
  start: number;
  bodyAt: number;
}

/** Index of the first element of ascending `sorted` that is >= `value` (binary search; length if none). */
function firstIndexAtOrAfter(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((sorted[mid] ?? Number.POSITIVE_INFINITY) < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The objects and trailers of one PDF, found by scanning; objects are parsed lazily and cached. */
export class PdfObjectIndex {
  readonly trailers: Trailer[] = [];
  private readonly lexer: PdfLexer;
  private readonly headers: Header[] = [];
  private readonly headerStarts: number[] = [];
  private readonly locations = new Map<string, Location>();
  private readonly cache = new Map<string, PdfValue>();
  private readonly endStreams: number[] = [];
  private inflateAllowance: number;

  constructor(
    text: string,
    private readonly budget: Budget,
    limits: PdfReadLimits,
  ) {
    this.lexer = new PdfLexer(text, budget);
    this.inflateAllowance = limits.inflatedBytes;
    this.indexHeaders(text);
    for (const m of text.matchAll(END_STREAM)) this.endStreams.push(m.index);
    this.indexTrailers(text);
    this.indexObjectStreams(text);
  }

  /** The object `ref` points to; null (as §7.3.10 prescribes) when it does not exist or does not parse. */
  get(ref: PdfRef): PdfValue {
    const cached = this.cache.get(ref.key);
    if (cached !== undefined) return cached;
    const location = this.locations.get(ref.key);
    this.cache.set(ref.key, null); // a reference cycle through this object reads as null, not a loop
    let value: PdfValue = null;
    try {
      value =
        location?.kind === 'direct'
          ? this.lexer.parseIndirectBody(location.bodyAt)
          : location?.kind === 'compressed'
            ? (location.lexer.parseValue(location.valueAt)[0] ?? null)
            : null;
    } catch (error) {
      if (!(error instanceof PdfSyntaxError)) throw error;
    }
    this.cache.set(ref.key, value);
    return value;
  }

  /** Follows references until a direct value (chains are short in real files; long ones end as null). */
  resolve(value: PdfValue | undefined): PdfValue {
    let current: PdfValue = value ?? null;
    for (let hops = 0; current instanceof PdfRef; hops += 1) {
      if (hops >= 16) return null;
      current = this.get(current);
    }
    return current;
  }

  /**
   * Every stream object physically present, old revisions included: a viewer may read any of them, and what
   * the newest revision no longer references still has to be safe to decode. Found from the `stream`
   * keywords, each checked to belong to the dictionary of the object header before it.
   */
  streamObjects(): PdfStreamObject[] {
    const found: PdfStreamObject[] = [];
    const seen = new Set<number>();
    for (const m of this.lexer.src.matchAll(STREAM_KEYWORD)) {
      const owner = this.headerBefore(m.index);
      if (owner === undefined || seen.has(owner.start)) continue;
      const dict = this.tryParse(this.lexer, owner.bodyAt, true);
      const start = dict instanceof PdfDict ? dict.streamStart : undefined;
      // A `stream` word inside another object's data is not this header's stream.
      if (!(dict instanceof PdfDict) || start === undefined || start < m.index || start > m.index + 8)
        continue;
      seen.add(owner.start);
      found.push({ dict, start, end: this.streamEnd(dict, start) });
    }
    return found;
  }

  private indexHeaders(text: string): void {
    for (const m of text.matchAll(OBJECT_HEADER)) {
      this.budget.spend();
      const key = `${Number(m[1])} ${Number(m[2])}`;
      const bodyAt = m.index + m[0].length;
      this.headers.push({ key, start: m.index, bodyAt });
      this.headerStarts.push(m.index);
      this.locations.set(key, { kind: 'direct', bodyAt, at: m.index });
    }
  }

  private indexTrailers(text: string): void {
    for (const m of text.matchAll(TRAILER_KEYWORD)) {
      const dict = this.tryParse(this.lexer, m.index + m[0].length - 2);
      if (dict instanceof PdfDict) this.trailers.push({ dict, at: m.index });
    }
    for (const { dict, at } of this.objectsOfType(text, XREF_STREAM_TYPE, 'XRef')) {
      this.trailers.push({ dict, at });
    }
    this.trailers.sort((a, b) => a.at - b.at);
  }

  private indexObjectStreams(text: string): void {
    for (const { dict, at } of this.objectsOfType(text, OBJECT_STREAM_TYPE, 'ObjStm')) {
      const decoded = this.streamData(dict);
      if (decoded === undefined) continue;
      const lexer = new PdfLexer(decoded, this.budget);
      for (const [num, valueAt] of this.objectStreamEntries(lexer, dict)) {
        const key = `${num} 0`;
        const existing = this.locations.get(key);
        if (existing === undefined || existing.at < at) {
          this.locations.set(key, { kind: 'compressed', lexer, valueAt, at });
        }
      }
    }
  }

  /** Indirect objects whose dictionary has `/Type /<type>`, found from occurrences of the type name. */
  private objectsOfType(text: string, pattern: RegExp, type: string): Array<{ dict: PdfDict; at: number }> {
    const found: Array<{ dict: PdfDict; at: number }> = [];
    const seen = new Set<number>();
    for (const m of text.matchAll(pattern)) {
      const owner = this.headerBefore(m.index);
      if (owner === undefined || seen.has(owner.start)) continue;
      seen.add(owner.start);
      const value = this.tryParse(this.lexer, owner.bodyAt, true);
      if (value instanceof PdfDict && value.name('Type') === type && value.streamStart !== undefined) {
        found.push({ dict: value, at: owner.start });
      }
    }
    return found;
  }

  private headerBefore(pos: number): Header | undefined {
    return this.headers[firstIndexAtOrAfter(this.headerStarts, pos) - 1];
  }

  private tryParse(lexer: PdfLexer, pos: number, indirect = false): PdfValue | undefined {
    try {
      return indirect ? lexer.parseIndirectBody(pos) : lexer.parseValue(pos)[0];
    } catch (error) {
      if (error instanceof PdfSyntaxError) return undefined;
      throw error;
    }
  }

  /**
   * The decoded data of a stream, or undefined when it cannot be decoded. Only what object streams use is
   * supported: no filter or FlateDecode without predictor. Truncated deflate data yields what it holds.
   */
  private streamData(dict: PdfDict): string | undefined {
    const start = dict.streamStart;
    if (start === undefined) return undefined;
    const raw = this.lexer.src.slice(start, this.streamEnd(dict, start));
    const filter = dict.get('Filter');
    const filters = Array.isArray(filter) ? filter : filter === undefined || filter === null ? [] : [filter];
    if (filters.length === 0) return raw;
    const only = filters[0];
    if (filters.length > 1 || !(only instanceof PdfName) || !['FlateDecode', 'Fl'].includes(only.name))
      return;
    if (dict.get('DecodeParms') !== undefined && dict.get('DecodeParms') !== null) return undefined;
    if (this.inflateAllowance <= 0) return undefined;
    try {
      // Held to the stream audit's ratio (pdf-decompression.ts) too, so a bomb never costs the whole allowance.
      const { streamGraceBytes, streamRatio } = DEFAULT_DECOMPRESSION_LIMITS;
      const ratioCap = Math.max(streamGraceBytes, streamRatio * raw.length);
      const inflated = inflateSync(Buffer.from(raw, 'latin1'), {
        finishFlush: zlibConstants.Z_SYNC_FLUSH,
        maxOutputLength: Math.min(this.inflateAllowance, ratioCap),
      });
      this.inflateAllowance -= inflated.length;
      this.budget.spend(inflated.length >> 10);
      return inflated.toString('latin1');
    } catch {
      return undefined; // corrupt or over the allowance: the stream's objects stay unknown
    }
  }

  /** End of stream data: `/Length` when it lands on `endstream`, else the next `endstream` keyword. */
  private streamEnd(dict: PdfDict, start: number): number {
    const src = this.lexer.src;
    const declared = dict.get('Length');
    if (typeof declared === 'number' && Number.isInteger(declared) && declared >= 0) {
      const after = this.lexer.skipWhitespace(start + declared);
      if (src.startsWith('endstream', after)) return start + declared;
    }
    const next = this.endStreams[firstIndexAtOrAfter(this.endStreams, start)] ?? src.length;
    // The EOL before `endstream` belongs to the syntax, not the data (§7.3.8.1).
    return src[next - 1] === '\n' ? (src[next - 2] === '\r' ? next - 2 : next - 1) : next;
  }

  /**
   * `[objectNumber, offsetInDecodedText]` pairs from an object stream's header (§7.5.7). A header that does
   * not hold `/N` pairs of non-negative integers discards the whole stream, as qpdf and Poppler do: guessing
   * which half of a broken header to believe is how readers come to disagree.
   */
  private objectStreamEntries(lexer: PdfLexer, dict: PdfDict): Array<[number, number]> {
    const count = dict.get('N');
    const first = dict.get('First');
    if (!isNonNegativeInteger(count) || !isNonNegativeInteger(first)) return [];
    const entries: Array<[number, number]> = [];
    let p = 0;
    try {
      for (let i = 0; i < count; i += 1) {
        const [num, afterNum] = lexer.parseValue(p);
        const [offset, afterOffset] = lexer.parseValue(afterNum);
        if (!isNonNegativeInteger(num) || !isNonNegativeInteger(offset)) return [];
        entries.push([num, first + offset]);
        p = afterOffset;
      }
    } catch (error) {
      if (error instanceof PdfSyntaxError) return [];
      throw error;
    }
    return entries;
  }
}

const isNonNegativeInteger = (value: PdfValue | undefined): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0;
