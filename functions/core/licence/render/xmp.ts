/**
 * Document metadata: an XMP packet on the catalog with the licence's GB/T 36903-style metadata (证照标识,
 * 证照类型, 颁发机构, 持证主体, 有效期) and the classic Info dictionary. Every value comes from the input,
 * so equal input gives equal bytes.
 */
import { deflateSync } from 'node:zlib';
import { PDFDocument, PDFName, PDFString } from 'pdf-lib';
import { takeDeflated } from './font-deflate.js';

/** Namespace of our licence metadata properties (element names after GB/T 36903, 电子证照 元数据规范). */
export const LICENCE_XMP_NAMESPACE = 'urn:zhengzhao:xmp:licence:1.0#';

/** Producer written into Info and XMP. */
export const PRODUCER = 'Zhengzhao licence renderer (pdf-lib, fontkit 2)';

/** What the metadata says about one licence (personal data already masked by the caller). */
export interface LicenceMetadata {
  certificateId: string;
  identifier: string;
  number: string;
  typeName: string;
  typeCode: string;
  issuer: string;
  issuerCode: string;
  holderMasked: string;
  issuedAt: Date;
  validFrom: string;
  validUntil: string;
}

const escapeXml = (value: string): string =>
  value.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c,
  );

/** Builds the XMP packet (UTF-8 XML, with the padding ISO 16684-1 recommends for in-place edits). */
export function buildXmp(meta: LicenceMetadata): string {
  const at = meta.issuedAt.toISOString();
  const e = escapeXml;
  const licence = [
    ['identifier', meta.identifier],
    ['number', meta.number],
    ['typeName', meta.typeName],
    ['typeCode', meta.typeCode],
    ['issuer', meta.issuer],
    ['issuerCode', meta.issuerCode],
    ['holder', meta.holderMasked],
    ['issueDate', at],
    ['validFrom', meta.validFrom],
    ['validUntil', meta.validUntil],
  ]
    .map(([key, value]) => `      <zz:${key}>${e(value as string)}</zz:${key}>`)
    .join('\n');
  const body = `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
  <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
    <rdf:Description rdf:about=""
        xmlns:dc="http://purl.org/dc/elements/1.1/"
        xmlns:xmp="http://ns.adobe.com/xap/1.0/"
        xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
        xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
        xmlns:zz="${LICENCE_XMP_NAMESPACE}">
      <dc:format>application/pdf</dc:format>
      <dc:identifier>${e(meta.identifier)}</dc:identifier>
      <dc:title><rdf:Alt><rdf:li xml:lang="x-default">${e(meta.typeName)}</rdf:li></rdf:Alt></dc:title>
      <dc:creator><rdf:Seq><rdf:li>${e(meta.issuer)}</rdf:li></rdf:Seq></dc:creator>
      <dc:language><rdf:Bag><rdf:li>zh-CN</rdf:li></rdf:Bag></dc:language>
      <xmp:CreateDate>${at}</xmp:CreateDate>
      <xmp:ModifyDate>${at}</xmp:ModifyDate>
      <xmp:MetadataDate>${at}</xmp:MetadataDate>
      <xmp:CreatorTool>${e(PRODUCER)}</xmp:CreatorTool>
      <pdf:Producer>${e(PRODUCER)}</pdf:Producer>
      <xmpMM:DocumentID>urn:zhengzhao:certificate:${e(meta.certificateId)}</xmpMM:DocumentID>
${licence}
    </rdf:Description>
  </rdf:RDF>
</x:xmpmeta>`;
  return `${body}\n${`${' '.repeat(99)}\n`.repeat(20)}<?xpacket end="w"?>`;
}

/**
 * Writes the XMP stream (uncompressed, so indexers can find it: ISO 32000-1 §14.3.2) and the Info
 * dictionary. The document must have been created with `updateMetadata: false`, or pdf-lib stamps the
 * current time into it.
 */
export function writeMetadata(doc: PDFDocument, meta: LicenceMetadata): void {
  const xmp = new TextEncoder().encode(buildXmp(meta));
  const stream = doc.context.stream(xmp, { Type: 'Metadata', Subtype: 'XML', Length: xmp.length });
  doc.catalog.set(PDFName.of('Metadata'), doc.context.register(stream));
  doc.catalog.set(PDFName.of('Lang'), PDFString.of('zh-CN'));
  doc.setTitle(`${meta.typeName}（${meta.number}）`, { showInWindowTitleBar: true });
  doc.setSubject(`${meta.typeName} ${meta.identifier}`);
  doc.setAuthor(meta.issuer);
  doc.setKeywords([meta.identifier, meta.number, meta.typeCode]);
  doc.setCreator(meta.issuer);
  doc.setProducer(PRODUCER);
  doc.setCreationDate(meta.issuedAt);
  doc.setModificationDate(meta.issuedAt);
}

/** Re-exported so callers need not import pdf-lib only to create a metadata-neutral document. */
export async function createDeterministicDocument(): Promise<PDFDocument> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  // pdf-lib deflates embedded streams (the font subsets) with pako, in JavaScript; node:zlib is native and
  // several times faster, producing the same FlateDecode format.
  // A font subset may come deflated already, its shared glyphs from the process's cache (font-deflate.ts).
  doc.context.flateStream = (contents, dict = {}) =>
    doc.context.stream(
      typeof contents === 'string'
        ? deflateSync(Buffer.from(contents, 'latin1'))
        : (takeDeflated(contents) ?? deflateSync(contents)),
      {
        ...dict,
        Filter: 'FlateDecode',
      },
    );
  return doc;
}
