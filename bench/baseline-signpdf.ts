/**
 * The baseline a user would write without this project: pdf-lib + `@pdf-lib/fontkit` (pdf-lib's documented
 * fontkit) embedding the same TTFs in every document, the same text and seal drawing (our layout functions,
 * so the content is identical), `pdflibAddPlaceholder`, `save()`, and `@signpdf/signpdf` with a P12 signer.
 *
 * What it shares with our pipeline on purpose: the layout code and one parsed FontSet used only to *measure*
 * text for wrapping. What it does per document like a straightforward user: parse and subset the fonts with
 * @pdf-lib/fontkit, save with default options, parse the P12 and sign with node-forge.
 */
import pdfLibFontkit from '@pdf-lib/fontkit';
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { P12Signer } from '@signpdf/signer-p12';
import { SignPdf } from '@signpdf/signpdf';
import { PDFDocument } from 'pdf-lib';
import type { FontSet } from '../functions/core/licence/render/fonts.js';
import { drawLicencePage, pageTexts } from '../functions/core/licence/render/layout.js';
import { PAGE_SIZE } from '../functions/core/licence/render/page-model.js';
import { drawSealOnPage } from '../functions/core/licence/render/preview.js';
import {
  type LicenceRenderInput,
  licenceMetadata,
  pageContent,
} from '../functions/core/licence/render/render-licence.js';
import { buildSealAppearance } from '../functions/core/licence/render/seal-drawing.js';
import type { EmbeddedFonts } from '../functions/core/licence/render/text.js';
import { writeMetadata } from '../functions/core/licence/render/xmp.js';
import { SIGNATURE_TEXT } from './licence-sample.js';

/** The footnote printed by our renderer (copied: the baseline prints the same page). */

/** What the baseline needs once per process: font bytes, the measuring FontSet and the P12 file. */
export interface BaselineSetup {
  fontSet: FontSet;
  p12: Buffer;
}

/** Builds the unsigned document the way a pdf-lib user does: fonts embedded (and parsed) per document. */
export async function renderBaseline(
  setup: BaselineSetup,
  input: LicenceRenderInput,
): Promise<{ doc: PDFDocument; rect: [number, number, number, number] }> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(pdfLibFontkit);
  const content = pageContent(input);
  const { issuer, sealPurpose } = input.template;
  const needed = new Set<number>([0]);
  for (const text of [...pageTexts(content), issuer, sealPurpose])
    for (const run of setup.fontSet.segment(text)) needed.add(run.fontIndex);
  const fonts: EmbeddedFonts = [];
  for (const index of needed)
    fonts[index] = await doc.embedFont(setup.fontSet.bytes[index] as Uint8Array, { subset: true });
  const page = doc.addPage(PAGE_SIZE);
  const rect = drawLicencePage({ page, fontSet: setup.fontSet, fonts }, content);
  const appearance = buildSealAppearance(doc, setup.fontSet, fonts, { issuer, purpose: sealPurpose });
  drawSealOnPage({ doc, seal: { pageIndex: 0, rect, appearance } });
  writeMetadata(doc, licenceMetadata(input));
  return { doc, rect };
}

/** Adds the signpdf placeholder, saves with defaults and signs with the P12 (node-forge inside). */
export async function signBaseline(
  setup: BaselineSetup,
  rendered: { doc: PDFDocument; rect: [number, number, number, number] },
  issuer: string,
  signingTime: Date,
): Promise<Buffer> {
  pdflibAddPlaceholder({
    pdfDoc: rendered.doc,
    reason: SIGNATURE_TEXT.reason,
    contactInfo: '',
    name: issuer,
    location: SIGNATURE_TEXT.location,
    signingTime,
    widgetRect: rendered.rect,
  });
  const unsigned = await rendered.doc.save();
  return new SignPdf().sign(Buffer.from(unsigned), new P12Signer(setup.p12), signingTime);
}
