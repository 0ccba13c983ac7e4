/**
 * PAdES B-LTA (ETSI EN 319 142-1 §5.5): a document time-stamp appended as one incremental update — the DSS
 * extended with the validation data of the time-stamps so far, an invisible signature field whose value is a
 * /DocTimeStamp dictionary (SubFilter ETSI.RFC3161), its /Contents an RFC 3161 token over the SHA-256 of the
 * whole file but that /Contents. The update touches only the form dictionary (or catalog) and the DSS.
 */
import { createHash } from 'node:crypto';
import type { TimeStampAuthority } from '../../ports/time-stamp-authority.js';
import { PdfDocument, type Revision } from '../verification/document/pdf-document.js';
import { PdfDict, PdfNumber, PdfRef, PdfString, type PdfValue } from '../verification/pdf-object-reader.js';
import { byteRangeAround, signedRanges, writeContents } from './byte-range.js';
import {
  appendIncrementalUpdate,
  pdfDict,
  pdfInt,
  pdfName,
  pdfRef,
  pdfSyntax,
  streamBody,
  type UpdateObject,
  withEntries,
} from './incremental-update.js';

/** DER validation data to add to the DSS (certificates, CRLs, OCSP responses). */
export interface DssAdditions {
  certificates: Uint8Array[];
  crls: Uint8Array[];
  ocspResponses: Uint8Array[];
}

/** Options of `addDocumentTimestamp`. */
export interface DocumentTimestampOptions {
  tsa: TimeStampAuthority;
  /** Added to the DSS before the time-stamp, so the time-stamp covers it. @default nothing */
  dss?: DssAdditions;
  /** Bytes reserved for the token. @default 16 KiB (a token with its TSA chain is 2–6 KiB) */
  capacity?: number;
}

const BYTE_RANGE_PLACEHOLDER = '[0 0000000000 0000000000 0000000000]';

const arrayOf = (doc: PdfDocument, revision: Revision, value: PdfValue | undefined): PdfValue[] => {
  const resolved = doc.resolve(value, revision);
  return Array.isArray(resolved) ? resolved : [];
};

/** The file's last revision and what an update needs from it. */
function lastRevision(pdf: Buffer) {
  const doc = new PdfDocument(pdf);
  const final = doc.revisions[doc.revisions.length - 1];
  const root = final?.trailer?.get('Root');
  const size = final?.trailer?.get('Size');
  const prev = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(pdf.toString('latin1', Math.max(0, pdf.length - 256)));
  const catalog = final ? doc.catalog(final) : undefined;
  if (
    !final ||
    final.reconstructed ||
    !(root instanceof PdfRef) ||
    !(size instanceof PdfNumber) ||
    !prev ||
    !catalog
  )
    throw new Error('the PDF cannot take an incremental update (unreadable last revision)');
  return { doc, final, root, size: size.value, prev: Number(prev[1]), catalog };
}

type Last = ReturnType<typeof lastRevision>;

/** What an update collects: its objects, the catalog entries it changes and the next free object number. */
interface UpdateDraft {
  objects: UpdateObject[];
  catalogChanges: Record<string, PdfValue>;
  next: number;
}

/** The DSS with `additions` appended to its arrays (one stream each); the DSS object rewritten or created. */
function extendDss(last: Last, draft: UpdateDraft, additions: DssAdditions): void {
  const { doc, final, catalog } = last;
  const add = (items: Uint8Array[]) =>
    items.map((data) => {
      const num = draft.next++;
      draft.objects.push({ num, body: streamBody(pdfDict({}), data) });
      return pdfRef(num);
    });
  const old = doc.dict(catalog.get('DSS'), final) ?? pdfDict({ Type: pdfName('DSS') });
  const dss = withEntries(old, {
    Certs: [...arrayOf(doc, final, old.get('Certs')), ...add(additions.certificates)],
    CRLs: [...arrayOf(doc, final, old.get('CRLs')), ...add(additions.crls)],
    OCSPs: [...arrayOf(doc, final, old.get('OCSPs')), ...add(additions.ocspResponses)],
  });
  const dssRef = catalog.get('DSS');
  const dssNum = dssRef instanceof PdfRef ? dssRef.num : draft.next++;
  draft.objects.push({ num: dssNum, body: pdfSyntax(dss) });
  if (!(dssRef instanceof PdfRef)) draft.catalogChanges.DSS = pdfRef(dssNum);
}

/** The invisible signature field, its /DocTimeStamp with placeholders, and the form that lists it. */
function addTimestampField(last: Last, draft: UpdateDraft, capacity: number): number {
  const { doc, final, catalog } = last;
  const fieldNum = draft.next++;
  const signatureNum = draft.next++;
  const formRef = catalog.get('AcroForm');
  const form = doc.dict(formRef, final) ?? pdfDict({});
  const fields = arrayOf(doc, final, form.get('Fields'));
  const newForm = withEntries(form, { Fields: [...fields, pdfRef(fieldNum)], SigFlags: pdfInt(3) });
  if (formRef instanceof PdfRef)
    draft.objects.push({ num: formRef.num, gen: formRef.gen, body: pdfSyntax(newForm) });
  else draft.catalogChanges.AcroForm = newForm;
  const name = `ArchiveTimeStamp${fields.length + 1}`;
  const field = pdfDict({
    FT: pdfName('Sig'),
    T: new PdfString(Buffer.from(name, 'latin1'), true, 0, 0, true),
    V: pdfRef(signatureNum),
    Type: pdfName('Annot'),
    Subtype: pdfName('Widget'),
    Rect: [pdfInt(0), pdfInt(0), pdfInt(0), pdfInt(0)],
    F: pdfInt(132), // hidden, locked: an invisible field (ISO 32000-1 §12.5.3)
  });
  draft.objects.push({ num: fieldNum, body: pdfSyntax(field) });
  draft.objects.push({
    num: signatureNum,
    body: `<</Type /DocTimeStamp /Filter /Adobe.PPKLite /SubFilter /ETSI.RFC3161 /ByteRange ${BYTE_RANGE_PLACEHOLDER} /Contents <${'0'.repeat(capacity * 2)}>>>`,
  });
  return signatureNum;
}

/** Append the update with placeholders; returns the file and the signature dictionary's offset. */
function writeUpdate(pdf: Buffer, options: DocumentTimestampOptions) {
  const last = lastRevision(pdf);
  const { final, root, size, prev, catalog } = last;
  const draft: UpdateDraft = { objects: [], catalogChanges: {}, next: size };
  if (options.dss) extendDss(last, draft, options.dss);
  const signatureNum = addTimestampField(last, draft, options.capacity ?? 16 * 1024);
  if (Object.keys(draft.catalogChanges).length > 0)
    draft.objects.push({
      num: root.num,
      gen: root.gen,
      body: pdfSyntax(withEntries(catalog, draft.catalogChanges)),
    });
  const trailer = new PdfDict(new Map(final.trailer?.entries), new Map());
  trailer.entries.delete('Prev');
  trailer.entries.delete('XRefStm');
  trailer.entries.set('Size', pdfInt(draft.next));
  const written = appendIncrementalUpdate(pdf, draft.objects, trailer, prev);
  return { pdf: written.pdf, signatureAt: written.offsets.get(signatureNum) ?? 0 };
}

/** Append a document time-stamp (and DSS additions) to `bytes`; returns the new file. */
export async function addDocumentTimestamp(
  bytes: Uint8Array,
  options: DocumentTimestampOptions,
): Promise<Uint8Array> {
  const { pdf, signatureAt } = writeUpdate(Buffer.from(bytes), options);
  const contentsAt = pdf.indexOf('/Contents <', signatureAt) + '/Contents '.length;
  const gap = { start: contentsAt, end: pdf.indexOf('>', contentsAt) + 1 };
  const range = byteRangeAround(gap, pdf.length);
  const rangeAt = pdf.indexOf(BYTE_RANGE_PLACEHOLDER, signatureAt);
  const text = `[${range.join(' ')}]`.padEnd(BYTE_RANGE_PLACEHOLDER.length, ' ');
  pdf.write(text, rangeAt, 'latin1');
  const hash = createHash('sha256');
  for (const part of signedRanges(pdf, range)) hash.update(part);
  const token = await options.tsa.timestamp(new Uint8Array(hash.digest()));
  writeContents(pdf, gap, token);
  return new Uint8Array(pdf);
}
