/**
 * CMS SignedData for PAdES baseline B-B (ETSI EN 319 142-1 §6.3, CAdES-BES): detached (no eContent),
 * SHA-256, signed attributes contentType, messageDigest and signing-certificate-v2, no signingTime (the time is
 * the signature dictionary's /M). Built with forge.asn1 because the key stays in KMS: the signer only ever
 * sees the SHA-256 of the DER-encoded signed attributes.
 */
import { createHash } from 'node:crypto';
import {
  type Asn1,
  embedded,
  encodeDer,
  explicit,
  implicitConstructed,
  octetString,
  oid,
  sequence,
  set,
  smallInteger,
  sortedSet,
} from '../pki/der.js';
import { memoizeByBytes } from '../pki/parsed-cache.js';
import { cmsSignatureAlgorithm, sha256, sha256Algorithm } from '../pki/signature-algorithm.js';
import { readCertificateFields } from '../pki/x509.js';

// The same seal certificate and chain go into every licence's CMS: read and parse them once per process. The
// parsed nodes are shared between CMSs, which is safe because DER encoding only reads them.
const certificateFields = memoizeByBytes(readCertificateFields, 16);
const embeddedOnce = memoizeByBytes(embedded, 64);

/** OIDs of RFC 5652, RFC 5035 and PKCS #9 used here. */
export const CMS_OIDS = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
} as const;

const attribute = (type: string, value: Asn1): Asn1 => sequence(oid(type), set(value));

/**
 * ESSCertIDv2 (RFC 5035 §4) binding the signature to the seal certificate: hash algorithm left at its
 * DEFAULT (SHA-256, so omitted in DER), the certificate's hash, and issuerSerial as CAdES baseline asks.
 */
export function signingCertificateV2(sealCertificate: Uint8Array): Asn1 {
  const { issuer, serialNumber } = certificateFields(sealCertificate);
  const issuerSerial = sequence(sequence(explicit(4, embeddedOnce(issuer))), embeddedOnce(serialNumber));
  const essCertId = sequence(octetString(sha256(sealCertificate)), issuerSerial);
  return sequence(sequence(essCertId));
}

/**
 * The signed attributes as a DER SET OF (sorted, X.690 §11.6). RFC 5652 §5.4: the signature covers this
 * encoding with the universal SET tag, although the SignerInfo carries it as `[0] IMPLICIT`.
 */
export function buildSignedAttributes(contentDigest: Uint8Array, sealCertificate: Uint8Array): Asn1 {
  return sortedSet([
    attribute(CMS_OIDS.contentType, oid(CMS_OIDS.data)),
    attribute(CMS_OIDS.messageDigest, octetString(contentDigest)),
    attribute(CMS_OIDS.signingCertificateV2, signingCertificateV2(sealCertificate)),
  ]);
}

/** Everything `buildSignedData` needs once the signer has answered. */
export interface SignedDataParts {
  /** DER certificates, the seal certificate first, then its CA(s). */
  certificates: Uint8Array[];
  /** The SealSigner's algorithm (e.g. `RSASSA_PKCS1_V1_5_SHA_256`). */
  algorithm: string;
  /** From `buildSignedAttributes`. */
  signedAttributes: Asn1;
  /** The signer's signature over SHA-256(DER(signedAttributes)). */
  signature: Uint8Array;
  /**
   * An RFC 3161 TimeStampToken over SHA-256(signature), carried as the unsigned attribute
   * id-aa-signatureTimeStampToken (RFC 3161 Appendix A; PAdES B-T). @default none (B-B)
   */
  timeStampToken?: Uint8Array;
}

/** id-aa-signatureTimeStampToken (RFC 3161 Appendix A). */
export const SIGNATURE_TIME_STAMP_TOKEN = '1.2.840.113549.1.9.16.2.14';

/** ContentInfo { signedData } in DER (RFC 5652 §5.1), detached: encapContentInfo has no eContent. */
export function buildSignedData(parts: SignedDataParts): Uint8Array {
  const [sealCertificate] = parts.certificates;
  if (!sealCertificate) throw new TypeError('at least the seal certificate is needed');
  const { issuer, serialNumber } = certificateFields(sealCertificate);
  const attributes = parts.signedAttributes.value as Asn1[];
  const signerInfo = sequence(
    smallInteger(1), // v1: sid is IssuerAndSerialNumber
    sequence(embeddedOnce(issuer), embeddedOnce(serialNumber)),
    sha256Algorithm(),
    implicitConstructed(0, attributes),
    cmsSignatureAlgorithm(parts.algorithm),
    octetString(parts.signature),
    ...(parts.timeStampToken
      ? [implicitConstructed(1, [attribute(SIGNATURE_TIME_STAMP_TOKEN, embedded(parts.timeStampToken))])]
      : []),
  );
  const signedData = sequence(
    smallInteger(1),
    set(sha256Algorithm()),
    sequence(oid(CMS_OIDS.data)),
    implicitConstructed(0, parts.certificates.map(embeddedOnce)),
    set(signerInfo),
  );
  return encodeDer(sequence(oid(CMS_OIDS.signedData), explicit(0, signedData)));
}

/** `signedDataLength`'s answers by algorithm, signature size and chain. */
const lengths = new Map<string, number>();

/**
 * The exact DER length of the CMS for these certificates and a signature of `signatureLength` bytes. Nothing
 * else in it varies in size (the message digest is always 32 bytes), so the PDF placeholder can be sized
 * before the document is saved.
 */
export function signedDataLength(
  certificates: Uint8Array[],
  algorithm: string,
  signatureLength: number,
): number {
  const [sealCertificate] = certificates;
  if (!sealCertificate) throw new TypeError('at least the seal certificate is needed');
  // The same chain comes with every licence of a seal: build the dummy CMS once per chain and signature size.
  const key = createHash('sha256');
  for (const certificate of certificates) key.update(`${certificate.length}:`).update(certificate);
  const known = `${algorithm} ${signatureLength} ${key.digest('base64')}`;
  const cached = lengths.get(known);
  if (cached !== undefined) return cached;
  const length = buildSignedData({
    certificates,
    algorithm,
    signedAttributes: buildSignedAttributes(new Uint8Array(32), sealCertificate),
    signature: new Uint8Array(signatureLength),
  }).length;
  if (lengths.size >= 16) lengths.clear();
  lengths.set(known, length);
  return length;
}
