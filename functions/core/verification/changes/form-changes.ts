/**
 * The form part of the difference analysis: which changes to /AcroForm and its fields a later revision may
 * make. Signature fields may be created or, when empty, signed (P ≥ 2; document time-stamps at any level);
 * other fields may be filled in (P ≥ 2) unless a FieldMDP lock covers them; nothing may be removed.
 */
import { PdfDict, PdfName, PdfRef, PdfString, type PdfValue } from '../pdf-object-reader.js';
import type { RevisionComparer } from './deep-compare.js';

/** What the signatures made before the change permit: the DocMDP level and the FieldMDP locks. */
export interface FieldPolicy {
  /** 1 no changes, 2 form filling and signing, 3 also annotations (ISO 32000-1 §12.8.2.2, Table 254). */
  docMdp: 1 | 2 | 3;
  /** Whether a FieldMDP lock covers the field with this fully qualified name. */
  locked: (field: string) => boolean;
}

type Value = PdfValue | undefined;
/** true: allowed; false or a path: not allowed (the path says where). */
export type FormVerdict = true | false | string;

const FORM_FREE = new Set(['Fields', 'SigFlags', 'DR', 'DA', 'NeedAppearances']);
const SIGNATURE_FIELD_FREE = new Set(['V', 'AP', 'AS', 'F', 'MK', 'Kids', 'P']);
const FILLED_FIELD_FREE = new Set(['V', 'AP', 'AS', 'I', 'DA', 'Kids', 'P']);
const MAX_DEPTH = 16;

const nameOf = (value: Value): string | undefined => (value instanceof PdfName ? value.name : undefined);
const partialName = (dict: PdfDict): string => {
  const value = dict.get('T');
  return value instanceof PdfString && value.bytes ? Buffer.from(value.bytes).toString('latin1') : '';
};

class FormComparison {
  constructor(
    readonly compare: RevisionComparer,
    readonly policy: FieldPolicy,
  ) {}

  fields(a: Value, b: Value, parent: string, type: string | undefined, depth: number): FormVerdict {
    const { compare } = this;
    const before = compare.resolveOld(a) ?? [];
    const after = compare.resolveNew(b) ?? [];
    if (!Array.isArray(before) || !Array.isArray(after)) return `${parent}/Fields`;
    const afterRefs = new Map(
      after.flatMap((item) => (item instanceof PdfRef ? [[item.num, item] as const] : [])),
    );
    const beforeRefs = new Set(before.flatMap((item) => (item instanceof PdfRef ? [item.num] : [])));
    for (const item of before) {
      const kept = item instanceof PdfRef ? afterRefs.get(item.num) : undefined;
      if (!kept) return `${parent} (a field was removed)`;
      const verdict = this.field(item, kept, parent, type, depth);
      if (verdict !== true) return verdict;
    }
    for (const item of after) {
      if (item instanceof PdfRef && beforeRefs.has(item.num)) continue;
      const verdict = this.newField(item, parent, type);
      if (verdict !== true) return verdict;
    }
    return true;
  }

  private field(
    a: Value,
    b: Value,
    parent: string,
    inherited: string | undefined,
    depth: number,
  ): FormVerdict {
    const { compare, policy } = this;
    if (compare.sameContent(a, b)) return true;
    const before = compare.resolveOld(a);
    const after = compare.resolveNew(b);
    const where = `${parent}/${a instanceof PdfRef ? a.num : '?'}`;
    if (!(before instanceof PdfDict) || !(after instanceof PdfDict) || depth > MAX_DEPTH) return where;
    const partial = partialName(before);
    const name = partial ? (parent.startsWith('/') ? partial : `${parent}.${partial}`) : parent;
    const type = nameOf(before.get('FT')) ?? inherited;
    if (policy.locked(name)) return `${where} (locked field ${name})`;
    if (type === 'Sig') {
      if (!compare.sameDict(before, after, SIGNATURE_FIELD_FREE)) return where;
      const hadValue = before.get('V') !== undefined;
      if (hadValue && !compare.same(before.get('V'), after.get('V')))
        return `${where} (a signature was replaced)`;
      if (!hadValue && after.get('V') !== undefined && !this.signingAllowed(after.get('V'))) return where;
    } else {
      if (policy.docMdp < 2 || !compare.sameDict(before, after, FILLED_FIELD_FREE)) return where;
    }
    if (before.get('Kids') === undefined && after.get('Kids') === undefined) return true;
    return this.fields(before.get('Kids'), after.get('Kids'), name || where, type, depth + 1);
  }

  private signingAllowed(value: Value): boolean {
    const dict = this.compare.resolveNew(value);
    const type = dict instanceof PdfDict ? nameOf(dict.get('Type')) : undefined;
    return type === 'DocTimeStamp' || this.policy.docMdp >= 2;
  }

  private newField(value: Value, parent: string, inherited: string | undefined): FormVerdict {
    const dict = this.compare.resolveNew(value);
    const where = `${parent} (a field was added)`;
    if (!(dict instanceof PdfDict)) return where;
    const type = nameOf(dict.get('FT')) ?? inherited;
    if (type !== 'Sig') return where;
    return dict.get('V') === undefined || this.signingAllowed(dict.get('V')) ? true : where;
  }
}

/** Compare the /AcroForm values of the signed and the final revision. */
export function compareFields(
  compare: RevisionComparer,
  a: Value,
  b: Value,
  policy: FieldPolicy,
): FormVerdict {
  const before = compare.resolveOld(a);
  const after = compare.resolveNew(b);
  if (!(after instanceof PdfDict)) return before === undefined;
  if (before instanceof PdfDict && !compare.sameDict(before, after, FORM_FREE)) return '';
  const empty = new PdfDict(new Map(), new Map());
  const old = before instanceof PdfDict ? before : empty;
  return new FormComparison(compare, policy).fields(
    old.get('Fields'),
    after.get('Fields'),
    '/Fields',
    undefined,
    0,
  );
}
