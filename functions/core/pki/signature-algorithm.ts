/**
 * What a SealSigner's algorithm means on the wire: the AlgorithmIdentifier written next to its signatures and
 * the largest signature it can return (so a PDF placeholder can be sized before anything is signed).
 */
import { createHash, createPublicKey } from 'node:crypto';
import type { SealSigner } from '../../ports/seal-signer.js';
import { DomainError } from '../errors.js';
import { type Asn1, derNull, oid, sequence } from './der.js';
import { memoizeByBytes } from './parsed-cache.js';

const OIDS = {
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRSAEncryption: '1.2.840.113549.1.1.11',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  sha256: '2.16.840.1.101.3.4.2.1',
};

/** KMS signing algorithms this project can put into certificates and CMS. */
export const SUPPORTED_ALGORITHMS = ['RSASSA_PKCS1_V1_5_SHA_256', 'ECDSA_SHA_256'] as const;

function assertSupported(algorithm: string): asserts algorithm is (typeof SUPPORTED_ALGORITHMS)[number] {
  if (!(SUPPORTED_ALGORITHMS as readonly string[]).includes(algorithm)) {
    throw new DomainError(
      'UNPROCESSABLE',
      'SIGNATURE_ALGORITHM_UNSUPPORTED',
      `不支持的签名算法：${algorithm}`,
      `Unsupported signature algorithm: ${algorithm}`,
    );
  }
}

/**
 * AlgorithmIdentifier for a certificate's or CSR's signature: sha256WithRSAEncryption (parameters NULL,
 * RFC 4055 §5) or ecdsa-with-SHA256 (parameters absent, RFC 5758 §3.2).
 */
export function x509SignatureAlgorithm(algorithm: string): Asn1 {
  assertSupported(algorithm);
  return algorithm === 'ECDSA_SHA_256'
    ? sequence(oid(OIDS.ecdsaWithSha256))
    : sequence(oid(OIDS.sha256WithRSAEncryption), derNull());
}

/**
 * SignerInfo.signatureAlgorithm. For RSA the plain rsaEncryption OID is what most PDF signers write and every
 * verifier reads (RFC 5754 §3.2 allows it); ECDSA uses ecdsa-with-SHA256.
 */
export function cmsSignatureAlgorithm(algorithm: string): Asn1 {
  assertSupported(algorithm);
  return algorithm === 'ECDSA_SHA_256'
    ? sequence(oid(OIDS.ecdsaWithSha256))
    : sequence(oid(OIDS.rsaEncryption), derNull());
}

/** AlgorithmIdentifier for SHA-256; RFC 5754 §2 says the parameters are absent. */
export const sha256Algorithm = (): Asn1 => sequence(oid(OIDS.sha256));

/** SHA-256 of `parts`, in order. */
export function sha256(...parts: Uint8Array[]): Uint8Array {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return new Uint8Array(hash.digest());
}

/** The key of a DER SubjectPublicKeyInfo, parsed once per distinct key (memoised, bounded). */
export const publicKeyOf = memoizeByBytes(
  (spki) => createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' }),
  16,
);

/**
 * The longest signature `algorithm` can produce with this public key: an RSA signature is exactly the
 * modulus length; a DER ECDSA-Sig-Value is at most 2·(field bytes + 1) + 6 for curves up to P-384.
 */
export function maxSignatureLength(algorithm: string, subjectPublicKeyInfo: Uint8Array): number {
  assertSupported(algorithm);
  const details = publicKeyOf(subjectPublicKeyInfo).asymmetricKeyDetails;
  if (algorithm === 'RSASSA_PKCS1_V1_5_SHA_256') {
    if (!details?.modulusLength) throw new TypeError('the seal key is not an RSA key');
    return Math.ceil(details.modulusLength / 8);
  }
  const fieldBytes = details?.namedCurve === 'secp384r1' ? 48 : 32;
  return 2 * (fieldBytes + 1) + 6;
}

/** Sign DER-encoded `toBeSigned` with `signer`: its SHA-256 goes out, the private key never comes in. */
export async function signDer(signer: SealSigner, toBeSigned: Uint8Array): Promise<Uint8Array> {
  assertSupported(signer.algorithm);
  return signer.sign(sha256(toBeSigned));
}
