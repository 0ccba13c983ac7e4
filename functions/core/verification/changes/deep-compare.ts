/**
 * Deep equality of a value as one revision shows it and a value as a later revision shows it. An indirect
 * object whose cross-reference entry did not change is the very same bytes and is not read again, so the
 * walk only visits what a later revision rewrote. Bounded: a budget of comparisons, and cycles are cut.
 */
import { PdfStream } from '../document/indirect-object.js';
import type { PdfDocument, Revision } from '../document/pdf-document.js';
import { PdfDict, PdfName, PdfNumber, PdfRef, PdfString, type PdfValue } from '../pdf-object-reader.js';

type Value = PdfValue | PdfStream | undefined;

/**
 * Keys of a page (or page-tree node) that a generic comparison skips: its annotations are judged by the
 * page-tree walk of the difference analysis, the rest is writers' bookkeeping that does not show.
 */
export const PAGE_BOOKKEEPING = new Set([
  'Annots',
  'ITXT',
  'PieceInfo',
  'LastModified',
  'StructParents',
  'Tabs',
]);

const isPageObject = (dict: PdfDict): boolean => {
  const type = dict.get('Type');
  return type instanceof PdfName && (type.name === 'Page' || type.name === 'Pages');
};

/** Compares values of two revisions of one document. */
export class RevisionComparer {
  private budget = 200_000;
  private readonly assumed = new Set<string>();

  constructor(
    readonly doc: PdfDocument,
    readonly before: Revision,
    readonly after: Revision,
  ) {}

  /** The budget ran out: the caller must not trust a `true` it did not get. */
  get exhausted(): boolean {
    return this.budget <= 0;
  }

  /** The object `num` is, byte for byte, what it was. */
  unchangedObject(num: number): boolean {
    const old = this.doc.entryKey(num, this.before);
    return old !== undefined && old === this.doc.entryKey(num, this.after);
  }

  resolveOld(value: Value): Value {
    return this.doc.resolve(value, this.before);
  }

  resolveNew(value: Value): Value {
    return this.doc.resolve(value, this.after);
  }

  same(a: Value, b: Value): boolean {
    if (--this.budget < 0) return false;
    if (a instanceof PdfRef && b instanceof PdfRef) {
      if (a.num === b.num && this.unchangedObject(a.num)) return true;
      const pair = `${a.num}:${b.num}`;
      if (this.assumed.has(pair)) return true;
      this.assumed.add(pair);
    }
    return this.sameDirect(this.resolveOld(a), this.resolveNew(b));
  }

  private sameDirect(a: Value, b: Value): boolean {
    if (a instanceof PdfStream || b instanceof PdfStream) {
      return (
        a instanceof PdfStream &&
        b instanceof PdfStream &&
        Buffer.from(a.data).equals(b.data) &&
        this.sameDict(a.dict, b.dict)
      );
    }
    if (a instanceof PdfDict || b instanceof PdfDict) {
      if (!(a instanceof PdfDict && b instanceof PdfDict)) return false;
      return this.sameDict(a, b, isPageObject(a) && isPageObject(b) ? PAGE_BOOKKEEPING : undefined);
    }
    if (Array.isArray(a) || Array.isArray(b)) {
      return (
        Array.isArray(a) &&
        Array.isArray(b) &&
        a.length === b.length &&
        a.every((item, index) => this.same(item, b[index]))
      );
    }
    return samePrimitive(a, b);
  }

  /** Same keys with the same values, except `ignore`d keys. */
  sameDict(a: PdfDict, b: PdfDict, ignore: ReadonlySet<string> = new Set()): boolean {
    const keys = new Set([...a.entries.keys(), ...b.entries.keys()]);
    for (const key of keys) {
      if (key === 'Length' || ignore.has(key)) continue;
      if (!this.same(a.get(key), b.get(key))) return false;
    }
    return true;
  }
}

function samePrimitive(a: Value, b: Value): boolean {
  if (a instanceof PdfName) return b instanceof PdfName && a.name === b.name;
  if (a instanceof PdfNumber) return b instanceof PdfNumber && a.value === b.value;
  if (a instanceof PdfString) {
    return (
      b instanceof PdfString &&
      a.bytes !== undefined &&
      b.bytes !== undefined &&
      Buffer.from(a.bytes).equals(b.bytes)
    );
  }
  if (a instanceof PdfRef || b instanceof PdfRef) return false;
  return a === b || (a === undefined && b === null) || (a === null && b === undefined);
}
