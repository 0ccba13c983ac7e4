/**
 * What the revisions after a signature changed, judged as pyHanko's difference analysis does
 * (pyhanko/sign/diff_analysis): the document is compared with the signed revision along its structure —
 * catalog, page tree, form fields, annotations — and every difference must be one a signature allows:
 * long-term-validation data (/DSS with its /VRI), document time-stamps and new signatures in new or empty
 * signature fields; form filling (DocMDP P ≥ 2) in fields no FieldMDP lock covers; annotations (P = 3, the
 * level of a document without certification). Anything else — page content, resources, a locked field, a
 * removed annotation — alters what was signed.
 */
import type { PdfDocument, Revision } from '../document/pdf-document.js';
import { PdfDict, PdfName, PdfRef, type PdfValue } from '../pdf-object-reader.js';
import { PAGE_BOOKKEEPING, RevisionComparer } from './deep-compare.js';
import { compareFields, type FieldPolicy } from './form-changes.js';

/** NONE: nothing after the signature; ALLOWED: only permitted updates; DISALLOWED: what was signed changed. */
export type LaterChanges = 'NONE' | 'ALLOWED' | 'DISALLOWED';

export interface ChangeVerdict {
  changes: LaterChanges;
  /** Where the first disallowed change was found, e.g. `/Root/Pages/Kids[0]/Contents`. */
  where?: string;
}

/**
 * Catalog keys a later revision may add or change without touching what was signed: long-term-validation
 * data, metadata, the logical structure (a new signature widget joins it), and what is compared on its own.
 */
const CATALOG_FREE = new Set([
  'DSS',
  'Metadata',
  'Extensions',
  'Version',
  'StructTreeRoot',
  'AcroForm',
  'Pages',
  'Names',
]);
/** Page-tree keys the walk judges itself or that do not change what a page shows. */
const PAGE_FREE = new Set(['Kids', ...PAGE_BOOKKEEPING]);
const PAGE_TREE_DEPTH = 32;

type Value = PdfValue | undefined;

class Analysis {
  readonly compare: RevisionComparer;
  where: string | undefined;

  constructor(
    readonly doc: PdfDocument,
    before: Revision,
    after: Revision,
    readonly policy: FieldPolicy,
  ) {
    this.compare = new RevisionComparer(doc, before, after);
  }

  fail(where: string): false {
    this.where ??= where;
    return false;
  }

  catalog(): boolean {
    const { doc, compare } = this;
    const before = doc.catalog(compare.before);
    const after = doc.catalog(compare.after);
    if (!before || !after) return this.fail('/Root');
    if (!compare.sameDict(before, after, CATALOG_FREE)) return this.fail('/Root');
    if (!this.names(before.get('Names'), after.get('Names'))) return this.fail('/Root/Names');
    return this.pages(before.get('Pages'), after.get('Pages'), '/Root/Pages', 0) && this.form(before, after);
  }

  /** The name trees may change only in /AP (named appearances of stamps: annotations, P = 3). */
  private names(a: Value, b: Value): boolean {
    const { compare } = this;
    if (compare.same(a, b)) return true;
    const empty = new PdfDict(new Map(), new Map());
    const before = compare.resolveOld(a) ?? empty;
    const after = compare.resolveNew(b) ?? empty;
    if (!(before instanceof PdfDict) || !(after instanceof PdfDict)) return false;
    return this.policy.docMdp === 3 && compare.sameDict(before, after, new Set(['AP']));
  }

  private form(before: PdfDict, after: PdfDict): boolean {
    if (this.compare.identical(before.get('AcroForm'), after.get('AcroForm'))) return true;
    const verdict = compareFields(this.compare, before.get('AcroForm'), after.get('AcroForm'), this.policy);
    return (
      verdict === true ||
      this.fail(`/Root/AcroForm${verdict === false || verdict === '' ? '' : ` ${verdict}`}`)
    );
  }

  private pages(a: Value, b: Value, where: string, depth: number): boolean {
    const { compare } = this;
    if (compare.identical(a, b)) return true;
    const before = compare.resolveOld(a);
    const after = compare.resolveNew(b);
    if (!(before instanceof PdfDict) || !(after instanceof PdfDict) || depth > PAGE_TREE_DEPTH)
      return this.fail(where);
    if (!compare.sameDict(before, after, PAGE_FREE)) return this.fail(where);
    const kidsBefore = compare.resolveOld(before.get('Kids'));
    const kidsAfter = compare.resolveNew(after.get('Kids'));
    if (Array.isArray(kidsBefore) || Array.isArray(kidsAfter)) {
      if (!Array.isArray(kidsBefore) || !Array.isArray(kidsAfter) || kidsBefore.length !== kidsAfter.length)
        return this.fail(`${where}/Kids`);
      for (const [index, kid] of kidsBefore.entries())
        if (!this.pages(kid, kidsAfter[index], `${where}/Kids[${index}]`, depth + 1)) return false;
    }
    return this.annotations(before.get('Annots'), after.get('Annots'), `${where}/Annots`);
  }

  private annotations(a: Value, b: Value, where: string): boolean {
    const { compare, policy } = this;
    if (compare.identical(a, b)) return true;
    const before = compare.resolveOld(a) ?? [];
    const after = compare.resolveNew(b) ?? [];
    if (!Array.isArray(before) || !Array.isArray(after)) return this.fail(where);
    const afterRefs = new Map(
      after.flatMap((item) => (item instanceof PdfRef ? [[item.num, item] as const] : [])),
    );
    for (const item of before) {
      const kept = item instanceof PdfRef ? afterRefs.get(item.num) : undefined;
      if (!kept) return this.fail(`${where} (an annotation was removed)`);
      if (compare.sameContent(item, kept)) continue;
      // A widget belongs to a field: the form comparison judges it. Other annotations change at P = 3 only.
      if (!isWidget(compare.resolveNew(kept)) && policy.docMdp < 3)
        return this.fail(`${where}/${(item as PdfRef).num}`);
    }
    const beforeRefs = new Set(before.flatMap((item) => (item instanceof PdfRef ? [item.num] : [])));
    for (const item of after) {
      if (item instanceof PdfRef && beforeRefs.has(item.num)) continue;
      const annotation = compare.resolveNew(item);
      if (isWidget(annotation)) continue; // new fields are judged by the form comparison
      if (policy.docMdp < 3) return this.fail(`${where} (an annotation was added)`);
    }
    return true;
  }
}

const isWidget = (value: unknown): boolean => {
  const subtype = value instanceof PdfDict ? value.get('Subtype') : undefined;
  return subtype instanceof PdfName && subtype.name === 'Widget';
};

/** Judge what happened between `signed` (the revision a signature covers) and `final` (the file's last). */
export function analyseLaterChanges(
  doc: PdfDocument,
  signed: Revision,
  final: Revision,
  policy: FieldPolicy,
): ChangeVerdict {
  if (signed === final || signed.end === final.end) return { changes: 'NONE' };
  const analysis = new Analysis(doc, signed, final, policy);
  const ok = analysis.catalog() && !analysis.compare.exhausted;
  if (ok) return { changes: 'ALLOWED' };
  return { changes: 'DISALLOWED', ...(analysis.where ? { where: analysis.where } : { where: 'budget' }) };
}

export type { FieldPolicy };
