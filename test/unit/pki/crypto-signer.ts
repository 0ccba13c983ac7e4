/**
 * A SealSigner over a node:crypto RSA key, doing what KMS Sign does with MessageType DIGEST and
 * RSASSA_PKCS1_V1_5_SHA_256: PKCS#1 v1.5 over DigestInfo(SHA-256) ‖ digest. Tests use it where KMS is not
 * the subject; it also counts calls, so tests can check that only digests ever reach the signer.
 */
import { constants, generateKeyPairSync, type KeyObject, privateEncrypt } from 'node:crypto';
import type { SealSigner } from '../../../functions/ports/seal-signer.js';

const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

/** PKCS#1 v1.5 signature of a SHA-256 digest, as KMS computes it. */
export function signDigest(privateKey: KeyObject, digest: Uint8Array): Uint8Array {
  const encoded = Buffer.concat([SHA256_DIGEST_INFO, digest]);
  return new Uint8Array(privateEncrypt({ key: privateKey, padding: constants.RSA_PKCS1_PADDING }, encoded));
}

/** A signer plus its keys, for assertions. */
export interface CryptoSigner extends SealSigner {
  privateKey: KeyObject;
  publicKeyObject: KeyObject;
  /** Every digest passed to `sign`, in order. */
  digests: Uint8Array[];
}

/** A fresh RSA signer (2048 bits by default: fast enough for unit tests, same code path as 3072). */
export function createCryptoSigner(modulusLength = 2048): CryptoSigner {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength });
  const spki = new Uint8Array(publicKey.export({ type: 'spki', format: 'der' }));
  const digests: Uint8Array[] = [];
  return {
    algorithm: 'RSASSA_PKCS1_V1_5_SHA_256',
    privateKey,
    publicKeyObject: publicKey,
    digests,
    async sign(digest) {
      digests.push(digest);
      return signDigest(privateKey, digest);
    },
    async publicKey() {
      return spki;
    },
  };
}

/** Fixed clock and a deterministic byte source for reproducible certificates. */
export const fixedClock = (iso: string) => ({ now: () => new Date(iso) });

/** Deterministic "random" bytes: a counter, so serial numbers differ between calls. */
export function counterRandom(): { bytes(length: number): Uint8Array } {
  let counter = 0;
  return {
    bytes(length) {
      counter++;
      return Uint8Array.from({ length }, (_, index) => (counter * 31 + index * 7) & 0xff);
    },
  };
}
