/**
 * Renders a licence (电子证照) as an unsigned one-page A4 PDF plus the seal appearance the sealer places
 * in the signature widget. Pure: fonts come in as bytes, all dates from the input, so equal input gives
 * equal bytes once saved.
 */
import type { PDFDocument, PDFRef } from 'pdf-lib';
import type { CertificateTemplate } from '../../catalogue/types.js';
import { PageContentWriter } from './content-writer.js';
import { FontSet, type LicenceFonts } from './fonts.js';
import { formatChineseDate, isoShanghaiDate, maskName } from './format.js';
import { drawLicencePage, type PageContent, pageTexts, QR_CAPTION } from './layout.js';
import { bodyRows, PAGE_SIZE } from './page-model.js';
import { buildSealAppearance } from './seal-drawing.js';
import { embedFontsFor, includeSharedGlyphs } from './text.js';
import { createDeterministicDocument, type LicenceMetadata, writeMetadata } from './xmp.js';

export type { LicenceFonts } from './fonts.js';

/** What a licence shows. `identifier` is the GB/T 36904 licence identifier. */
export interface LicenceRenderInput {
  template: CertificateTemplate;
  certificateId: string;
  number: string;
  identifier: string;
  holder: { type?: 'PERSON' | 'ORGANIZATION'; name: string; idNumber?: string; organization?: string };
  /** Printed per `template.fieldLabels`, in that order (strings, numbers, arrays joined). */
  fields: Record<string, unknown>;
  issuedAt: Date;
  validFrom: Date;
  validUntil: Date;
  /** Encoded in the QR code. */
  verifyUrl: string;
  /** The QR code's text when it is more than `verifyUrl` (the URL with the offline payload: core/qr). */
  qrText?: string;
}

/** The unsaved document and where its seal goes (the sealer adds field, widget and signature, then saves). */
export interface RenderedLicence {
  doc: PDFDocument;
  seal: { pageIndex: number; rect: [number, number, number, number]; appearance: PDFRef };
}

/** Renders licences; one instance per process (it holds the parsed fonts). */
export interface LicenceRenderer {
  render(input: LicenceRenderInput): Promise<RenderedLicence>;
}

/** What the page prints for `input` (shared with the bench's baseline, which must print the same). */
export function pageContent(input: LicenceRenderInput): PageContent {
  return {
    title: input.template.name,
    titleEn: input.template.nameEn,
    rows: bodyRows(input),
    issuer: input.template.issuer,
    issueDate: formatChineseDate(input.issuedAt),
    verifyUrl: input.verifyUrl,
    qrText: input.qrText ?? input.verifyUrl,
    footnote: '本证照加盖电子印章，与纸质证照具有同等法律效力。扫描二维码可核验真伪。',
  };
}

async function renderWith(fontSet: FontSet, input: LicenceRenderInput): Promise<RenderedLicence> {
  const doc = await createDeterministicDocument();
  doc.registerFontkit(fontSet.pdfFontkit);
  const content = pageContent(input);
  const { issuer, sealPurpose } = input.template;
  const fonts = await embedFontsFor(
    doc,
    fontSet,
    [...pageTexts(content), issuer, sealPurpose],
    input.certificateId,
  );
  includeSharedGlyphs(fontSet, fonts, sharedTexts(content, sealPurpose));
  const page = doc.addPage(PAGE_SIZE);
  const writer = new PageContentWriter(fonts);
  const rect = drawLicencePage({ page: writer, fontSet, fonts }, content);
  writer.attach(doc, page);
  const appearance = buildSealAppearance(doc, fontSet, fonts, { issuer, purpose: sealPurpose });
  writeMetadata(doc, licenceMetadata(input));
  return { doc, seal: { pageIndex: 0, rect, appearance } };
}

/**
 * What every licence of the template prints alike, in drawing order: title, labels, the issuer, the footer.
 * The labels' colon is part of the label (see layout.ts); the rows' values are the licence's own.
 */
function sharedTexts(content: PageContent, sealPurpose: string): string[] {
  return [
    content.title,
    content.titleEn,
    ...content.rows.map((row) => `${row.label}：`),
    QR_CAPTION,
    `发证机关：${content.issuer}`,
    content.footnote,
    sealPurpose,
  ];
}

/** The GB/T 36903-style metadata (XMP and Info) of a licence: identifiers, type, issuer, masked holder, validity. */
export function licenceMetadata(input: LicenceRenderInput): LicenceMetadata {
  return {
    certificateId: input.certificateId,
    identifier: input.identifier,
    number: input.number,
    typeName: input.template.name,
    typeCode: input.template.type,
    issuer: input.template.issuer,
    issuerCode: input.template.issuerCode,
    holderMasked: input.holder.type === 'ORGANIZATION' ? input.holder.name : maskName(input.holder.name),
    issuedAt: input.issuedAt,
    validFrom: isoShanghaiDate(input.validFrom),
    validUntil: isoShanghaiDate(input.validUntil),
  };
}

/**
 * Creates a renderer. Fonts are parsed here, once; glyph lookups and widths are cached across renders,
 * so a warm render only lays out, subsets and draws.
 */
export function createLicenceRenderer(fonts: LicenceFonts): LicenceRenderer {
  const fontSet = new FontSet(fonts);
  return { render: (input) => renderWith(fontSet, input) };
}
