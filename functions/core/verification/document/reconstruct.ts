/**
 * The objects of a damaged revision, found as qpdf and viewers find them when the cross-reference chain is
 * unreadable: a linear scan for `N G obj` headers (a later one wins), object streams opened for their
 * members, and the trailer taken from the last `trailer` dictionary or cross-reference stream naming /Root.
 */
import { PdfDict, PdfName, PdfObjectReader, PdfReadError, PdfRef } from '../pdf-object-reader.js';
import { type PdfObject, PdfStream } from './indirect-object.js';
import { readObjectStream } from './object-stream.js';
import type { XrefEntry } from './xref.js';

const HEADER = /(?<![0-9])(\d{1,10})[ \t\r\n\f\0]+(\d{1,5})[ \t\r\n\f\0]+obj(?![A-Za-z0-9])/g;
/** The most objects a scan records (a 10 MiB upload holds far fewer). */
const MAX_SCANNED = 500_000;

function trailerFrom(text: string, bytes: Uint8Array): PdfDict | undefined {
  const at = text.lastIndexOf('trailer');
  if (at < 0) return undefined;
  try {
    const value = new PdfObjectReader(bytes, at + 7, { tokens: 10_000, maxStringBytes: 4096 }).readValue();
    return value instanceof PdfDict && value.get('Root') instanceof PdfRef ? value : undefined;
  } catch (error) {
    if (!(error instanceof PdfReadError)) throw error;
    return undefined;
  }
}

const isType = (object: PdfObject | undefined, type: string): object is PdfStream => {
  const dict = object instanceof PdfStream ? object.dict : undefined;
  const value = dict?.get('Type');
  return value instanceof PdfName && value.name === type;
};

/** Entries and trailer of `bytes` (one revision's prefix of the file); `read` reads the object at an offset. */
export function reconstructXref(
  bytes: Uint8Array,
  read: (offset: number) => PdfObject | undefined,
): { entries: Map<number, XrefEntry>; trailer: PdfDict | undefined } {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const direct = new Map<number, XrefEntry>();
  const streams: number[] = [];
  let trailer = trailerFrom(text, bytes);
  HEADER.lastIndex = 0;
  for (let match = HEADER.exec(text); match && direct.size < MAX_SCANNED; match = HEADER.exec(text)) {
    const num = Number(match[1]);
    direct.set(num, { kind: 'offset', offset: match.index, gen: Number(match[2]) });
    const head = text.slice(match.index, match.index + 256);
    if (head.includes('/ObjStm')) streams.push(match.index);
    if (head.includes('/XRef')) {
      const object = read(match.index);
      if (isType(object, 'XRef') && object.dict.get('Root') instanceof PdfRef) trailer = object.dict;
    }
  }
  const entries = new Map<number, XrefEntry>();
  for (const offset of streams) {
    const object = read(offset);
    if (!isType(object, 'ObjStm')) continue;
    const header = /^(\d+)/.exec(text.slice(offset, offset + 12));
    const streamNum = Number(header?.[1]);
    let members: number[] = [];
    try {
      members = [...readObjectStream(object).keys()];
    } catch (error) {
      if (!(error instanceof PdfReadError)) throw error;
    }
    members.forEach((num, index) => {
      if (!direct.has(num)) entries.set(num, { kind: 'compressed', stream: streamNum, index });
    });
  }
  for (const [num, entry] of direct) entries.set(num, entry);
  return { entries, trailer };
}
