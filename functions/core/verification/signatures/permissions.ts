/**
 * What a signature permits after it (ISO 32000-1 §12.8.2): a certification signature's DocMDP level (from
 * its /Reference or the catalog's /Perms) and FieldMDP locks (from its /Reference or its field's /Lock).
 */
import type { PdfDocument, Revision } from '../document/pdf-document.js';
import { PdfDict, PdfName, PdfNumber, PdfRef, PdfString, type PdfValue } from '../pdf-object-reader.js';
import type { FoundSignature } from './signature-fields.js';

/** A FieldMDP lock: which fields it covers. */
export interface FieldLock {
  action: 'All' | 'Include' | 'Exclude';
  fields: string[];
}

const nameOf = (value: PdfValue | undefined): string | undefined =>
  value instanceof PdfName ? value.name : undefined;

function lockOf(doc: PdfDocument, value: PdfValue | undefined, revision: Revision): FieldLock | undefined {
  const params = doc.dict(value, revision);
  const action = nameOf(params?.get('Action'));
  if (action !== 'All' && action !== 'Include' && action !== 'Exclude') return undefined;
  const list = doc.resolve(params?.get('Fields'), revision);
  const fields = Array.isArray(list)
    ? list.flatMap((item) =>
        item instanceof PdfString && item.bytes ? [Buffer.from(item.bytes).toString('latin1')] : [],
      )
    : [];
  return { action, fields };
}

/** The DocMDP level and FieldMDP locks one signature sets. */
export function permissionsOf(
  doc: PdfDocument,
  found: FoundSignature,
  revision: Revision,
): { docMdp?: 1 | 2 | 3; locks: FieldLock[] } {
  const locks: FieldLock[] = [];
  let docMdp: 1 | 2 | 3 | undefined;
  const references = doc.resolve(found.dictionary.get('Reference'), revision);
  for (const item of Array.isArray(references) ? references : []) {
    const reference = doc.dict(item, revision);
    const method = nameOf(reference?.get('TransformMethod'));
    const params = reference?.get('TransformParams');
    if (method === 'DocMDP') {
      const p = doc.dict(params, revision)?.get('P');
      const level = p instanceof PdfNumber ? p.value : 2;
      docMdp = level <= 1 ? 1 : level >= 3 ? 3 : 2;
    } else if (method === 'FieldMDP') {
      const lock = lockOf(doc, params, revision);
      if (lock) locks.push(lock);
    }
  }
  const perms = doc.dict(doc.catalog(revision)?.get('Perms'), revision)?.get('DocMDP');
  if (docMdp === undefined && perms instanceof PdfRef && perms.num === found.ref) docMdp = 2;
  if (found.fieldRef !== undefined) {
    const field = doc.dict(new PdfRef(found.fieldRef, 0), revision);
    const lock = field instanceof PdfDict ? lockOf(doc, field.get('Lock'), revision) : undefined;
    if (lock) locks.push(lock);
  }
  return { ...(docMdp !== undefined ? { docMdp } : {}), locks };
}

/** Whether any of `locks` covers the field `name` (a lock on `a` covers `a.b`, too). */
export function isLocked(locks: readonly FieldLock[], name: string): boolean {
  const covers = (fields: string[]) => fields.some((field) => name === field || name.startsWith(`${field}.`));
  return locks.some((lock) =>
    lock.action === 'All' ? true : lock.action === 'Include' ? covers(lock.fields) : !covers(lock.fields),
  );
}
