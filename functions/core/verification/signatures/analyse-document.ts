/**
 * Every signature of a PDF, each checked over its own revision, with the difference analysis of what the
 * revisions after it changed, under the DocMDP level and FieldMDP locks of the signatures made up to it.
 */
import { analyseLaterChanges } from '../changes/later-changes.js';
import { PdfDocument } from '../document/pdf-document.js';
import type { TrustAnchors } from '../types.js';
import { type CheckedSignature, checkOneSignature } from './check-signature.js';
import { type FieldLock, isLocked, permissionsOf } from './permissions.js';
import { findSignatures } from './signature-fields.js';

/** What the analysis of a whole document found. */
export interface DocumentAnalysis {
  signatures: CheckedSignature[];
  /** Bytes after the last revision that are not white space: not a revision anyone signed or can read. */
  trailingBytes: boolean;
  /** Where the first disallowed later change was found, per signature (same order). */
  changedAt: (string | undefined)[];
}

const MAX_SIGNATURES = 128;

const trailing = (pdf: Buffer, end: number): boolean => {
  for (let at = end; at < pdf.length; at++) {
    const code = pdf[at];
    if (!(code === 0x00 || code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d || code === 0x20))
      return true;
  }
  return false;
};

/** Analyse `pdf`; undefined when it has no revision at all (no `%%EOF`). */
export function analyseDocument(pdf: Buffer, trust: TrustAnchors): DocumentAnalysis | undefined {
  const doc = new PdfDocument(pdf);
  const final = doc.revisions[doc.revisions.length - 1];
  if (!final) return undefined;
  const found = findSignatures(doc, final).slice(0, MAX_SIGNATURES);
  const checked = found.map((signature) => checkOneSignature(doc, signature, trust));
  const permissions = found.map((signature) => permissionsOf(doc, signature, final));
  const changedAt: (string | undefined)[] = [];
  for (const [index, signature] of checked.entries()) {
    const revision = doc.revisions[signature.revisionIndex];
    const own = permissions[index];
    if (own?.docMdp !== undefined) signature.report.docMdp = own.docMdp;
    if (!revision || signature.coverageProblem) {
      changedAt.push(undefined);
      continue;
    }
    let docMdp: 1 | 2 | 3 = 3;
    const locks: FieldLock[] = [];
    for (const [other, made] of checked.entries()) {
      if (made.revisionIndex < 0 || made.revisionIndex > signature.revisionIndex) continue;
      const set = permissions[other];
      if (set?.docMdp !== undefined && set.docMdp < docMdp) docMdp = set.docMdp;
      locks.push(...(set?.locks ?? []));
    }
    const verdict = analyseLaterChanges(doc, revision, final, {
      docMdp,
      locked: (name) => isLocked(locks, name),
    });
    signature.report.laterChanges = verdict.changes;
    changedAt.push(verdict.where);
  }
  return { signatures: checked, trailingBytes: trailing(pdf, final.end), changedAt };
}
