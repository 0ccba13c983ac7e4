/**
 * Certificates and certification requests signed by an external signer (KMS): the to-be-signed structure is
 * built here, only its SHA-256 goes to the signer.
 */
import type { SealSigner } from '../../ports/seal-signer.js';
import {
  bitString,
  embedded,
  encodeDer,
  explicit,
  implicitConstructed,
  sequence,
  smallInteger,
  time,
  unsignedInteger,
} from './der.js';
import { type CertificateExtensions, encodeExtensions } from './extensions.js';
import { toPem } from './pem.js';
import { signDer, x509SignatureAlgorithm } from './signature-algorithm.js';
import { type DistinguishedName, nameToAsn1 } from './x509.js';

/** What goes into a certificate; the issuer's key is reachable only through `issuerSigner`. */
export interface CertificateRequest {
  subject: DistinguishedName;
  /** The issuer's name, or the issuer certificate's Name as DER (when it is not ours). */
  issuer: DistinguishedName | Uint8Array;
  /** Unsigned big-endian serial number; RFC 5280 §4.1.2.2: positive, at most 20 bytes. */
  serialNumber: Uint8Array;
  notBefore: Date;
  notAfter: Date;
  /** The certified key, DER SubjectPublicKeyInfo (as returned by KMS GetPublicKey). */
  subjectPublicKey: Uint8Array;
  extensions: CertificateExtensions;
  issuerSigner: SealSigner;
}

/** Build and sign an X.509 v3 certificate; returns its DER. */
export async function createCertificate(request: CertificateRequest): Promise<Uint8Array> {
  if (request.serialNumber.length === 0 || request.serialNumber.length > 20) {
    throw new RangeError('serialNumber must be 1–20 bytes');
  }
  if (request.notAfter.getTime() <= request.notBefore.getTime()) {
    throw new RangeError('notAfter must be later than notBefore');
  }
  const signatureAlgorithm = x509SignatureAlgorithm(request.issuerSigner.algorithm);
  const issuer = request.issuer instanceof Uint8Array ? embedded(request.issuer) : nameToAsn1(request.issuer);
  const extensions = encodeExtensions(request.extensions, request.subjectPublicKey);
  const tbs = sequence(
    explicit(0, smallInteger(2)), // v3
    unsignedInteger(request.serialNumber),
    signatureAlgorithm,
    issuer,
    sequence(time(request.notBefore), time(request.notAfter)),
    nameToAsn1(request.subject),
    embedded(request.subjectPublicKey),
    ...(extensions.length > 0 ? [explicit(3, sequence(...extensions))] : []),
  );
  const tbsDer = encodeDer(tbs);
  const signature = await signDer(request.issuerSigner, tbsDer);
  return encodeDer(
    sequence(embedded(tbsDer), x509SignatureAlgorithm(request.issuerSigner.algorithm), bitString(signature)),
  );
}

/** A PKCS#10 certification request (RFC 2986) for the signer's own key, signed by it; returns PEM. */
export async function createCsr(options: {
  subject: DistinguishedName;
  signer: SealSigner;
}): Promise<string> {
  const publicKey = await options.signer.publicKey();
  const info = sequence(
    smallInteger(0),
    nameToAsn1(options.subject),
    embedded(publicKey),
    implicitConstructed(0, []), // attributes: none; the CA decides the extensions
  );
  const infoDer = encodeDer(info);
  const signature = await signDer(options.signer, infoDer);
  const request = sequence(
    embedded(infoDer),
    x509SignatureAlgorithm(options.signer.algorithm),
    bitString(signature),
  );
  return toPem('CERTIFICATE REQUEST', encodeDer(request));
}
