/**
 * The signatures of a document as a viewer lists them: the signature fields (/FT /Sig, inherited) of the
 * last revision's /AcroForm, walked through /Kids with bounded depth and count, each with its value — the
 * signature dictionary.
 */

import type { PdfDocument, Revision } from '../document/pdf-document.js';
import { type PdfDict, PdfName, PdfRef, PdfString, type PdfValue } from '../pdf-object-reader.js';
import { findAllSignatureDictionaries } from '../signature-dictionary.js';

/** One signature found. */
export interface FoundSignature {
  /** Fully qualified field name (`a.b.c`), empty when no field names it. */
  field: string;
  dictionary: PdfDict;
  /** Object number of the signature dictionary, when it is an indirect object. */
  ref?: number;
  /** Object number of the field (for FieldMDP locks and later-change analysis). */
  fieldRef?: number;
}

const MAX_FIELDS = 5000;
const MAX_DEPTH = 16;

const text = (value: PdfValue | undefined): string => {
  if (!(value instanceof PdfString) || !value.bytes) return '';
  const bytes = Buffer.from(value.bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return bytes.subarray(2).swap16().toString('utf16le');
  return bytes.toString('latin1');
};

const nameOf = (value: PdfValue | undefined): string | undefined =>
  value instanceof PdfName ? value.name : undefined;

/** Every signature field with a value in `revision`. */
export function signatureFields(doc: PdfDocument, revision: Revision): FoundSignature[] {
  const found: FoundSignature[] = [];
  const acroForm = doc.dict(doc.catalog(revision)?.get('AcroForm'), revision);
  const fields = doc.resolve(acroForm?.get('Fields'), revision);
  const seen = new Set<number>();
  let visited = 0;
  const walk = (value: PdfValue, parentName: string, inheritedType: string | undefined, depth: number) => {
    if (depth > MAX_DEPTH || ++visited > MAX_FIELDS) return;
    if (value instanceof PdfRef) {
      if (seen.has(value.num)) return;
      seen.add(value.num);
    }
    const field = doc.dict(value, revision);
    if (!field) return;
    const partial = text(field.get('T'));
    const name = partial ? (parentName ? `${parentName}.${partial}` : partial) : parentName;
    const type = nameOf(field.get('FT')) ?? inheritedType;
    const kids = doc.resolve(field.get('Kids'), revision);
    if (Array.isArray(kids)) for (const kid of kids) walk(kid, name, type, depth + 1);
    const signatureValue = field.get('V');
    const dictionary = type === 'Sig' ? doc.dict(signatureValue, revision) : undefined;
    if (dictionary?.get('ByteRange') !== undefined) {
      found.push({
        field: name,
        dictionary,
        ...(signatureValue instanceof PdfRef ? { ref: signatureValue.num } : {}),
        ...(value instanceof PdfRef ? { fieldRef: value.num } : {}),
      });
    }
  };
  if (Array.isArray(fields)) for (const field of fields) walk(field, '', undefined, 0);
  return found;
}

/**
 * The signatures of the document: its fields' values. Only when no field holds one are the dictionaries with
 * a /ByteRange found by a raw scan checked instead (a file whose form cannot be read still gets an answer);
 * otherwise such dictionaries are earlier versions of rewritten objects, history that no viewer shows.
 */
export function findSignatures(doc: PdfDocument, revision: Revision | undefined): FoundSignature[] {
  const fields = revision ? signatureFields(doc, revision) : [];
  if (fields.length > 0) return fields;
  return findAllSignatureDictionaries(doc.pdf).map((dictionary) => ({ field: '', dictionary }));
}
