/**
 * The OFD rendition of a licence (GB/T 33190 + GB/T 36903 metadata), drawn from the same page model and
 * layout as the PDF (licence/render/), and the seal's picture as a one-page OFD drawn by the PDF's seal
 * drawing. Pure: fonts come in as bytes, all dates from the input, so equal input gives equal bytes.
 */
import { FontSet, type LicenceFonts } from '../licence/render/fonts.js';
import { maskIdNumber } from '../licence/render/format.js';
import { PAGE_SIZE, SEAL_DIAMETER_PT } from '../licence/render/page-model.js';
import { type LicenceRenderInput, licenceMetadata, pageContent } from '../licence/render/render-licence.js';
import { sm3 } from '../sm2/index.js';
import { ContentWriter, MM_PER_PT, num } from './content-xml.js';
import { type Mark, recordLicencePage, recordSeal } from './drawing.js';
import { GlyphOutlines } from './glyphs.js';
import { type CustomData, type OfdFiles, ofdFiles, zipOfd } from './package.js';

/** A licence to render as OFD: the PDF's input, plus the holder's document type for the metadata. */
export interface OfdLicenceInput extends LicenceRenderInput {
  /** 持证主体代码类型: `111` 居民身份证, `001` 统一社会信用代码, … (absent on older records). */
  holderIdType?: string;
}

/** The unsigned OFD of a licence and where its seal goes. */
export interface UnsignedOfd {
  files: OfdFiles;
  pageId: number;
  /** The StampAnnot's Boundary on the page, millimetres `[x, y, w, h]` (y down). */
  sealBoundary: [number, number, number, number];
}

/** Renders OFD licences and seal pictures; one instance per process (it holds the parsed fonts). */
export interface OfdRenderer {
  render(input: OfdLicenceInput): UnsignedOfd;
  /** The seal drawing as a one-page OFD package (the SES picture of type "ofd"), `diameter` in points. */
  sealPicture(seal: { issuer: string; purpose: string }, at: Date): Uint8Array;
}

const isoShanghaiDate = (date: Date) => new Date(date.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

/** GB/T 36903 licence metadata (证照元数据) as DocInfo/CustomDatas, names as the standard words them. */
export function licenceCustomDatas(input: OfdLicenceInput): CustomData[] {
  const meta = licenceMetadata(input);
  const organisation = input.holder.type === 'ORGANIZATION';
  const holderCode = input.holder.idNumber
    ? organisation
      ? input.holder.idNumber
      : maskIdNumber(input.holder.idNumber)
    : '';
  const codeType = input.holderIdType ?? (organisation ? '001' : input.holder.idNumber ? '111' : '');
  const data: CustomData[] = [
    { name: '证照标识', value: meta.identifier },
    { name: '证照名称', value: meta.typeName },
    { name: '证照类型代码', value: meta.typeCode },
    { name: '证照编号', value: meta.number },
    { name: '颁发机构', value: meta.issuer },
    { name: '颁发机构代码', value: meta.issuerCode ?? '' },
    { name: '颁发日期', value: isoShanghaiDate(meta.issuedAt) },
    { name: '持证主体', value: meta.holderMasked },
    { name: '持证主体代码', value: holderCode },
    { name: '持证主体代码类型', value: codeType },
    { name: '有效期起始日期', value: meta.validFrom },
    { name: '有效期截止日期', value: meta.validUntil },
    // The ledger's key of this licence, read back by the verifier.
    { name: 'certificateId', value: input.certificateId },
  ];
  return data.filter((d) => d.value !== '');
}

/** Creates a renderer. Fonts are parsed here, once (glyph outlines memoised across renders). */
export function createOfdRenderer(fonts: LicenceFonts): OfdRenderer {
  const fontSet = new FontSet(fonts);
  const outlines = new GlyphOutlines(fontSet.bytes);
  const measure = (text: string, size: number) => fontSet.widthOf(text, size);
  const fontResources = fontSet.bytes.map((_, index) => ({
    id: index + 1,
    name: fontSet.postscriptName(index),
  }));

  /** Lays out one page: resource IDs first, then page, layer and objects. */
  function page(size: [number, number], marks: Mark[]) {
    let id = fontResources.length;
    const nextId = () => ++id;
    const pageId = nextId();
    const layerId = nextId();
    const writer = new ContentWriter(
      outlines,
      size,
      nextId,
      fontResources.map((f) => f.id),
      measure,
    );
    const objects = writer.objects(marks);
    return { pageId, layerId, objects, maxUnitId: id };
  }

  return {
    render(input) {
      const { marks, sealRect } = recordLicencePage(fontSet, pageContent(input));
      const laid = page(PAGE_SIZE, marks);
      const files = ofdFiles({
        docId: hex(sm3(new TextEncoder().encode(`ofd:${input.certificateId}`))).slice(0, 32),
        title: input.template.name,
        author: input.template.issuer,
        creationDate: isoShanghaiDate(input.issuedAt),
        customDatas: licenceCustomDatas(input),
        pageMm: [PAGE_SIZE[0] * MM_PER_PT, PAGE_SIZE[1] * MM_PER_PT],
        fonts: fontResources,
        ...laid,
        signed: true,
      });
      const [x1, y1, x2, y2] = sealRect;
      const boundary: [number, number, number, number] = [
        x1 * MM_PER_PT,
        (PAGE_SIZE[1] - y2) * MM_PER_PT,
        (x2 - x1) * MM_PER_PT,
        (y2 - y1) * MM_PER_PT,
      ];
      return {
        files,
        pageId: laid.pageId,
        sealBoundary: boundary.map((v) => Number(num(v))) as [number, number, number, number],
      };
    },
    sealPicture(seal, at) {
      const d = SEAL_DIAMETER_PT;
      const marks = recordSeal(fontSet, { ...seal, diameter: d });
      const laid = page([d, d], marks);
      const files = ofdFiles({
        docId: hex(sm3(new TextEncoder().encode(`seal:${seal.issuer}/${seal.purpose}`))).slice(0, 32),
        title: `${seal.issuer}${seal.purpose}`,
        author: seal.issuer,
        creationDate: isoShanghaiDate(at),
        customDatas: [],
        pageMm: [d * MM_PER_PT, d * MM_PER_PT],
        fonts: fontResources,
        ...laid,
        signed: false,
      });
      return zipOfd(files, at);
    },
  };
}
