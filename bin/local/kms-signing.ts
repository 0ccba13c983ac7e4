/**
 * Signing with the local KMS endpoint's asymmetric keys, as KMS answers: RSA_3072 keys sign PKCS#1 v1.5
 * (SHA-256/384/512), ECC_NIST_P256 keys sign ECDSA_SHA_256 with a DER (X9.62 Ecdsa-Sig-Value) signature,
 * SM2 keys sign SM2DSA (kms-sm2.ts: RAW hashed as SM3(Z‖M) with the default ID, DIGEST = that value).
 * `MessageType` RAW (at most 4096 bytes, hashed here) or DIGEST (the digest given, of the algorithm's
 * length). An algorithm KMS knows but the key does not offer is InvalidKeyUsageException; a name KMS does
 * not know, a bad message type or length is ValidationException; a signature that does not verify is
 * KMSInvalidSignatureException.
 */
import {
  constants,
  createHash,
  type KeyObject,
  privateEncrypt,
  publicDecrypt,
  timingSafeEqual,
} from 'node:crypto';
import { p256 } from '@noble/curves/nist.js';
import { ECC_KEY_SPEC, KmsError, RSA_KEY_SPEC, type SigningKeySpec } from './kms-keys.js';
import { SM2_KEY_SPEC, SM2_SIGNING_ALGORITHM, signSm2, sm2Digest, verifySm2 } from './kms-sm2.js';

/** PKCS#1 v1.5 DigestInfo prefixes (RFC 8017 §9.2 note 1) by KMS algorithm, with the digest length. */
const RSA_ALGORITHMS: Record<string, { hash: string; digestLength: number; digestInfo: string }> = {
  RSASSA_PKCS1_V1_5_SHA_256: {
    hash: 'sha256',
    digestLength: 32,
    digestInfo: '3031300d060960864801650304020105000420',
  },
  RSASSA_PKCS1_V1_5_SHA_384: {
    hash: 'sha384',
    digestLength: 48,
    digestInfo: '3041300d060960864801650304020205000430',
  },
  RSASSA_PKCS1_V1_5_SHA_512: {
    hash: 'sha512',
    digestLength: 64,
    digestInfo: '3051300d060960864801650304020305000440',
  },
};
const ECC_ALGORITHMS: Record<string, { hash: string; digestLength: number }> = {
  ECDSA_SHA_256: { hash: 'sha256', digestLength: 32 },
};

/** The algorithms each key spec offers (GetPublicKey/DescribeKey `SigningAlgorithms`). */
export const SIGNING_ALGORITHMS: Record<SigningKeySpec, string[]> = {
  [RSA_KEY_SPEC]: Object.keys(RSA_ALGORITHMS),
  [ECC_KEY_SPEC]: Object.keys(ECC_ALGORITHMS),
  [SM2_KEY_SPEC]: [SM2_SIGNING_ALGORITHM],
};

/** Every signing algorithm KMS knows: these are "not for this key", anything else is a ValidationException. */
const KMS_SIGNING_ALGORITHMS = new Set([
  ...Object.keys(RSA_ALGORITHMS),
  ...['RSASSA_PSS_SHA_256', 'RSASSA_PSS_SHA_384', 'RSASSA_PSS_SHA_512', 'ECDSA_SHA_256', 'ECDSA_SHA_384'],
  ...['ECDSA_SHA_512', 'SM2DSA', 'ML_DSA_SHAKE_256', 'ED25519_SHA_512', 'ED25519_PH_SHA_512'],
]);
const RAW_MESSAGE_LIMIT = 4096;

/** A signing key as the operations need it. */
export type SigningKey =
  | { keySpec: Exclude<SigningKeySpec, typeof SM2_KEY_SPEC>; privateKey: KeyObject }
  | { keySpec: typeof SM2_KEY_SPEC; sm2PrivateKey: Uint8Array };

function algorithmFor<T>(offered: Record<string, T>, name: unknown): T {
  if (typeof name !== 'string' || !KMS_SIGNING_ALGORITHMS.has(name)) {
    throw new KmsError(
      'ValidationException',
      `1 validation error detected: Value '${String(name)}' at 'signingAlgorithm' failed to satisfy constraint`,
    );
  }
  const algorithm = offered[name];
  if (!algorithm) throw new KmsError('InvalidKeyUsageException', `${name} is not supported by this key`);
  return algorithm;
}

/** The message and its type, checked as KMS checks them (a DIGEST of `digestLength`, RAW ≤ 4096 bytes). */
function checkedMessage(
  body: Record<string, unknown>,
  digestLength: number,
): { message: Buffer; messageType: 'RAW' | 'DIGEST' } {
  const message = Buffer.from(typeof body.Message === 'string' ? body.Message : '', 'base64');
  if (message.length === 0) throw new KmsError('ValidationException', 'Message is required');
  const messageType = body.MessageType ?? 'RAW';
  if (messageType !== 'DIGEST' && messageType !== 'RAW') {
    throw new KmsError('ValidationException', `Invalid MessageType ${String(messageType)}`);
  }
  if (messageType === 'DIGEST' && message.length !== digestLength) {
    throw new KmsError(
      'ValidationException',
      `Digest is invalid length for algorithm ${String(body.SigningAlgorithm)}.`,
    );
  }
  if (messageType === 'RAW' && message.length > RAW_MESSAGE_LIMIT) {
    throw new KmsError('ValidationException', 'Message is longer than 4096 bytes; use MessageType DIGEST');
  }
  return { message, messageType };
}

/** The digest to sign: the one given (DIGEST, of the algorithm's length) or computed here (RAW). */
function messageDigest(body: Record<string, unknown>, hash: string, digestLength: number): Buffer {
  const { message, messageType } = checkedMessage(body, digestLength);
  return messageType === 'DIGEST' ? message : createHash(hash).update(message).digest();
}

/** SM2DSA's e: SM3(Z‖M) for RAW, the 32-byte DIGEST as given. */
function sm2MessageDigest(privateKey: Uint8Array, body: Record<string, unknown>): Uint8Array {
  algorithmFor({ [SM2_SIGNING_ALGORITHM]: true }, body.SigningAlgorithm);
  const { message, messageType } = checkedMessage(body, 32);
  return sm2Digest(privateKey, message, messageType);
}

/** What PKCS#1 v1.5 signs: DigestInfo ‖ digest. */
function rsaEncodedDigest(body: Record<string, unknown>): Buffer {
  const algorithm = algorithmFor(RSA_ALGORITHMS, body.SigningAlgorithm);
  const digest = messageDigest(body, algorithm.hash, algorithm.digestLength);
  return Buffer.concat([Buffer.from(algorithm.digestInfo, 'hex'), digest]);
}

function ecdsaDigest(body: Record<string, unknown>): Buffer {
  const algorithm = algorithmFor(ECC_ALGORITHMS, body.SigningAlgorithm);
  return messageDigest(body, algorithm.hash, algorithm.digestLength);
}

/** The P-256 private scalar and public point of a key (node:crypto cannot sign a digest it did not hash). */
const eccScalars = new WeakMap<KeyObject, { secret: Uint8Array; point: Uint8Array }>();
function eccScalarsOf(privateKey: KeyObject) {
  let scalars = eccScalars.get(privateKey);
  if (!scalars) {
    const jwk = privateKey.export({ format: 'jwk' });
    const part = (value: string | undefined) => Buffer.from(value ?? '', 'base64url');
    scalars = {
      secret: part(jwk.d),
      point: Buffer.concat([Buffer.from([4]), part(jwk.x), part(jwk.y)]),
    };
    eccScalars.set(privateKey, scalars);
  }
  return scalars;
}

/** Sign as KMS `Sign` does; returns the signature bytes. */
export function signWith(key: SigningKey, body: Record<string, unknown>): Buffer {
  if (key.keySpec === SM2_KEY_SPEC)
    return signSm2(key.sm2PrivateKey, sm2MessageDigest(key.sm2PrivateKey, body));
  if (key.keySpec === ECC_KEY_SPEC) {
    const digest = ecdsaDigest(body);
    // KMS's ECDSA signatures are randomised and not normalised to low S; verifiers accept either.
    const signature = p256.sign(digest, eccScalarsOf(key.privateKey).secret, {
      prehash: false,
      lowS: false,
      format: 'der',
      extraEntropy: true,
    });
    return Buffer.from(signature);
  }
  return privateEncrypt(
    { key: key.privateKey, padding: constants.RSA_PKCS1_PADDING },
    rsaEncodedDigest(body),
  );
}

/** Whether `signature` is the key's signature of the message or digest (as KMS `Verify`). */
export function verifyWith(key: SigningKey, body: Record<string, unknown>, signature: Buffer): boolean {
  if (key.keySpec === SM2_KEY_SPEC) {
    return verifySm2(key.sm2PrivateKey, sm2MessageDigest(key.sm2PrivateKey, body), signature);
  }
  if (key.keySpec === ECC_KEY_SPEC) {
    const digest = ecdsaDigest(body);
    try {
      return p256.verify(signature, digest, eccScalarsOf(key.privateKey).point, {
        prehash: false,
        lowS: false,
        format: 'der',
      });
    } catch {
      return false;
    }
  }
  const expected = rsaEncodedDigest(body);
  let recovered: Buffer | undefined;
  try {
    recovered = publicDecrypt({ key: key.privateKey, padding: constants.RSA_PKCS1_PADDING }, signature);
  } catch {
    return false;
  }
  return recovered.length === expected.length && timingSafeEqual(recovered, expected);
}
