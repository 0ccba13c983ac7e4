/**
 * The difference analysis on real later revisions: incremental updates appended to another issuer's sealed
 * licence and to certified documents of the EU DSS suite (DocMDP P=1 and P=2) — long-term-validation data
 * and, as the DocMDP level allows, annotations and form filling are allowed; page content, removed pages
 * and annotations on a P=1/P=2 document alter what was signed. Our own licences keep the strict policy.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PdfDocument } from '../../../functions/core/verification/document/pdf-document.js';
import { verifyPdfSignature } from '../../../functions/core/verification/index.js';
import {
  type PdfDict,
  type PdfRef,
  PdfString,
} from '../../../functions/core/verification/pdf-object-reader.js';
import { isLocked } from '../../../functions/core/verification/signatures/permissions.js';
import { padesSuiteDir } from '../../support/corpus.js';
import { appendUpdate, dict, edit, int, name, ref } from './incremental-update.js';
import { createSealingSetup, type SealingSetup, sealLicence } from './sealed-licence.js';

/** The numbers an update needs: catalog, first page, its content stream, the next free object number. */
function layout(pdf: Uint8Array) {
  const doc = new PdfDocument(Buffer.from(pdf));
  const last = doc.revisions[doc.revisions.length - 1];
  if (!last?.trailer) throw new Error('no revision');
  const rootRef = last.trailer.get('Root') as PdfRef;
  const catalog = doc.catalog(last) as PdfDict;
  const pagesRef = catalog.get('Pages') as PdfRef;
  const pages = doc.dict(pagesRef, last) as PdfDict;
  const pageRef = (doc.resolve(pages.get('Kids'), last) as PdfRef[])[0] as PdfRef;
  const page = doc.dict(pageRef, last) as PdfDict;
  const size = Math.max(...last.entries.keys()) + 1;
  return { doc, last, rootRef, catalog, pagesRef, pages, pageRef, page, size };
}

const addDss = (pdf: Uint8Array) => {
  const { rootRef, catalog, size } = layout(pdf);
  return appendUpdate(
    pdf,
    [
      { num: size, value: dict({ Certs: [], OCSPs: [], CRLs: [] }) },
      { num: rootRef.num, value: edit(catalog, { DSS: ref(size) }) },
    ],
    rootRef.num,
    size + 1,
  );
};

const addAnnotation = (pdf: Uint8Array) => {
  const { rootRef, pageRef, page, size } = layout(pdf);
  const note = dict({
    Type: name('Annot'),
    Subtype: name('Text'),
    Rect: [int(10), int(10), int(30), int(30)],
  });
  const annots = (page.get('Annots') as PdfRef[] | undefined) ?? [];
  return appendUpdate(
    pdf,
    [
      { num: size, value: note },
      { num: pageRef.num, value: edit(page, { Annots: [...annots, ref(size)] }) },
    ],
    rootRef.num,
    size + 1,
  );
};

const replaceContent = (pdf: Uint8Array) => {
  const { rootRef, pageRef, page, size } = layout(pdf);
  return appendUpdate(
    pdf,
    [
      { num: size, stream: { dict: dict({}), data: 'BT /F1 24 Tf 72 720 Td (VOID) Tj ET' } },
      { num: pageRef.num, value: edit(page, { Contents: ref(size) }) },
    ],
    rootRef.num,
    size + 1,
  );
};

const suite = (file: string) => new Uint8Array(readFileSync(path.join(padesSuiteDir, file)));

describe('later changes after another issuer’s seal (no DocMDP: P=3 rules)', () => {
  let ours: SealingSetup;
  let foreign: Uint8Array;
  let sealed: Uint8Array;

  beforeAll(async () => {
    ours = await createSealingSetup({ modulusLength: 2048 });
    const other = await createSealingSetup({ authorityName: '某省电子证照签章中心', modulusLength: 2048 });
    foreign = await sealLicence(other);
    sealed = await sealLicence(ours);
  });

  const check = (pdf: Uint8Array) => verifyPdfSignature(pdf, ours.trust);

  it('reports the sealed file alone: one intact signature over revision 1, nothing after it', () => {
    const result = check(foreign);
    expect(result.status).toBe('UNKNOWN_SIGNER');
    expect(result.signatures).toEqual([
      expect.objectContaining({ revision: 1, intact: true, coversWholeDocument: true, laterChanges: 'NONE' }),
    ]);
  });

  it('allows long-term-validation data (/DSS) added later', () => {
    const result = check(addDss(foreign));
    expect(result.status).toBe('UNKNOWN_SIGNER');
    expect(result.signatures?.[0]).toMatchObject({
      revision: 1,
      coversWholeDocument: false,
      laterChanges: 'ALLOWED',
    });
  });

  it('allows an annotation added later', () => {
    expect(check(addAnnotation(foreign)).signatures?.[0]?.laterChanges).toBe('ALLOWED');
  });

  it('calls new page content TAMPERED and says where', () => {
    const result = check(replaceContent(foreign));
    expect(result.status).toBe('TAMPERED');
    expect(result.signatures?.[0]?.laterChanges).toBe('DISALLOWED');
    expect(result.reasons.find((r) => r.code === 'MODIFIED_AFTER_SIGNING')?.message).toContain('/Root/Pages');
  });

  it('calls a removed page TAMPERED', () => {
    const { rootRef, pagesRef, pages } = layout(foreign);
    const emptied = appendUpdate(
      foreign,
      [{ num: pagesRef.num, value: edit(pages, { Kids: [], Count: int(0) }) }],
      rootRef.num,
      layout(foreign).size,
    );
    expect(check(emptied).status).toBe('TAMPERED');
  });

  it('keeps the strict policy for our own licence: only a DSS may follow the seal (issue 17), nothing else', () => {
    expect(check(sealed).status).toBe('VALID');
    const withDss = check(addDss(sealed));
    expect(withDss).toMatchObject({
      status: 'VALID',
      signature: { level: 'B-B', coversWholeDocument: true },
    });
    expect(withDss.signatures?.[0]).toMatchObject({ signerTrust: 'OWN_SEAL', laterChanges: 'ALLOWED' });
    for (const edited of [addAnnotation(sealed), replaceContent(sealed), addAnnotation(addDss(sealed))]) {
      const result = check(edited);
      expect(result.status).toBe('TAMPERED');
      expect(result.reasons.map((r) => r.code)).toEqual(
        expect.arrayContaining(['TAIL_NOT_COVERED', 'MODIFIED_AFTER_SEALING']),
      );
    }
  });
});

describe('later changes after a certification signature (EU DSS suite)', () => {
  const trust = { roots: [] };

  it('P=1: long-term-validation data is allowed, an annotation is not', () => {
    const certified = suite('dss-2554_certified-no-change-permitted.pdf');
    const before = verifyPdfSignature(certified, trust);
    expect(before.signatures?.[0]?.docMdp).toBe(1);
    expect(verifyPdfSignature(addDss(certified), trust).status).toBe('UNKNOWN_SIGNER');
    const annotated = verifyPdfSignature(addAnnotation(certified), trust);
    expect(annotated.status).toBe('TAMPERED');
    expect(annotated.signatures?.[0]?.laterChanges).toBe('DISALLOWED');
  });

  it('P=2: form filling is allowed, an annotation is not', () => {
    const certified = suite('dss-1376_DSS1376-rev_n.pdf');
    const result = verifyPdfSignature(certified, trust);
    expect(result.signatures?.map((s) => [s.field, s.docMdp, s.laterChanges])).toEqual([
      ['Sig1', 2, 'ALLOWED'], // the form was filled in and Sig2 signed after it
      ['Sig2', undefined, 'NONE'],
    ]);
    expect(verifyPdfSignature(addAnnotation(certified), trust).signatures?.[0]?.laterChanges).toBe(
      'DISALLOWED',
    );
  });

  it('a filled field a FieldMDP lock covers is not allowed', () => {
    const certified = suite('dss-1376_DSS1376-rev_n.pdf');
    const { doc, last, rootRef, size } = layout(certified);
    // Field1 (object 8) was filled after Sig1; filling it again is fine, unless a lock covers it.
    const field = doc.dict(ref(8), last) as PdfDict;
    const value = new PdfString(Buffer.from('changed'), false, 0, 0, false);
    const refilled = appendUpdate(
      certified,
      [{ num: 8, value: edit(field, { V: value }) }],
      rootRef.num,
      size,
    );
    expect(verifyPdfSignature(refilled, trust).status).toBe('UNKNOWN_SIGNER');
    expect(isLocked([{ action: 'Include', fields: ['Field1'] }], 'Field1')).toBe(true);
    expect(isLocked([{ action: 'Exclude', fields: ['Field1'] }], 'Field1')).toBe(false);
    expect(isLocked([{ action: 'Exclude', fields: ['Field1'] }], 'Field2')).toBe(true);
    expect(isLocked([{ action: 'All', fields: [] }], 'a.b')).toBe(true);
    expect(isLocked([{ action: 'Include', fields: ['a'] }], 'a.b')).toBe(true);
  });
});
