/**
 * The signature field of a sealed licence: a signature dictionary (/Sig) referenced from a widget that shows
 * the visible seal, registered in the AcroForm with /SigFlags 3 (SignaturesExist | AppendOnly).
 */
import { type PDFDocument, PDFHexString, PDFName, PDFNumber, type PDFRef, PDFString } from 'pdf-lib';
import type { ByteRangePlaceholder, ContentsPlaceholder } from './placeholder.js';

/** Where and how the visible seal appears: the renderer's part of a RenderedLicence. */
export interface SealPlacement {
  /** Zero-based page index. */
  pageIndex: number;
  /** `[llx, lly, urx, ury]` in default user space. */
  rect: [number, number, number, number];
  /** Form XObject drawn as the widget's normal appearance. */
  appearance: PDFRef;
}

/** The signature dictionary's content besides the placeholders. */
export interface SignatureDictionaryFields {
  signingTime: Date;
  reason?: string;
  location?: string;
  signerName?: string;
}

/** Annotation flag Print (ISO 32000-1 §12.5.3, bit 3): the seal appears on paper too. */
const ANNOTATION_FLAG_PRINT = 4;

function uniqueFieldName(doc: PDFDocument): string {
  const taken = new Set(
    doc.catalog
      .getOrCreateAcroForm()
      .getAllFields()
      .map(([field]) => field.getPartialName()),
  );
  let index = 1;
  while (taken.has(`Seal${index}`)) index++;
  return `Seal${index}`;
}

/** Add the /Sig dictionary and its widget to `doc`; the placeholders are filled in after saving. */
export function addSignatureField(
  doc: PDFDocument,
  seal: SealPlacement,
  placeholders: { byteRange: ByteRangePlaceholder; contents: ContentsPlaceholder },
  fields: SignatureDictionaryFields,
): void {
  if (!Number.isInteger(seal.pageIndex) || seal.pageIndex < 0 || seal.pageIndex >= doc.getPageCount()) {
    throw new RangeError(`seal page ${seal.pageIndex} is not in the document`);
  }
  const { context } = doc;
  const signature = context.obj({
    Type: 'Sig',
    Filter: 'Adobe.PPKLite',
    SubFilter: 'ETSI.CAdES.detached',
    M: PDFString.fromDate(fields.signingTime),
  });
  // PAdES B-B: the claimed signing time is /M, not a CMS signingTime attribute (ETSI EN 319 142-1 §5.4.2).
  signature.set(PDFName.of('ByteRange'), placeholders.byteRange);
  signature.set(PDFName.of('Contents'), placeholders.contents);
  if (fields.reason !== undefined) signature.set(PDFName.of('Reason'), PDFHexString.fromText(fields.reason));
  if (fields.location !== undefined)
    signature.set(PDFName.of('Location'), PDFHexString.fromText(fields.location));
  if (fields.signerName !== undefined)
    signature.set(PDFName.of('Name'), PDFHexString.fromText(fields.signerName));

  const page = doc.getPage(seal.pageIndex);
  const acroForm = doc.catalog.getOrCreateAcroForm();
  const widget = context.obj({
    Type: 'Annot',
    Subtype: 'Widget',
    FT: 'Sig',
    T: PDFHexString.fromText(uniqueFieldName(doc)),
    F: ANNOTATION_FLAG_PRINT,
    Rect: seal.rect,
    V: context.register(signature),
    P: page.ref,
    AP: { N: seal.appearance },
  });
  const widgetRef = context.register(widget);
  page.node.addAnnot(widgetRef);
  acroForm.addField(widgetRef);
  acroForm.dict.set(PDFName.of('SigFlags'), PDFNumber.of(3));
}
