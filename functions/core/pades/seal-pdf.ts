/**
 * PAdES baseline B-B sealing (ETSI EN 319 142-1) with a key that never leaves KMS: the document is saved
 * once with placeholders sized from the real CMS, the byte range is hashed, and only the SHA-256 of the
 * signed attributes goes to the signer.
 */
import type { PDFDocument } from 'pdf-lib';
import type { SealSigner } from '../../ports/seal-signer.js';
import { DomainError } from '../errors.js';
import { encodeDer } from '../pki/der.js';
import { memoizeByBytes } from '../pki/parsed-cache.js';
import { maxSignatureLength, publicKeyOf, sha256 } from '../pki/signature-algorithm.js';
import { readCertificateFields } from '../pki/x509.js';
import { byteRangeAround, signedRanges, writeContents } from './byte-range.js';
import { buildSignedAttributes, buildSignedData, signedDataLength } from './cms.js';
import { deflateContentStreams } from './deflate-streams.js';
import { ByteRangePlaceholder, ContentsPlaceholder } from './placeholder.js';
import { addSignatureField, type SealPlacement, type SignatureDictionaryFields } from './signature-field.js';

/** The renderer's output (its contract): a pdf-lib document not yet saved, and where the seal goes. */
export interface RenderedLicence {
  doc: PDFDocument;
  seal: SealPlacement;
}

/** How to seal: the signer (KMS), its certificate chain and the signature dictionary's fields. */
export interface SealOptions extends SignatureDictionaryFields {
  signer: SealSigner;
  /** DER: the seal certificate first, then its CA(s). */
  certificates: Uint8Array[];
}

// The same seal certificate and key come with every licence: parse them once (memoised by content).
const certifiedKey = memoizeByBytes(
  (certificate) => publicKeyOf(readCertificateFields(certificate).subjectPublicKeyInfo),
  16,
);

function sealCertificateFor(certificates: Uint8Array[], publicKey: Uint8Array): Uint8Array {
  const [sealCertificate] = certificates;
  if (!sealCertificate || !certifiedKey(sealCertificate).equals(publicKeyOf(publicKey))) {
    // A seal whose certificate names another key would be valid nowhere; refuse rather than issue it.
    throw new DomainError(
      'UNAVAILABLE',
      'SEAL_CERTIFICATE_MISMATCH',
      '印章证书与签章密钥不匹配',
      'The seal certificate does not certify the seal key',
    );
  }
  return sealCertificate;
}

/**
 * Seal `rendered` and return the signed PDF. Consumes `rendered.doc` (it is saved here). The /Contents
 * placeholder holds exactly the largest CMS the signer can produce: for RSA keys that is the CMS size itself.
 */
export async function sealPdf(rendered: RenderedLicence, options: SealOptions): Promise<Uint8Array> {
  const { signer, certificates } = options;
  const publicKey = await signer.publicKey();
  const sealCertificate = sealCertificateFor(certificates, publicKey);
  const maxSignature = maxSignatureLength(signer.algorithm, publicKey);
  const contents = new ContentsPlaceholder(signedDataLength(certificates, signer.algorithm, maxSignature));
  const byteRange = new ByteRangePlaceholder();
  addSignatureField(rendered.doc, rendered.seal, { byteRange, contents }, options);

  deflateContentStreams(rendered.doc);
  // Object streams would compress the placeholders; classic xref keeps them in clear at known offsets.
  const pdf = await rendered.doc.save({ useObjectStreams: false, updateFieldAppearances: false });
  const gap = contents.gap();
  const range = byteRangeAround(gap, pdf.length);
  byteRange.fill(pdf, range); // before hashing: the ByteRange itself is inside the signed bytes

  const signedAttributes = buildSignedAttributes(sha256(...signedRanges(pdf, range)), sealCertificate);
  const signature = await signer.sign(sha256(encodeDer(signedAttributes)));
  if (signature.length === 0 || signature.length > maxSignature) {
    throw new DomainError(
      'UNAVAILABLE',
      'SEAL_SIGNATURE_INVALID',
      '签章服务返回了无效签名',
      'The signer returned an invalid signature',
    );
  }
  writeContents(
    pdf,
    gap,
    buildSignedData({ certificates, algorithm: signer.algorithm, signedAttributes, signature }),
  );
  return pdf;
}
