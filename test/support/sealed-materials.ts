/**
 * Sealed PDFs to upload as materials (一键核验 tests), and the ledger record that makes one of them a licence
 * in force: sealed with the verifier tests' chain (test/unit/verification/sealed-licence.ts).
 */
import { createHash } from 'node:crypto';
import { PDFName } from 'pdf-lib';
import type { CertificateRecord } from '../../functions/core/certificates/model.js';
import { sealPdf } from '../../functions/core/pades/seal-pdf.js';
import { makeRenderedLicence } from '../unit/pades/rendered-licence.js';
import { SEALED_AT, type SealingSetup } from '../unit/verification/sealed-licence.js';

/**
 * A sealed one-page PDF. `claim`: a certificate id it names itself by in its XMP packet, as every licence we
 * issue does (see licence/render/xmp.ts); `text`: a line that makes the file (and its hash) its own.
 */
export async function sealedPdf(
  setup: SealingSetup,
  options: { claim?: string; text?: string } = {},
): Promise<Uint8Array> {
  const rendered = await makeRenderedLicence(['道路运输经营许可证', options.text ?? '某某物流有限公司']);
  if (options.claim) {
    const xmp = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><xmpMM:DocumentID>urn:zhengzhao:certificate:${options.claim}</xmpMM:DocumentID></x:xmpmeta>`;
    const metadata = rendered.doc.context.stream(xmp, { Type: 'Metadata', Subtype: 'XML' });
    rendered.doc.catalog.set(PDFName.of('Metadata'), rendered.doc.context.register(metadata));
  }
  return sealPdf(rendered, {
    signer: setup.sealSigner,
    certificates: [setup.seal, setup.root],
    signingTime: SEALED_AT,
    signerName: '某市行政审批局',
  });
}

/** A ledger record in force naming exactly `bytes` (its SHA-256) as licence `certificateId`. */
export const ledgerRecordFor = (
  certificateId: string,
  bytes: Uint8Array,
  overrides: Partial<CertificateRecord> = {},
): CertificateRecord => ({
  certificateId,
  clientId: 'issuer',
  caseId: 'CASE-ISSUER',
  serviceItemCode: 'ROAD_TRANSPORT_BUSINESS_LICENSE',
  batchId: 'BATCH-1',
  status: 'VALID',
  number: '湘交运2026000001',
  identifier: '1.2.156.3005.2.TEST',
  serial: 1,
  type: 'ROAD_TRANSPORT_BUSINESS_LICENCE',
  typeName: '道路运输经营许可证',
  issuer: '湖南省交通运输厅',
  holder: { name: '某某物流有限公司', idNumber: '91430100MA4L0XXXXX' },
  fields: {},
  issuedAt: '2026-03-01T00:00:00.000Z',
  validFrom: '2026-03-01',
  validUntil: '2029-02-28',
  sha256: createHash('sha256').update(bytes).digest('hex'),
  objectKey: `licences/${certificateId}.pdf`,
  bytes: bytes.byteLength,
  verificationCode: 'ABCDEFGHJKMNPQRSTVWXYZ0123',
  sealCertificateSerial: '0a',
  version: 1,
  ...overrides,
});
