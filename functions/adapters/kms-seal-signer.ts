/**
 * SealSigner backed by AWS KMS (or the local KMS-compatible endpoint: same client, other `endpoint`).
 * The private key never leaves KMS; we send the 32-byte SHA-256 digest with `MessageType: DIGEST`.
 */
import {
  GetPublicKeyCommand,
  type GetPublicKeyCommandOutput,
  type KMSClient,
  SignCommand,
  type SigningAlgorithmSpec,
} from '@aws-sdk/client-kms';
import { DomainError } from '../core/errors.js';
import type { SealSigner } from '../ports/seal-signer.js';

/** KMS errors that say "try again later" rather than "this is configured wrongly". */
const TRANSIENT_ERRORS = new Set([
  'ThrottlingException',
  'KMSInternalException',
  'DependencyTimeoutException',
  'KeyUnavailableException',
  'TimeoutError',
  'ECONNREFUSED',
  'ECONNRESET',
]);

/** Whether a KMS call's failure says "try again later" (→ 503) rather than "configured wrongly" (→ 500). */
export function isTransientKmsError(error: unknown): boolean {
  const { name = '', code = '' } = (error ?? {}) as { name?: string; code?: string };
  return TRANSIENT_ERRORS.has(name) || TRANSIENT_ERRORS.has(code);
}

/**
 * One KMS call: a transient failure becomes 503 `SealSignerUnavailableError`, anything else a configuration error
 * naming the key (the seal, ES256, SM2 and QR data-key adapters all map KMS failures this way).
 */
export async function callKms<T>(operation: string, keyId: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    if (isTransientKmsError(error)) throw new SealSignerUnavailableError(operation, error);
    const name = (error as { name?: string }).name ?? '';
    throw new SealSignerConfigurationError(`KMS ${operation} failed: ${name || 'error'}`, keyId, {
      cause: error,
    });
  }
}

/** KMS is briefly unavailable (throttling, internal error, network): a retry may succeed. HTTP 503. */
export class SealSignerUnavailableError extends DomainError {
  constructor(operation: string, cause: unknown) {
    super(
      'UNAVAILABLE',
      'SEAL_SIGNER_UNAVAILABLE',
      '签章服务暂不可用，请稍后重试',
      'The seal signer is unavailable',
      {
        retryAfterSeconds: 1,
        cause,
        details: { operation },
      },
    );
    this.name = 'SealSignerUnavailableError';
  }
}

/**
 * The key cannot be used as configured (not found, disabled, wrong usage or algorithm, access denied).
 * Not a DomainError on purpose: the client can do nothing about it, so it surfaces as a generic 500.
 */
export class SealSignerConfigurationError extends Error {
  constructor(
    message: string,
    readonly keyId: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SealSignerConfigurationError';
  }
}

/** Options of `KmsSealSigner`. */
export interface KmsSealSignerOptions {
  /** A configured KMS client (its `endpoint` points at the local endpoint when running locally). */
  client: KMSClient;
  /** Key id, key ARN, alias name (`alias/zhengzhao-seal`) or alias ARN. */
  keyId: string;
  /** @default 'RSASSA_PKCS1_V1_5_SHA_256' */
  signingAlgorithm?: SigningAlgorithmSpec;
}

/** SealSigner over KMS `Sign` (DIGEST) and `GetPublicKey` (fetched once, then cached). */
export class KmsSealSigner implements SealSigner {
  readonly algorithm: SigningAlgorithmSpec;
  readonly #client: KMSClient;
  readonly #keyId: string;
  #publicKey: Promise<Uint8Array> | undefined;

  constructor(options: KmsSealSignerOptions) {
    this.#client = options.client;
    this.#keyId = options.keyId;
    this.algorithm = options.signingAlgorithm ?? 'RSASSA_PKCS1_V1_5_SHA_256';
  }

  /** Sign a SHA-256 digest; the signature is as KMS returns it (PKCS#1 v1.5 or DER ECDSA). */
  async sign(digest: Uint8Array): Promise<Uint8Array> {
    if (digest.length !== 32)
      throw new RangeError(`expected a 32-byte SHA-256 digest, got ${digest.length} bytes`);
    const output = await callKms('Sign', this.#keyId, () =>
      this.#client.send(
        new SignCommand({
          KeyId: this.#keyId,
          Message: digest,
          MessageType: 'DIGEST',
          SigningAlgorithm: this.algorithm,
        }),
      ),
    );
    if (!output?.Signature || output.Signature.length === 0) {
      throw new SealSignerConfigurationError('KMS Sign returned no signature', this.#keyId);
    }
    return output.Signature;
  }

  /** The key's DER SubjectPublicKeyInfo; checked once to be a SIGN_VERIFY key that offers our algorithm. */
  publicKey(): Promise<Uint8Array> {
    this.#publicKey ??= this.#fetchPublicKey().catch((error: unknown) => {
      this.#publicKey = undefined; // do not cache a failure: the next call asks KMS again
      throw error;
    });
    return this.#publicKey;
  }

  async #fetchPublicKey(): Promise<Uint8Array> {
    const output: GetPublicKeyCommandOutput | undefined = await callKms('GetPublicKey', this.#keyId, () =>
      this.#client.send(new GetPublicKeyCommand({ KeyId: this.#keyId })),
    );
    if (!output?.PublicKey)
      throw new SealSignerConfigurationError('KMS GetPublicKey returned no key', this.#keyId);
    if (output.KeyUsage !== 'SIGN_VERIFY' || !output.SigningAlgorithms?.includes(this.algorithm)) {
      throw new SealSignerConfigurationError(
        `KMS key is not a SIGN_VERIFY key for ${this.algorithm} (usage ${output.KeyUsage ?? 'unknown'})`,
        this.#keyId,
      );
    }
    return output.PublicKey;
  }
}
