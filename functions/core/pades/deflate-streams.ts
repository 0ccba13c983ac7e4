/**
 * Page and form content streams are deflated by pdf-lib with pako (JavaScript) when the document is saved;
 * this swaps each for the same stream deflated by node:zlib — same FlateDecode data, native speed. Only right
 * before saving: pdf-lib keeps drawing into the stream objects it created, which this takes out.
 */
import { deflateSync } from 'node:zlib';
import { PDFContentStream, type PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';

export function deflateContentStreams(doc: PDFDocument): void {
  for (const [ref, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFContentStream)) continue;
    const dict = object.dict.clone(doc.context);
    dict.set(PDFName.of('Filter'), PDFName.of('FlateDecode'));
    doc.context.assign(ref, PDFRawStream.of(dict, deflateSync(object.getUnencodedContents())));
  }
}
