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

/** Append the update with placeholders; returns the file and the signature dictionary's offset. */
function writeUpdate(pdf: Buffer, options: DocumentTimestampOptions) {
  const { doc, final, root, size, prev, catalog } = lastRevision(pdf);
  let next = size;
  const objects: UpdateObject[] = [];
  const catalogChanges: Record<string, PdfValue> = {};
  if (options.dss) {
    const add = (items: Uint8Array[]) =>
      items.map((data) => {
        const num = next++;
        objects.push({ num, body: streamBody(pdfDict({}), data) });
        return pdfRef(num);
      });
    const old = doc.dict(catalog.get('DSS'), final) ?? pdfDict({ Type: pdfName('DSS') });
    const dss = withEntries(old, {
      Certs: [...arrayOf(doc, final, old.get('Certs')), ...add(options.dss.certificates)],
      CRLs: [...arrayOf(doc, final, old.get('CRLs')), ...add(options.dss.crls)],
      OCSPs: [...arrayOf(doc, final, old.get('OCSPs')), ...add(options.dss.ocspResponses)],
    });
    const dssRef = catalog.get('DSS');
    const dssNum = dssRef instanceof PdfRef ? dssRef.num : next++;
    objects.push({ num: dssNum, body: pdfSyntax(dss) });
    if (!(dssRef instanceof PdfRef)) catalogChanges.DSS = pdfRef(dssNum);
  }
  const fieldNum = next++;
  const signatureNum = next++;
  const formRef = catalog.get('AcroForm');
  const form = doc.dict(formRef, final) ?? pdfDict({});
  const fields = arrayOf(doc, final, form.get('Fields'));
  const newForm = withEntries(form, { Fields: [...fields, pdfRef(fieldNum)], SigFlags: pdfInt(3) });
  if (formRef instanceof PdfRef)
    objects.push({ num: formRef.num, gen: formRef.gen, body: pdfSyntax(newForm) });
  else catalogChanges.AcroForm = newForm;
  const name = `ArchiveTimeStamp${fields.length + 1}`;
  objects.push({
    num: fieldNum,
    body: pdfSyntax(
      pdfDict({
        FT: pdfName('Sig'),
        T: new PdfString(Buffer.from(name, 'latin1'), true, 0, 0, true),
        V: pdfRef(signatureNum),
        Type: pdfName('Annot'),
        Subtype: pdfName('Widget'),
        Rect: [pdfInt(0), pdfInt(0), pdfInt(0), pdfInt(0)],
        F: pdfInt(132), // hidden, locked: an invisible field (ISO 32000-1 §12.5.3)
      }),
    ),
  });
  const capacity = options.capacity ?? 16 * 1024;
  objects.push({
    num: signatureNum,
    body: `<</Type /DocTimeStamp /Filter /Adobe.PPKLite /SubFilter /ETSI.RFC3161 /ByteRange ${BYTE_RANGE_PLACEHOLDER} /Contents <${'0'.repeat(capacity * 2)}>>>`,
  });
  if (Object.keys(catalogChanges).length > 0)
    objects.push({ num: root.num, gen: root.gen, body: pdfSyntax(withEntries(catalog, catalogChanges)) });
  const trailer = new PdfDict(new Map(final.trailer?.entries), new Map());
  trailer.entries.delete('Prev');
  trailer.entries.delete('XRefStm');
  trailer.entries.set('Size', pdfInt(next));
  const written = appendIncrementalUpdate(pdf, objects, trailer, prev);
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
