/**
 * TokenSigner (ES256) backed by an AWS KMS `ECC_NIST_P256` SIGN_VERIFY key (or the local KMS-compatible
 * endpoint: same client, other `endpoint`), shared by the licence QR's COSE_Sign1 and the status lists' JWTs.
 * The message is hashed here and sent as a DIGEST (`ECDSA_SHA_256`), so a message of any size signs in one
 * call; KMS answers a DER `Ecdsa-Sig-Value`, which JWS and COSE both want as r ‖ s. It has both shapes the
 * ES256 keys are used through: `TokenSigner` (the QR's COSE_Sign1) and the status lists' `JwsSigner`.
 */

import { createHash } from 'node:crypto';
import { GetPublicKeyCommand, type KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { p256 } from '@noble/curves/nist.js';
import { es256JwkOfSpki } from '../core/qr/jwk.js';
import type { Es256PublicJwk, TokenSigner } from '../ports/token-signer.js';
import { callKms, SealSignerConfigurationError } from './kms-seal-signer.js';

/** Options of `KmsEs256Signer`. */
export interface KmsEs256SignerOptions {
  /** A configured KMS client (its `endpoint` points at the local endpoint when running locally). */
  client: KMSClient;
  /** Key id, key ARN, alias name (`alias/zhengzhao-qr`) or alias ARN of an ECC_NIST_P256 key. */
  keyId: string;
}

/** A DER ECDSA signature as r ‖ s (32 bytes each). */
export const derToRawSignature = (der: Uint8Array): Uint8Array =>
  p256.Signature.fromBytes(der, 'der').toBytes('compact');

/** ES256 over KMS `Sign` (DIGEST) and `GetPublicKey` (fetched once, then cached). */
export class KmsEs256Signer implements TokenSigner {
  readonly algorithm = 'ES256' as const;
  readonly #client: KMSClient;
  readonly #keyId: string;
  #spki: Promise<Uint8Array> | undefined;

  constructor(options: KmsEs256SignerOptions) {
    this.#client = options.client;
    this.#keyId = options.keyId;
  }

  /** Sign SHA-256(`message`); returns r ‖ s. */
  async sign(message: Uint8Array): Promise<Uint8Array> {
    const digest = createHash('sha256').update(message).digest();
    const output = await callKms('Sign', this.#keyId, () =>
      this.#client.send(
        new SignCommand({
          KeyId: this.#keyId,
          Message: digest,
          MessageType: 'DIGEST',
          SigningAlgorithm: 'ECDSA_SHA_256',
        }),
      ),
    );
    if (!output?.Signature || output.Signature.length === 0) {
      throw new SealSignerConfigurationError('KMS Sign returned no signature', this.#keyId);
    }
    return derToRawSignature(output.Signature);
  }

  /** The key as a JWK with its key id; checked once to be an ECC_NIST_P256 SIGN_VERIFY key. */
  async publicJwk(): Promise<Es256PublicJwk> {
    return es256JwkOfSpki(await this.publicKey());
  }

  /** The key's DER SubjectPublicKeyInfo (the status lists' `JwsSigner` shape), fetched once. */
  publicKey(): Promise<Uint8Array> {
    this.#spki ??= this.#fetchSpki().catch((error: unknown) => {
      this.#spki = undefined; // do not cache a failure: the next call asks KMS again
      throw error;
    });
    return this.#spki;
  }

  async #fetchSpki(): Promise<Uint8Array> {
    const output = await callKms('GetPublicKey', this.#keyId, () =>
      this.#client.send(new GetPublicKeyCommand({ KeyId: this.#keyId })),
    );
    if (
      !output?.PublicKey ||
      output.KeyUsage !== 'SIGN_VERIFY' ||
      output.KeySpec !== 'ECC_NIST_P256' ||
      !output.SigningAlgorithms?.includes('ECDSA_SHA_256')
    ) {
      throw new SealSignerConfigurationError(
        `KMS key is not an ECC_NIST_P256 SIGN_VERIFY key (${output?.KeySpec ?? 'unknown'}, ${output?.KeyUsage ?? 'unknown'})`,
        this.#keyId,
      );
    }
    es256JwkOfSpki(output.PublicKey); // throws unless a P-256 key
    return output.PublicKey;
  }
}
