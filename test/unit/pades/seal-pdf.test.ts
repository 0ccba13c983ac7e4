import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  type PDFObject,
  PDFRef,
  PDFString,
} from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../../functions/core/errors.js';
import { sealPdf } from '../../../functions/core/pades/seal-pdf.js';
import { inspectSignature } from './inspect-pdf.js';
import { makeRenderedLicence } from './rendered-licence.js';
import { createSealingFixture, type SealingFixture } from './sealing-fixture.js';

const name = (object: PDFObject | undefined) => (object instanceof PDFName ? object.decodeText() : undefined);
const text = (object: PDFObject | undefined) =>
  object instanceof PDFHexString || object instanceof PDFString ? object.decodeText() : undefined;

describe('sealPdf', () => {
  let fixture: SealingFixture;
  let pdf: Uint8Array;
  let appearance: PDFRef;

  beforeAll(async () => {
    // Prepare
    fixture = await createSealingFixture();
    const rendered = await makeRenderedLicence();
    appearance = rendered.seal.appearance;
    // Act
    pdf = await sealPdf(rendered, {
      signer: fixture.sealSigner,
      certificates: [fixture.seal, fixture.root],
      signingTime: new Date('2026-03-26T08:00:00Z'),
      reason: '电子证照签章',
      location: '某市',
      signerName: '某市行政审批局',
    });
  });

  async function signatureField() {
    const doc = await PDFDocument.load(pdf);
    const acroForm = doc.catalog.lookup(PDFName.of('AcroForm'), PDFDict);
    const fields = acroForm.lookup(PDFName.of('Fields'), PDFArray);
    const widgetRef = fields.get(0);
    const widget = doc.context.lookup(widgetRef, PDFDict);
    return { doc, acroForm, fields, widgetRef, widget, signature: widget.lookup(PDFName.of('V'), PDFDict) };
  }

  it('adds a printable signature widget showing the seal appearance on the seal page, with /SigFlags 3', async () => {
    const { doc, acroForm, fields, widgetRef, widget } = await signatureField();
    expect(fields.size()).toBe(1);
    expect(acroForm.get(PDFName.of('SigFlags'))).toEqual(PDFNumber.of(3));
    expect(name(widget.get(PDFName.of('FT')))).toBe('Sig');
    expect(name(widget.get(PDFName.of('Subtype')))).toBe('Widget');
    expect(widget.get(PDFName.of('F'))).toEqual(PDFNumber.of(4));
    expect(
      widget
        .lookup(PDFName.of('Rect'), PDFArray)
        .asArray()
        .map((n) => (n as PDFNumber).asNumber()),
    ).toEqual([420, 80, 520, 180]);
    const normal = widget.lookup(PDFName.of('AP'), PDFDict).get(PDFName.of('N'));
    expect(normal).toBeInstanceOf(PDFRef);
    expect((normal as PDFRef).toString()).toBe(appearance.toString());
    const annots = doc.getPage(0).node.Annots()?.asArray() ?? [];
    expect(annots.map(String)).toContain(String(widgetRef));
  });

  it('writes a PAdES /Sig dictionary: PPKLite, ETSI.CAdES.detached, /M = signing time, Chinese texts', async () => {
    const { signature } = await signatureField();
    expect(name(signature.get(PDFName.of('Type')))).toBe('Sig');
    expect(name(signature.get(PDFName.of('Filter')))).toBe('Adobe.PPKLite');
    expect(name(signature.get(PDFName.of('SubFilter')))).toBe('ETSI.CAdES.detached');
    expect((signature.get(PDFName.of('M')) as PDFString).decodeDate().toISOString()).toBe(
      '2026-03-26T08:00:00.000Z',
    );
    expect(text(signature.get(PDFName.of('Reason')))).toBe('电子证照签章');
    expect(text(signature.get(PDFName.of('Location')))).toBe('某市');
    expect(text(signature.get(PDFName.of('Name')))).toBe('某市行政审批局');
  });

  it('covers the whole file with the ByteRange except the /Contents hex string', async () => {
    const { signature } = await signatureField();
    const [start1, length1, start2, length2] = signature
      .lookup(PDFName.of('ByteRange'), PDFArray)
      .asArray()
      .map((n) => (n as PDFNumber).asNumber()) as [number, number, number, number];
    expect(start1).toBe(0);
    expect(start2 + length2).toBe(pdf.length);
    expect(String.fromCharCode(pdf[length1] ?? 0, pdf[start2 - 1] ?? 0)).toBe('<>');
    expect(inspectSignature(pdf).contents.length * 2).toBe(start2 - length1 - 2);
    expect(Buffer.from(pdf.subarray(length1 - 10, length1)).toString('latin1')).toMatch(/\/Contents\s*$/);
  });

  it('refuses a seal certificate that does not certify the signer key, without signing anything', async () => {
    // Prepare: the root certificate offered as the seal certificate
    const rendered = await makeRenderedLicence();
    const before = fixture.sealSigner.digests.length;
    // Act
    const attempt = sealPdf(rendered, {
      signer: fixture.sealSigner,
      certificates: [fixture.root],
      signingTime: new Date('2026-03-26T08:00:00Z'),
    });
    // Assess
    await expect(attempt).rejects.toBeInstanceOf(DomainError);
    await expect(attempt).rejects.toMatchObject({ code: 'SEAL_CERTIFICATE_MISMATCH' });
    expect(fixture.sealSigner.digests.length).toBe(before);
  });

  it('rejects a seal placed on a page the document does not have', async () => {
    const rendered = await makeRenderedLicence();
    const attempt = sealPdf(
      { ...rendered, seal: { ...rendered.seal, pageIndex: 1 } },
      {
        signer: fixture.sealSigner,
        certificates: [fixture.seal],
        signingTime: new Date('2026-03-26T08:00:00Z'),
      },
    );
    await expect(attempt).rejects.toThrow(/page 1/);
  });

  it('names a second signature field Seal2 when Seal1 is taken', async () => {
    // Prepare: re-open a sealed document and seal it again as a new licence rendering
    const doc = await PDFDocument.load(pdf);
    const appearanceRef = doc.context.register(
      doc.context.stream('', { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, 1, 1] }),
    );
    // Act
    const resealed = await sealPdf(
      { doc, seal: { pageIndex: 0, rect: [0, 0, 10, 10], appearance: appearanceRef } },
      {
        signer: fixture.sealSigner,
        certificates: [fixture.seal],
        signingTime: new Date('2026-03-26T09:00:00Z'),
      },
    );
    // Assess
    const names = (await PDFDocument.load(resealed))
      .getForm()
      .getFields()
      .map((field) => field.getName());
    expect(names).toEqual(['Seal1', 'Seal2']);
  });
});
