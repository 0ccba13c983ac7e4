/**
 * Deep equality of a value as one revision shows it and a value as a later revision shows it. An indirect
 * object whose cross-reference entry did not change, and which reaches no rewritten object, is the very
 * same content and is not compared again, so the walk only visits what a later revision can have changed. Bounded: a budget of comparisons, and cycles are cut.
 */
import { PdfStream } from '../document/indirect-object.js';
import type { PdfDocument, Revision } from '../document/pdf-document.js';
import { PdfDict, PdfName, PdfNumber, PdfRef, PdfString, type PdfValue } from '../pdf-object-reader.js';
import { DirtyObjects } from './dirty-objects.js';

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

const STRUCTURAL_TYPES = new Set(['Catalog', 'Pages', 'Page', 'Annot', 'Sig', 'DocTimeStamp']);

/** An object the difference analysis judges by its own rules (see later-changes.ts, form-changes.ts). */
function isStructural(value: Value): boolean {
  const dict = value instanceof PdfStream ? undefined : value instanceof PdfDict ? value : undefined;
  if (!dict) return false;
  const type = dict.get('Type');
  if (type instanceof PdfName && STRUCTURAL_TYPES.has(type.name)) return true;
  return (
    dict.get('FT') !== undefined ||
    dict.get('Fields') !== undefined ||
    (dict.get('Subtype') !== undefined && dict.get('Rect') !== undefined)
  );
}

const isPageObject = (dict: PdfDict): boolean => {
  const type = dict.get('Type');
  return type instanceof PdfName && (type.name === 'Page' || type.name === 'Pages');
};

/** Compares values of two revisions of one document. */
export class RevisionComparer {
  private budget = 200_000;
  private readonly inProgress = new Set<string>();
  private readonly different = new Set<string>();
  private readonly equal = new Set<string>();
  private readonly provisional = new Set<string>();
  private readonly dirty: DirtyObjects;

  constructor(
    readonly doc: PdfDocument,
    readonly before: Revision,
    readonly after: Revision,
  ) {
    this.dirty = new DirtyObjects(doc, before, after);
  }

  /** The budget ran out: the caller must not trust a `true` it did not get. */
  get exhausted(): boolean {
    return this.budget <= 0;
  }

  /** The object `num` is, byte for byte, what it was, and so is everything it refers to. */
  unchangedObject(num: number): boolean {
    const old = this.doc.entryKey(num, this.before);
    return old !== undefined && old === this.doc.entryKey(num, this.after) && !this.dirty.has(num);
  }

  resolveOld(value: Value): Value {
    return this.doc.resolve(value, this.before);
  }

  resolveNew(value: Value): Value {
    return this.doc.resolve(value, this.after);
  }

  /** Both are references to one object that no later revision touched (nor anything it refers to). */
  identical(a: Value, b: Value): boolean {
    return a instanceof PdfRef && b instanceof PdfRef && a.num === b.num && this.unchangedObject(a.num);
  }

  /** The content of `a` and `b` is the same; structural objects they refer to only need to be the same ones. */
  sameContent(a: Value, b: Value): boolean {
    if (this.identical(a, b)) return true;
    return --this.budget >= 0 && this.sameDirect(this.resolveOld(a), this.resolveNew(b));
  }

  /**
   * Generic deep equality. A reference to a structural object (catalog, page, annotation, field, signature)
   * only has to name the same object: the difference analysis judges those objects by their own rules, so a
   * back-link (/P, /Parent, a signature reference's /Data) does not turn their allowed changes into others.
   */
  same(a: Value, b: Value): boolean {
    if (--this.budget < 0) return false;
    if (!(a instanceof PdfRef && b instanceof PdfRef))
      return this.sameDirect(this.resolveOld(a), this.resolveNew(b));
    if (a.num === b.num && (this.unchangedObject(a.num) || isStructural(this.resolveNew(b)))) return true;
    const pair = `${a.num}:${b.num}`;
    // A cycle back to a pair being compared is assumed equal; the outermost comparison decides whether the
    // pairs found equal on the way are kept (it is a conjunction: one difference makes it false).
    if (this.different.has(pair)) return false;
    if (this.equal.has(pair) || this.provisional.has(pair) || this.inProgress.has(pair)) return true;
    this.inProgress.add(pair);
    const same = this.sameDirect(this.resolveOld(a), this.resolveNew(b));
    this.inProgress.delete(pair);
    if (same) this.provisional.add(pair);
    else this.different.add(pair);
    if (this.inProgress.size === 0) {
      if (same) for (const found of this.provisional) this.equal.add(found);
      this.provisional.clear();
    }
    return same;
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
