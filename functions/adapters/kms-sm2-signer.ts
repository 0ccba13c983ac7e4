/**
 * Sm2Signer backed by an AWS KMS `SM2` SIGN_VERIFY key (China regions only), or the local KMS-compatible
 * endpoint (same client, other `endpoint`).
 *
 * MessageType DIGEST, not RAW: RAW would have KMS compute Z with the default ID, but caps the message at
 * 4096 bytes (a TBSCertificate or an SES TBS_Sign with its picture can be larger). With DIGEST we send
 * e = SM3(Z‖M) ourselves, Z from the key's public point (GetPublicKey, fetched once and cached) and the default
 * ID 1234567812345678 — the same value KMS RAW would sign, and what every SM2 verifier recomputes.
 */
import { GetPublicKeyCommand, type KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { sm2SignedDigest } from '../core/sm2/signature.js';
import { decodeSm2Signature, encodeSm2Signature } from '../core/sm2/signature-der.js';
import { decodeSm2Spki, type Sm2PublicPoint } from '../core/sm2/spki.js';
import type { Sm2Signer } from '../ports/sm2-signer.js';
import { callKms, SealSignerConfigurationError } from './kms-seal-signer.js';

/** Options of `KmsSm2Signer`. */
export interface KmsSm2SignerOptions {
  /** A configured KMS client (its `endpoint` points at the local endpoint when running locally). */
  client: KMSClient;
  /** Key id, key ARN, alias name (`alias/zhengzhao-ofd-seal`) or alias ARN of an SM2 SIGN_VERIFY key. */
  keyId: string;
}

interface PublicKey {
  spki: Uint8Array;
  point: Sm2PublicPoint;
}

/** SM3withSM2 (default ID) over KMS `Sign` with `SM2DSA` / DIGEST. */
export class KmsSm2Signer implements Sm2Signer {
  readonly #client: KMSClient;
  readonly #keyId: string;
  #key: Promise<PublicKey> | undefined;

  constructor(options: KmsSm2SignerOptions) {
    this.#client = options.client;
    this.#keyId = options.keyId;
  }

  /** Sign `message`: KMS signs SM3(Z‖message); returns the DER SM2Signature. */
  async sign(message: Uint8Array): Promise<Uint8Array> {
    const { point } = await this.#publicKey();
    const digest = sm2SignedDigest(point, message);
    const output = await callKms('Sign', this.#keyId, () =>
      this.#client.send(
        new SignCommand({
          KeyId: this.#keyId,
          Message: digest,
          MessageType: 'DIGEST',
          SigningAlgorithm: 'SM2DSA',
        }),
      ),
    );
    if (!output?.Signature || output.Signature.length === 0) {
      throw new SealSignerConfigurationError('KMS Sign returned no signature', this.#keyId);
    }
    try {
      // Strict DER in, the same DER out: a malformed answer must not end up inside a seal.
      return encodeSm2Signature(decodeSm2Signature(output.Signature));
    } catch (error) {
      throw new SealSignerConfigurationError('KMS Sign returned a malformed SM2 signature', this.#keyId, {
        cause: error,
      });
    }
  }

  /** The key's DER SubjectPublicKeyInfo, fetched once and checked to be an SM2 SIGN_VERIFY key. */
  async publicKey(): Promise<Uint8Array> {
    return Uint8Array.from((await this.#publicKey()).spki);
  }

  #publicKey(): Promise<PublicKey> {
    this.#key ??= this.#fetchPublicKey().catch((error: unknown) => {
      this.#key = undefined; // do not cache a failure: the next call asks KMS again
      throw error;
    });
    return this.#key;
  }

  async #fetchPublicKey(): Promise<PublicKey> {
    const output = await callKms('GetPublicKey', this.#keyId, () =>
      this.#client.send(new GetPublicKeyCommand({ KeyId: this.#keyId })),
    );
    if (
      !output?.PublicKey ||
      output.KeyUsage !== 'SIGN_VERIFY' ||
      output.KeySpec !== 'SM2' ||
      !output.SigningAlgorithms?.includes('SM2DSA')
    ) {
      throw new SealSignerConfigurationError(
        `KMS key is not an SM2 SIGN_VERIFY key (${output?.KeySpec ?? 'unknown'}, ${output?.KeyUsage ?? 'unknown'})`,
        this.#keyId,
      );
    }
    try {
      return { spki: output.PublicKey, point: decodeSm2Spki(output.PublicKey) };
    } catch (error) {
      throw new SealSignerConfigurationError('KMS returned a malformed SM2 public key', this.#keyId, {
        cause: error,
      });
    }
  }
}
