/**
 * PAdES baseline B-B sealing (ETSI EN 319 142-1) with a key that never leaves KMS: the document is saved
 * once with placeholders sized from the real CMS, the byte range is hashed, and only the SHA-256 of the
 * signed attributes goes to the signer.
 */
import { type PDFDocument, PDFRef } from 'pdf-lib';
import type { SealSigner } from '../../ports/seal-signer.js';
import type { TimeStampAuthority } from '../../ports/time-stamp-authority.js';
import type { ValidationDataSource } from '../../ports/validation-data.js';
import { DomainError } from '../errors.js';
import { encodeDer } from '../pki/der.js';
import { memoizeByBytes } from '../pki/parsed-cache.js';
import { maxSignatureLength, publicKeyOf, sha256 } from '../pki/signature-algorithm.js';
import { readCertificateFields } from '../pki/x509.js';
import { tokenCertificates } from '../timestamp/rfc3161.js';
import { byteRangeAround, signedRanges, writeContents } from './byte-range.js';
import { buildSignedAttributes, buildSignedData, signedDataLength } from './cms.js';
import { deflateContentStreams } from './deflate-streams.js';
import { appendDss, type PdfTail } from './dss.js';
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
  /** PAdES B-T: the signature gets an RFC 3161 time-stamp from this TSA. @default none (B-B) */
  timestamps?: TimeStampAuthority;
  /** PAdES B-LT (needs `timestamps`): a DSS with the chain and its revocation data. @default none */
  validationData?: ValidationDataSource;
  /** Bytes reserved in /Contents for the time-stamp token. @default TIME_STAMP_RESERVE */
  timeStampReserve?: number;
}

/**
 * Room for a time-stamp token in /Contents: the placeholder is sized before the token exists. A token with its
 * TSA certificate is 1.5–3 KB from our TSA and usually under 6 KB from public TSAs (certificate chains included).
 */
export const TIME_STAMP_RESERVE = 8192;

const tsaTokenTooLarge = (size: number, reserve: number) =>
  new Error(
    `the time-stamp token (${size} B) does not fit the ${reserve} B reserved: raise timeStampReserve`,
  );

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
  return (await sealPdfWithToken(rendered, options)).bytes;
}

/**
 * `sealPdf`, also returning the signature's time-stamp token (null without a TSA), so that what the token
 * decides (the archive due day) needs no second parse of the sealed file.
 */
export async function sealPdfWithToken(
  rendered: RenderedLicence,
  options: SealOptions,
): Promise<{ bytes: Uint8Array; timeStampToken: Uint8Array | null }> {
  const { signer, certificates } = options;
  const publicKey = await signer.publicKey();
  const sealCertificate = sealCertificateFor(certificates, publicKey);
  const maxSignature = maxSignatureLength(signer.algorithm, publicKey);
  const reserve = options.timestamps ? (options.timeStampReserve ?? TIME_STAMP_RESERVE) : 0;
  const contents = new ContentsPlaceholder(
    signedDataLength(certificates, signer.algorithm, maxSignature) + reserve,
  );
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
  // RFC 3161 Appendix A: the time-stamp covers the signature value, so it proves the seal existed then.
  const timeStampToken = options.timestamps
    ? await options.timestamps.timestamp(sha256(signature))
    : undefined;
  const cms = buildSignedData({
    certificates,
    algorithm: signer.algorithm,
    signedAttributes,
    signature,
    ...(timeStampToken ? { timeStampToken } : {}),
  });
  if (timeStampToken && cms.length > contents.capacity)
    throw tsaTokenTooLarge(timeStampToken.length, reserve);
  writeContents(pdf, gap, cms);
  if (!timeStampToken) return { bytes: pdf, timeStampToken: null };
  if (!options.validationData) return { bytes: pdf, timeStampToken };
  const bytes = await addValidationData(
    pdf,
    rendered.doc,
    { cms, capacity: contents.capacity },
    [...certificates, ...tokenCertificates(timeStampToken)],
    options.validationData,
  );
  return { bytes, timeStampToken };
}

/** The saved document's catalog and trailer, read off pdf-lib after `save`. */
function tailOf(doc: PDFDocument): PdfTail {
  const { Root, Info, ID } = doc.context.trailerInfo;
  if (!(Root instanceof PDFRef)) throw new Error('the document has no catalog reference');
  return {
    catalog: {
      objectNumber: Root.objectNumber,
      generation: Root.generationNumber,
      text: doc.catalog.toString(),
    },
    size: doc.context.largestObjectNumber + 1,
    trailerEntries: [Info ? `/Info ${Info.toString()}` : '', ID ? `/ID ${ID.toString()}` : '']
      .join(' ')
      .trim(),
  };
}

/** PAdES B-LT: append the DSS (certificates, OCSP responses, CRLs; VRI of this signature). */
async function addValidationData(
  pdf: Uint8Array,
  doc: PDFDocument,
  signature: { cms: Uint8Array; capacity: number },
  certificates: Uint8Array[],
  source: ValidationDataSource,
): Promise<Uint8Array> {
  const unique = [...new Map(certificates.map((der) => [Buffer.from(der).toString('base64'), der])).values()];
  const revocation = await source.collect(unique);
  const contents = new Uint8Array(signature.capacity);
  contents.set(signature.cms);
  return appendDss(pdf, tailOf(doc), contents, { certificates: unique, ...revocation });
}
