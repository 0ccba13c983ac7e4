/**
 * A minimal RenderedLicence for the sealing tests (until the renderer exists): an A4 page with Chinese text
 * in the non-embedded standard CJK font STSong-Light (UniGB-UCS2-H, so no font file is needed), and a red
 * circle Form XObject as the visible seal.
 */
import { PDFDocument, PDFName, type PDFRef, PDFString } from 'pdf-lib';
import type { RenderedLicence } from '../../../functions/core/pades/seal-pdf.js';

const KAPPA = 0.5523;

function circle(cx: number, cy: number, r: number): string {
  const k = r * KAPPA;
  return [
    `${cx + r} ${cy} m`,
    `${cx + r} ${cy + k} ${cx + k} ${cy + r} ${cx} ${cy + r} c`,
    `${cx - k} ${cy + r} ${cx - r} ${cy + k} ${cx - r} ${cy} c`,
    `${cx - r} ${cy - k} ${cx - k} ${cy - r} ${cx} ${cy - r} c`,
    `${cx + k} ${cy - r} ${cx + r} ${cy - k} ${cx + r} ${cy} c`,
  ].join('\n');
}

/** UCS-2 big-endian hex of `text`, as UniGB-UCS2-H expects. */
const ucs2Hex = (text: string): string =>
  [...text].map((char) => (char.codePointAt(0) ?? 0).toString(16).padStart(4, '0')).join('');

function chineseFont(doc: PDFDocument): PDFRef {
  const { context } = doc;
  const descriptor = context.obj({
    Type: 'FontDescriptor',
    FontName: 'STSong-Light',
    Flags: 6,
    FontBBox: [-25, -254, 1000, 880],
    ItalicAngle: 0,
    Ascent: 880,
    Descent: -120,
    CapHeight: 880,
    StemV: 93,
  });
  const cidFont = context.obj({
    Type: 'Font',
    Subtype: 'CIDFontType0',
    BaseFont: 'STSong-Light',
    CIDSystemInfo: { Registry: PDFString.of('Adobe'), Ordering: PDFString.of('GB1'), Supplement: 2 },
    FontDescriptor: context.register(descriptor),
    DW: 1000,
  });
  return context.register(
    context.obj({
      Type: 'Font',
      Subtype: 'Type0',
      BaseFont: 'STSong-Light',
      Encoding: 'UniGB-UCS2-H',
      DescendantFonts: [context.register(cidFont)],
    }),
  );
}

/** A one-page licence with `lines` of Chinese text and a 100×100 pt red seal at the lower right. */
export async function makeRenderedLicence(
  lines: string[] = ['营业执照', '名称：某某科技有限公司', '发证机关：某市行政审批局'],
): Promise<RenderedLicence> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const page = doc.addPage([595.28, 841.89]);
  page.node.setFontDictionary(PDFName.of('F1'), chineseFont(doc));
  const text = lines.map((line, index) => `BT /F1 20 Tf 72 ${760 - index * 36} Td <${ucs2Hex(line)}> Tj ET`);
  page.node.addContentStream(doc.context.register(doc.context.stream(text.join('\n'))));
  const appearance = doc.context.register(
    doc.context.stream(`q 1 0 0 RG 4 w\n${circle(50, 50, 46)}\nS Q`, {
      Type: 'XObject',
      Subtype: 'Form',
      BBox: [0, 0, 100, 100],
    }),
  );
  return { doc, seal: { pageIndex: 0, rect: [420, 80, 520, 180], appearance } };
}
