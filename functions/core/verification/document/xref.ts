/**
 * One cross-reference section (ISO 32000-1 §7.5.4 tables, §7.5.8 streams) and its trailer. Entries are read
 * token by token, so the 19- and 21-byte lines some writers emit read as well as the standard 20; a stream
 * section honours /W, /Index and /Size. Everything is bounded by the file's size.
 */
import { PdfDict, PdfNumber, PdfObjectReader, PdfReadError, type PdfValue } from '../pdf-object-reader.js';
import { PdfStream, readIndirectObject } from './indirect-object.js';
import { decodeStream } from './stream-filters.js';

/** Where an object lives in one revision. */
export type XrefEntry =
  | { kind: 'offset'; offset: number; gen: number }
  | { kind: 'compressed'; stream: number; index: number }
  | { kind: 'free' };

/** A section as read. */
export interface XrefSection {
  entries: Map<number, XrefEntry>;
  trailer: PdfDict;
  /** Offset of the previous section (/Prev). */
  prev?: number;
  /** Hybrid files: offset of the cross-reference stream that supplements this table (/XRefStm). */
  xrefStm?: number;
}

/** Highest object number taken seriously (qpdf's limit is similar). */
export const MAX_OBJECT_NUMBER = 8_388_607;

const intOf = (value: PdfValue | undefined): number | undefined =>
  value instanceof PdfNumber && value.integer && value.value >= 0 ? value.value : undefined;

function tokensFrom(bytes: Uint8Array, start: number) {
  let at = start;
  const isSpace = (code: number | undefined) =>
    code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09 || code === 0x0c || code === 0x00;
  return {
    get offset() {
      return at;
    },
    next(): string {
      while (isSpace(bytes[at])) at++;
      const begin = at;
      while (at < bytes.length && !isSpace(bytes[at]) && at - begin < 24) at++;
      return Buffer.from(bytes.buffer, bytes.byteOffset + begin, at - begin).toString('latin1');
    },
    rewind(to: number) {
      at = to;
    },
  };
}

function readTable(bytes: Uint8Array, afterKeyword: number): XrefSection {
  const entries = new Map<number, XrefEntry>();
  const tokens = tokensFrom(bytes, afterKeyword);
  for (;;) {
    const mark = tokens.offset;
    const first = tokens.next();
    if (first.startsWith('trailer')) {
      tokens.rewind(mark);
      break;
    }
    const start = Number(first);
    const count = Number(tokens.next());
    if (!Number.isInteger(start) || !Number.isInteger(count) || count < 0 || count > bytes.length / 18)
      throw new PdfReadError('bad xref subsection');
    for (let index = 0; index < count; index++) {
      const offset = Number(tokens.next());
      const gen = Number(tokens.next());
      const type = tokens.next();
      if (!Number.isInteger(offset) || !Number.isInteger(gen) || (type !== 'n' && type !== 'f'))
        throw new PdfReadError('bad xref entry');
      const num = start + index;
      if (entries.has(num)) continue;
      // Object 0 and offset 0 are never real objects; some writers put `n` where `f` belongs.
      entries.set(num, type === 'n' && offset > 0 ? { kind: 'offset', offset, gen } : { kind: 'free' });
    }
  }
  const at = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf('trailer', tokens.offset);
  if (at < 0) throw new PdfReadError('xref table without trailer');
  const trailer = new PdfObjectReader(bytes, at + 7, { tokens: 10_000, maxStringBytes: 4096 }).readValue();
  if (!(trailer instanceof PdfDict)) throw new PdfReadError('trailer is not a dictionary');
  const prev = intOf(trailer.get('Prev'));
  const xrefStm = intOf(trailer.get('XRefStm'));
  return {
    entries,
    trailer,
    ...(prev !== undefined ? { prev } : {}),
    ...(xrefStm !== undefined ? { xrefStm } : {}),
  };
}

const field = (row: Uint8Array, start: number, width: number): number => {
  let value = 0;
  for (let index = 0; index < width; index++) value = value * 256 + (row[start + index] ?? 0);
  return value;
};

/** Entries of a cross-reference stream. */
export function readXrefStream(stream: PdfStream): XrefSection {
  const { dict } = stream;
  const widths = dict.get('W');
  const w = Array.isArray(widths) ? widths.map((value) => intOf(value) ?? -1) : [];
  const [w0, w1, w2] = w;
  if (
    w.length !== 3 ||
    w0 === undefined ||
    w1 === undefined ||
    w2 === undefined ||
    w.some((n) => n < 0 || n > 8)
  )
    throw new PdfReadError('bad /W');
  const size = intOf(dict.get('Size')) ?? 0;
  const indexValue = dict.get('Index');
  const index = Array.isArray(indexValue) ? indexValue.map((value) => intOf(value) ?? -1) : [0, size];
  const data = decodeStream(stream);
  const rowLength = w0 + w1 + w2;
  if (rowLength === 0) throw new PdfReadError('empty /W');
  const entries = new Map<number, XrefEntry>();
  let row = 0;
  for (let pair = 0; pair + 1 < index.length; pair += 2) {
    const start = index[pair] ?? -1;
    const count = index[pair + 1] ?? -1;
    if (start < 0 || count < 0 || start + count > MAX_OBJECT_NUMBER) throw new PdfReadError('bad /Index');
    for (let n = 0; n < count && (row + 1) * rowLength <= data.length; n++, row++) {
      const at = row * rowLength;
      const type = w0 === 0 ? 1 : field(data, at, w0);
      const second = field(data, at + w0, w1);
      const third = field(data, at + w0 + w1, w2);
      const num = start + n;
      if (entries.has(num)) continue;
      if (type === 1)
        entries.set(num, second > 0 ? { kind: 'offset', offset: second, gen: third } : { kind: 'free' });
      else if (type === 2) entries.set(num, { kind: 'compressed', stream: second, index: third });
      else if (type === 0) entries.set(num, { kind: 'free' });
      // other types: ignored, as §7.5.8.3 says (a reference to them is null)
    }
  }
  const prev = intOf(dict.get('Prev'));
  return { entries, trailer: dict, ...(prev !== undefined ? { prev } : {}) };
}

/** Read the section at `offset`: a table (`xref`) or a stream object. Throws PdfReadError otherwise. */
export function readXrefSection(bytes: Uint8Array, offset: number): XrefSection {
  let at = offset;
  while (at < bytes.length && at - offset < 64 && /\s/.test(String.fromCharCode(bytes[at] ?? 0))) at++;
  if (
    Buffer.from(bytes.buffer, bytes.byteOffset + at, Math.min(4, bytes.length - at)).toString('latin1') ===
    'xref'
  )
    return readTable(bytes, at + 4);
  const { object } = readIndirectObject(bytes, offset, () => undefined);
  if (!(object instanceof PdfStream)) throw new PdfReadError('startxref points at no cross-reference');
  return readXrefStream(object);
}
