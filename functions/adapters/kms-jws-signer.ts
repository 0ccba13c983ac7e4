/** An ES256 JWS signer on a KMS ECC_NIST_P256 key (the status lists' key): KMS Sign over the SHA-256 digest. */
import { createHash } from 'node:crypto';
import { GetPublicKeyCommand, type KMSClient, SignCommand } from '@aws-sdk/client-kms';
import type { JwsSigner } from '../ports/status-lists.js';

/**
 * KMS answers an ECDSA signature as DER (`SEQUENCE { INTEGER r, INTEGER s }`, X9.62); JOSE wants r‖s, each
 * left-padded to the curve's 32 bytes (RFC 7518 §3.4). Anything else than such a DER structure throws.
 */
export function joseSignatureOf(der: Uint8Array, size = 32): Uint8Array {
  const fail = (): never => {
    throw new Error('not a DER ECDSA signature');
  };
  let at = 0;
  const length = (): number => {
    const first = der[at++] ?? fail();
    if (first < 0x80) return first;
    if (first !== 0x81) return fail();
    return der[at++] ?? fail();
  };
  if (der[at++] !== 0x30) fail();
  if (length() !== der.length - at) fail();
  const out = new Uint8Array(2 * size);
  for (const offset of [0, size]) {
    if (der[at++] !== 0x02) fail();
    const n = length();
    let value = der.subarray(at, at + n);
    if (value.length !== n || n === 0) fail();
    at += n;
    while (value.length > 1 && value[0] === 0) value = value.subarray(1);
    if (value.length > size) fail();
    out.set(value, offset + size - value.length);
  }
  if (at !== der.length) fail();
  return out;
}

export class KmsJwsSigner implements JwsSigner {
  readonly algorithm = 'ES256' as const;
  readonly #client: KMSClient;
  readonly #keyId: string;
  #publicKey: Promise<Uint8Array> | undefined;

  constructor(options: { client: KMSClient; keyId: string }) {
    this.#client = options.client;
    this.#keyId = options.keyId;
  }

  async sign(signingInput: Uint8Array): Promise<Uint8Array> {
    const out = await this.#client.send(
      new SignCommand({
        KeyId: this.#keyId,
        Message: createHash('sha256').update(signingInput).digest(),
        MessageType: 'DIGEST',
        SigningAlgorithm: 'ECDSA_SHA_256',
      }),
    );
    if (!out.Signature) throw new Error('KMS returned no signature');
    return joseSignatureOf(out.Signature);
  }

  /** Read once per process (the key never changes under its id). */
  publicKey(): Promise<Uint8Array> {
    this.#publicKey ??= this.#client.send(new GetPublicKeyCommand({ KeyId: this.#keyId })).then((out) => {
      if (!out.PublicKey) throw new Error('KMS returned no public key');
      return out.PublicKey;
    });
    this.#publicKey.catch(() => {
      this.#publicKey = undefined;
    });
    return this.#publicKey;
  }
}
