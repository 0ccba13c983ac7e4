/**
 * SM2 keys of the local KMS endpoint (KeySpec `SM2`, SigningAlgorithm `SM2DSA`), served like AWS KMS in the
 * China regions: MessageType RAW (at most 4096 bytes; the endpoint computes SM3(Z‖M) with the default signer
 * ID 1234567812345678, as KMS does) or DIGEST (the 32-byte SM3(Z‖M) computed by the caller). The key file is
 * an RFC 5915 ECPrivateKey PEM on the SM2 curve (0600), which `openssl pkey` reads; node:crypto is not used
 * for SM2 (it signs only with an empty ID).
 */
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fromPem, toPem } from '../../functions/core/pki/pem.js';
import {
  encodeSm2Spki,
  generateSm2PrivateKey,
  signSm2Digest,
  sm2PublicPoint,
  sm2SignedDigest,
  verifySm2Digest,
} from '../../functions/core/sm2/index.js';

export const SM2_KEY_SPEC = 'SM2';
export const SM2_SIGNING_ALGORITHM = 'SM2DSA';

// ECPrivateKey { version 1, privateKey OCTET STRING (32), [0] namedCurve sm2, [1] publicKey BIT STRING (65) }:
// every length is fixed for SM2, so the encoding is three constant pieces around d and the point.
const SEC1_PREFIX = Buffer.from('30770201010420', 'hex');
const SEC1_MIDDLE = Buffer.from('a00a06082a811ccf5501822da144034200', 'hex');

/** The RFC 5915 ECPrivateKey PEM of a raw SM2 private key. */
export function sm2PrivateKeyPem(privateKey: Uint8Array): string {
  const der = Buffer.concat([SEC1_PREFIX, privateKey, SEC1_MIDDLE, sm2PublicPoint(privateKey)]);
  return toPem('EC PRIVATE KEY', der);
}

/** The raw private key of an SM2 ECPrivateKey PEM written by `sm2PrivateKeyPem`. */
export function readSm2PrivateKeyPem(pem: string): Uint8Array {
  const [der] = fromPem('EC PRIVATE KEY', pem);
  if (der?.length !== 121 || !Buffer.from(der.subarray(0, 7)).equals(SEC1_PREFIX)) {
    throw new Error('not an SM2 ECPrivateKey written by the local KMS endpoint');
  }
  const privateKey = der.subarray(7, 39);
  if (!Buffer.from(der.subarray(39)).equals(Buffer.concat([SEC1_MIDDLE, sm2PublicPoint(privateKey)]))) {
    throw new Error('SM2 key file: public key does not match the private key');
  }
  return Uint8Array.from(privateKey);
}

/** Create `{keyId}.pem` holding a fresh SM2 key (never overwrites). */
export async function createSm2KeyFile(keyDir: string, keyId: string): Promise<void> {
  const privateKey = generateSm2PrivateKey((n) => new Uint8Array(randomBytes(n)));
  await writeFile(join(keyDir, `${keyId}.pem`), sm2PrivateKeyPem(privateKey), { mode: 0o600, flag: 'wx' });
}

/** The raw private key and DER SPKI of a stored SM2 key. */
export async function readSm2KeyFile(
  keyDir: string,
  keyId: string,
): Promise<{ sm2PrivateKey: Uint8Array; publicKeyDer: Buffer }> {
  const sm2PrivateKey = readSm2PrivateKeyPem(await readFile(join(keyDir, `${keyId}.pem`), 'utf8'));
  return { sm2PrivateKey, publicKeyDer: Buffer.from(encodeSm2Spki(sm2PublicPoint(sm2PrivateKey))) };
}

/** e = SM3(Z‖M) for RAW (Z from the key's point and the default ID), or the 32-byte DIGEST as given. */
export function sm2Digest(
  privateKey: Uint8Array,
  message: Buffer,
  messageType: 'RAW' | 'DIGEST',
): Uint8Array {
  return messageType === 'DIGEST' ? message : sm2SignedDigest(sm2PublicPoint(privateKey), message);
}

/** KMS Sign with SM2DSA: the DER SM2Signature. */
export const signSm2 = (privateKey: Uint8Array, digest: Uint8Array): Buffer =>
  Buffer.from(signSm2Digest(privateKey, digest));

/** KMS Verify with SM2DSA. */
export const verifySm2 = (privateKey: Uint8Array, digest: Uint8Array, signature: Buffer): boolean =>
  verifySm2Digest(sm2PublicPoint(privateKey), digest, signature);
