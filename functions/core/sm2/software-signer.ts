/**
 * An `Sm2Signer` over a raw private key held in memory — for tests and the local KMS-compatible endpoint only
 * (deployed stages sign with a KMS SM2 key; see functions/adapters/kms-sm2-signer.ts). Pure: the caller
 * supplies the key bytes (bin/local reads them from .data/, tests generate them).
 */
import type { Sm2Signer } from '../../ports/sm2-signer.js';
import { SM2_CURVE } from './constants.js';
import { signSm2Digest, sm2PublicPoint, sm2SignedDigest } from './signature.js';
import { bigintToBytes, bytesToBigint } from './sm3.js';
import { encodeSm2Spki } from './spki.js';

/** SM3withSM2 signer with the default signer ID over `privateKey` (32 bytes). */
export class SoftwareSm2Signer implements Sm2Signer {
  readonly #privateKey: Uint8Array;
  readonly #point: Uint8Array;
  readonly #spki: Uint8Array;

  constructor(privateKey: Uint8Array) {
    this.#privateKey = Uint8Array.from(privateKey);
    this.#point = sm2PublicPoint(this.#privateKey);
    this.#spki = encodeSm2Spki(this.#point);
  }

  async sign(message: Uint8Array): Promise<Uint8Array> {
    return signSm2Digest(this.#privateKey, sm2SignedDigest(this.#point, message));
  }

  async publicKey(): Promise<Uint8Array> {
    return Uint8Array.from(this.#spki);
  }
}

/**
 * A fresh SM2 private key from `randomBytes` (rejection sampling into [1, n−2], GB/T 32918.1 §6.1).
 * @param randomBytes the injected randomness, e.g. `(n) => crypto.getRandomValues(new Uint8Array(n))`
 */
export function generateSm2PrivateKey(randomBytes: (length: number) => Uint8Array): Uint8Array {
  for (;;) {
    const d = bytesToBigint(randomBytes(32));
    if (d >= 1n && d <= SM2_CURVE.n - 2n) return bigintToBytes(d, 32);
  }
}
