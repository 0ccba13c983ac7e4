/**
 * A PDF as a list of revisions (ISO 32000-1 §7.5.6 incremental updates): every `%%EOF` ends one, and the
 * objects of a revision are those its `startxref` chain (/Prev, /XRefStm) makes visible. Objects are read
 * lazily, per revision, from plain offsets or from object streams (§7.5.7). When a revision's chain cannot be
 * read, its objects are found by a scan of `N G obj` headers, as qpdf and viewers recover damaged files.
 * Bounded: chains, reference hops and object reads are capped; a read that fails yields undefined.
 */
import { PdfDict, PdfNumber, PdfReadError, PdfRef, type PdfValue } from '../pdf-object-reader.js';
import { type PdfObject, PdfStream, readIndirectObject } from './indirect-object.js';
import { readObjectStream } from './object-stream.js';
import { reconstructXref } from './reconstruct.js';
import { readXrefSection, type XrefEntry, type XrefSection } from './xref.js';

/** One revision: the bytes [0, end) and the objects visible in it. */
export interface Revision {
  /** Offset just after this revision's `%%EOF` (and its end-of-line). */
  end: number;
  /** Offset just after the `%%EOF` itself (a signature's byte range may end here or at `end`). */
  eof: number;
  entries: Map<number, XrefEntry>;
  trailer: PdfDict | undefined;
  /** The cross-reference chain could not be read; objects come from a scan. */
  reconstructed: boolean;
}

const MAX_SECTIONS = 4096;
const MAX_REVISIONS = 1024;
const MAX_HOPS = 32;
const EOF = Buffer.from('%%EOF');
const STARTXREF = Buffer.from('startxref');

/** Offsets just after every `%%EOF` marker and its line end: the ends of the file's revisions. */
export function revisionEnds(pdf: Buffer): { eof: number; end: number }[] {
  const ends: { eof: number; end: number }[] = [];
  for (let at = pdf.indexOf(EOF); at >= 0 && ends.length < MAX_REVISIONS; at = pdf.indexOf(EOF, at + 1)) {
    const eof = at + EOF.length;
    let end = eof;
    if (pdf[end] === 0x0d) end++;
    if (pdf[end] === 0x0a) end++;
    ends.push({ eof, end });
  }
  return ends;
}

/** The `startxref` value that precedes `end`, if any. */
function startxrefBefore(pdf: Buffer, end: number): number | undefined {
  const at = pdf.lastIndexOf(STARTXREF, end);
  const match = at >= 0 ? /^startxref\s+(\d{1,12})/.exec(pdf.toString('latin1', at, at + 32)) : null;
  return match ? Number(match[1]) : undefined;
}

export class PdfDocument {
  readonly revisions: Revision[];
  private readonly sections = new Map<number, XrefSection | undefined>();
  private readonly objects = new Map<string, PdfObject | undefined>();
  private readonly objectStreams = new Map<string, Map<number, PdfValue> | undefined>();

  constructor(readonly pdf: Buffer) {
    const ends = revisionEnds(pdf);
    // A linearized file's first-page section ends in `startxref 0 %%EOF`: not a revision of its own.
    const real = ends.filter(
      (end, index) => index === ends.length - 1 || startxrefBefore(pdf, end.end) !== 0,
    );
    this.revisions = real.map(({ eof, end }) => this.revisionEndingAt(eof, end));
  }

  private section(offset: number): XrefSection | undefined {
    if (!this.sections.has(offset)) {
      let section: XrefSection | undefined;
      try {
        section = readXrefSection(this.pdf, offset);
      } catch (error) {
        if (!(error instanceof PdfReadError)) throw error;
      }
      this.sections.set(offset, section);
    }
    return this.sections.get(offset);
  }

  /** Entries and trailer of the chain starting at `start`, or undefined when any link is unreadable. */
  private chain(start: number, end: number): Pick<Revision, 'entries' | 'trailer'> | undefined {
    const entries = new Map<number, XrefEntry>();
    const seen = new Set<number>();
    let trailer: PdfDict | undefined;
    const merge = (section: XrefSection) => {
      for (const [num, entry] of section.entries) if (!entries.has(num)) entries.set(num, entry);
    };
    for (let offset: number | undefined = start; offset !== undefined; ) {
      if (seen.has(offset) || seen.size >= MAX_SECTIONS || offset >= end) return undefined;
      seen.add(offset);
      const section = this.section(offset);
      if (!section) return undefined;
      trailer ??= section.trailer;
      merge(section);
      if (section.xrefStm !== undefined && section.xrefStm < end) {
        const hybrid = this.section(section.xrefStm);
        if (hybrid) merge(hybrid);
      }
      offset = section.prev;
    }
    return { entries, trailer };
  }

  private revisionEndingAt(eof: number, end: number): Revision {
    const start = startxrefBefore(this.pdf, end);
    const chain = start !== undefined ? this.chain(start, end) : undefined;
    if (chain?.trailer?.get('Root') instanceof PdfRef) return { eof, end, ...chain, reconstructed: false };
    return {
      eof,
      end,
      ...reconstructXref(this.pdf.subarray(0, end), (offset) => this.readAt(offset, undefined)),
      reconstructed: true,
    };
  }

  private readAt(offset: number, expected: number | undefined): PdfObject | undefined {
    const key = `o${offset}`;
    if (!this.objects.has(key)) {
      let object: PdfObject | undefined;
      try {
        const read = readIndirectObject(this.pdf, offset, (value) => this.lengthOf(value));
        object = expected === undefined || read.num === expected ? read.object : undefined;
      } catch (error) {
        if (!(error instanceof PdfReadError)) throw error;
      }
      this.objects.set(key, object);
    }
    return this.objects.get(key);
  }

  private lengthOf(value: PdfValue | undefined): number | undefined {
    if (!(value instanceof PdfRef)) return undefined;
    const last = this.revisions?.[this.revisions.length - 1];
    const entry = last?.entries.get(value.num);
    if (entry?.kind !== 'offset') return undefined;
    const found = this.readAt(entry.offset, value.num);
    return found instanceof PdfNumber ? found.value : undefined;
  }

  /** Identity of object `num` in a revision: equal keys in two revisions mean the very same bytes. */
  entryKey(num: number, revision: Revision): string | undefined {
    const entry = revision.entries.get(num);
    if (!entry || entry.kind === 'free') return undefined;
    if (entry.kind === 'offset') return `o${entry.offset}`;
    return `${this.entryKey(entry.stream, revision) ?? '?'}#${entry.index}`;
  }

  /** Object `num` as revision `revision` shows it. */
  object(num: number, revision: Revision): PdfObject | undefined {
    const entry = revision.entries.get(num);
    if (!entry || entry.kind === 'free') return undefined;
    if (entry.kind === 'offset') return this.readAt(entry.offset, num);
    const streamKey = this.entryKey(entry.stream, revision);
    const streamEntry = revision.entries.get(entry.stream);
    if (!streamKey || streamEntry?.kind !== 'offset') return undefined;
    if (!this.objectStreams.has(streamKey)) {
      const stream = this.readAt(streamEntry.offset, entry.stream);
      let members: Map<number, PdfValue> | undefined;
      try {
        members = stream instanceof PdfStream ? readObjectStream(stream) : undefined;
      } catch (error) {
        if (!(error instanceof PdfReadError)) throw error;
      }
      this.objectStreams.set(streamKey, members);
    }
    return this.objectStreams.get(streamKey)?.get(num);
  }

  /** Follow references (bounded) to a direct value. */
  resolve(value: PdfObject | undefined, revision: Revision): PdfObject | undefined {
    let current = value;
    for (let hop = 0; current instanceof PdfRef && hop < MAX_HOPS; hop++)
      current = this.object(current.num, revision);
    return current instanceof PdfRef ? undefined : current;
  }

  /** A dictionary, or a stream's dictionary, behind `value`. */
  dict(value: PdfObject | undefined, revision: Revision): PdfDict | undefined {
    const resolved = this.resolve(value, revision);
    return resolved instanceof PdfDict ? resolved : resolved instanceof PdfStream ? resolved.dict : undefined;
  }

  /** The catalog (/Root) of a revision. */
  catalog(revision: Revision): PdfDict | undefined {
    return this.dict(revision.trailer?.get('Root'), revision);
  }
}
