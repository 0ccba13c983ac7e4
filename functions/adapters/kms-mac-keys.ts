/**
 * Keys derived from one KMS HMAC key (KeySpec HMAC_256, KeyUsage GENERATE_VERIFY_MAC): `GenerateMac` over a
 * fixed, versioned label gives a 32-byte key that exists only in this process's memory — derived once per
 * cold start, so holder lookups and list cursors cost no KMS call each. The KMS key itself never leaves KMS,
 * and a deployment rotates the derived keys by changing the label's version (and re-keying what is indexed).
 * Locally the same code runs against the local KMS endpoint (bin/local/kms-endpoint.ts).
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { GenerateMacCommand, type KMSClient } from '@aws-sdk/client-kms';
import { DomainError } from '../core/errors.js';
import type { HolderKeys } from '../ports/holder-keys.js';
import type { PageCursors } from '../ports/page-cursors.js';
import { isTransientKmsError } from './kms-seal-signer.js';

/** Labels of the derived keys (the `Message` of GenerateMac). */
export const HOLDER_INDEX_LABEL = 'zhengzhao/holder-index/v1';
export const PAGE_CURSOR_LABEL = 'zhengzhao/page-cursor/v1';

/** KMS is briefly unavailable while a key is derived: a retry may succeed. HTTP 503. */
export class MacKeyUnavailableError extends DomainError {
  constructor(cause: unknown) {
    super(
      'UNAVAILABLE',
      'KEY_SERVICE_UNAVAILABLE',
      '密钥服务暂不可用，请稍后重试',
      'The key service is unavailable',
      {
        retryAfterSeconds: 1,
        cause,
      },
    );
    this.name = 'MacKeyUnavailableError';
  }
}

/** Where derived keys come from: `KmsDerivedKeys`, or a fixed key in tests. */
export interface DerivedKeySource {
  /** The 32-byte key for `label`; the same label gives the same key. */
  derive(label: string): Promise<Buffer>;
}

/** One KMS HMAC key and the keys derived from it, each derived at most once (failures are not cached). */
export class KmsDerivedKeys implements DerivedKeySource {
  readonly #client: KMSClient;
  readonly #keyId: string;
  readonly #derived = new Map<string, Promise<Buffer>>();

  constructor(options: { client: KMSClient; keyId: string }) {
    this.#client = options.client;
    this.#keyId = options.keyId;
  }

  /** The 32-byte key for `label`: HMAC-SHA-256 of the label under the KMS key. */
  derive(label: string): Promise<Buffer> {
    let key = this.#derived.get(label);
    if (!key) {
      key = this.#generateMac(label).catch((error: unknown) => {
        this.#derived.delete(label); // the next call asks KMS again
        throw error;
      });
      this.#derived.set(label, key);
    }
    return key;
  }

  async #generateMac(label: string): Promise<Buffer> {
    let mac: Uint8Array | undefined;
    try {
      const out = await this.#client.send(
        new GenerateMacCommand({
          KeyId: this.#keyId,
          MacAlgorithm: 'HMAC_SHA_256',
          Message: new TextEncoder().encode(label),
        }),
      );
      mac = out?.Mac;
    } catch (error) {
      const { name = '' } = error as { name?: string };
      if (isTransientKmsError(error)) throw new MacKeyUnavailableError(error);
      // Not the client's doing (key missing, wrong usage, access denied): a deployment error, a generic 500.
      throw new Error(`KMS GenerateMac with ${this.#keyId} failed: ${name || 'error'}`, { cause: error });
    }
    if (mac?.length !== 32 || !mac)
      throw new Error(`KMS GenerateMac with ${this.#keyId} returned no 32-byte MAC`);
    return Buffer.from(mac);
  }
}

/**
 * Holder lookup keys: base64url HMAC-SHA-256 of `idType:idNumber` (the number normalised) under the key
 * derived for `HOLDER_INDEX_LABEL`.
 */
export class KmsHolderKeys implements HolderKeys {
  readonly #keys: DerivedKeySource;

  constructor(options: { keys: DerivedKeySource }) {
    this.#keys = options.keys;
  }

  async holderKey(identity: { idType: string; idNumber: string }): Promise<string> {
    const key = await this.#keys.derive(HOLDER_INDEX_LABEL);
    // The same normalisation as core's `normaliseIdNumber`: a caller that forgot it still gets the one key.
    const idNumber = identity.idNumber.trim().toUpperCase();
    return createHmac('sha256', key).update(`${identity.idType.trim()}:${idNumber}`).digest('base64url');
  }
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * List cursors sealed with AES-256-GCM under the key derived for `PAGE_CURSOR_LABEL`; the list's scope is
 * the additional authenticated data, so a cursor opens only for the list it was made for.
 */
export class KmsPageCursors implements PageCursors {
  readonly #keys: DerivedKeySource;

  constructor(options: { keys: DerivedKeySource }) {
    this.#keys = options.keys;
  }

  async seal(scope: string, position: string): Promise<string> {
    const key = await this.#keys.derive(PAGE_CURSOR_LABEL);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(scope, 'utf8'));
    const sealed = Buffer.concat([cipher.update(position, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, sealed, cipher.getAuthTag()]).toString('base64url');
  }

  async open(scope: string, cursor: string): Promise<string | undefined> {
    const key = await this.#keys.derive(PAGE_CURSOR_LABEL);
    if (!/^[A-Za-z0-9_-]{1,2048}$/.test(cursor)) return undefined;
    const bytes = Buffer.from(cursor, 'base64url');
    if (bytes.length < IV_BYTES + TAG_BYTES) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES))
        .setAAD(Buffer.from(scope, 'utf8'))
        .setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
      const body = bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES);
      return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
    } catch {
      return undefined; // altered, forged, or sealed for another list
    }
  }
}
