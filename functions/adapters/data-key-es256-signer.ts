/**
 * The licence QR's ES256 signer without a KMS request per licence: a P-256 data key pair made by KMS
 * (`GenerateDataKeyPairWithoutPlaintext` under a symmetric wrapping key, with an encryption context that names
 * its purpose and period), its private key kept only encrypted (an object under `pki/qr-keys/` of the licences
 * bucket) and decrypted with `Decrypt` once per process and period, then used in memory. The PDF seal's key
 * never leaves KMS; only this key, whose signatures are a convenience for offline checks, does.
 *
 * Exposure is bounded: one key per `periodDays` (30 by default) — the period is the key's name, so racing
 * processes agree on it (the first put wins, with `If-None-Match`; a loser takes the winner's key) — so a
 * key copied out of a process signs nothing dated after its period (the offline verifier reads the key set
 * for the key id, and the online verify of `/verify/{id}` stays authoritative: the ledger, not the QR). The
 * key set published at `/.well-known/qr-keys.json` is every period's key since the first (`pki/qr-keys/since`)
 * plus the KMS key that signed before data keys existed; a compromised period's key is withdrawn by deleting
 * its object. See docs/DEPLOY.md ("The QR key").
 */
import { createPrivateKey, type KeyObject, sign } from 'node:crypto';
import {
  DecryptCommand,
  GenerateDataKeyPairWithoutPlaintextCommand,
  type KMSClient,
} from '@aws-sdk/client-kms';
import { es256JwkOfSpki } from '../core/qr/jwk.js';
import type { Clock } from '../ports/clock.js';
import { ObjectExistsError, type ObjectStore } from '../ports/object-store.js';
import type { Es256PublicJwk, TokenSigner } from '../ports/token-signer.js';
import { callKms, SealSignerConfigurationError } from './kms-seal-signer.js';
import { QR_KEY_PURPOSE, QR_KEYS_PREFIX } from './qr-key-names.js';

export { QR_KEY_PURPOSE, QR_KEYS_PREFIX };

/** A period's key as stored: the public key in clear, the private key encrypted under the wrapping key. */
interface StoredQrKey {
  period: number;
  createdAt: string;
  /** DER SubjectPublicKeyInfo, base64. */
  publicKey: string;
  /** KMS ciphertext of the PKCS#8 private key, base64. */
  privateKeyCiphertext: string;
}

/** A period's key, ready to sign. */
interface LoadedQrKey {
  period: number;
  privateKey: KeyObject;
  jwk: Es256PublicJwk;
}

export interface DataKeyEs256SignerOptions {
  client: KMSClient;
  /** A SYMMETRIC_DEFAULT KMS key (id, ARN or alias) that encrypts the pairs. */
  wrapKeyId: string;
  /** The licences bucket. */
  objects: ObjectStore;
  clock: Clock;
  /** The KMS QR key that signed before data keys (its public key stays in the set). */
  legacy?: { publicJwk(): Promise<Es256PublicJwk> };
  /** Days a key signs before the next one takes over. @default 30 */
  periodDays?: number;
  /** How long the key set is kept in memory, ms. @default 300000 (the edge caches it as long) */
  keySetTtlMs?: number;
}

const json = (bytes: Uint8Array) => JSON.parse(Buffer.from(bytes).toString('utf8')) as unknown;

export class DataKeyEs256Signer implements TokenSigner {
  readonly algorithm = 'ES256' as const;
  readonly #options: DataKeyEs256SignerOptions;
  readonly #periodMs: number;
  #current: { period: number; key: Promise<LoadedQrKey> } | undefined;
  #keySet: { at: number; keys: Promise<Es256PublicJwk[]> } | undefined;

  constructor(options: DataKeyEs256SignerOptions) {
    this.#options = options;
    this.#periodMs = (options.periodDays ?? 30) * 86_400_000;
  }

  /** Sign SHA-256(`message`) with the current period's key, in memory; r ‖ s. */
  async sign(message: Uint8Array): Promise<Uint8Array> {
    const key = await this.#currentKey();
    return new Uint8Array(sign('sha256', message, { key: key.privateKey, dsaEncoding: 'ieee-p1363' }));
  }

  /** The current period's public key. */
  async publicJwk(): Promise<Es256PublicJwk> {
    return (await this.#currentKey()).jwk;
  }

  /** Every key a licence's QR may name: the legacy KMS key and each period's key since the first. */
  publicJwks(): Promise<Es256PublicJwk[]> {
    const now = this.#options.clock.now().getTime();
    const ttl = this.#options.keySetTtlMs ?? 300_000;
    if (!this.#keySet || now - this.#keySet.at > ttl) {
      const keys = this.#readKeySet();
      keys.catch(() => {
        if (this.#keySet?.keys === keys) this.#keySet = undefined;
      });
      this.#keySet = { at: now, keys };
    }
    return this.#keySet.keys;
  }

  #periodOf(instant: Date): number {
    return Math.floor(instant.getTime() / this.#periodMs);
  }

  #currentKey(): Promise<LoadedQrKey> {
    const period = this.#periodOf(this.#options.clock.now());
    if (this.#current?.period !== period) {
      const key = this.#loadOrCreate(period);
      // Not cached when it fails: the next licence asks again.
      key.catch(() => {
        if (this.#current?.key === key) this.#current = undefined;
      });
      this.#current = { period, key };
    }
    return this.#current.key;
  }

  async #loadOrCreate(period: number): Promise<LoadedQrKey> {
    const objectKey = `${QR_KEYS_PREFIX}${period}.json`;
    let stored = await this.#read(objectKey);
    if (!stored) {
      const made = await callKms('GenerateDataKeyPairWithoutPlaintext', this.#options.wrapKeyId, () =>
        this.#options.client.send(
          new GenerateDataKeyPairWithoutPlaintextCommand({
            KeyId: this.#options.wrapKeyId,
            KeyPairSpec: 'ECC_NIST_P256',
            EncryptionContext: this.#context(period),
          }),
        ),
      );
      if (!made.PublicKey || !made.PrivateKeyCiphertextBlob)
        throw new SealSignerConfigurationError('KMS made no data key pair', this.#options.wrapKeyId);
      const record: StoredQrKey = {
        period,
        createdAt: this.#options.clock.now().toISOString(),
        publicKey: Buffer.from(made.PublicKey).toString('base64'),
        privateKeyCiphertext: Buffer.from(made.PrivateKeyCiphertextBlob).toString('base64'),
      };
      try {
        await this.#options.objects.put(objectKey, Buffer.from(JSON.stringify(record)), {
          contentType: 'application/json',
          ifNoneMatch: true,
        });
        stored = record;
        await this.#options.objects
          .put(`${QR_KEYS_PREFIX}since.json`, Buffer.from(JSON.stringify({ period })), {
            contentType: 'application/json',
            ifNoneMatch: true,
          })
          .catch((error: unknown) => {
            if (!(error instanceof ObjectExistsError)) throw error;
          });
      } catch (error) {
        if (!(error instanceof ObjectExistsError)) throw error;
        // Another process made this period's key first: sign with that one (the one published).
        stored = await this.#read(objectKey);
        if (!stored) throw error;
      }
    }
    const plain = await callKms('Decrypt', this.#options.wrapKeyId, () =>
      this.#options.client.send(
        new DecryptCommand({
          KeyId: this.#options.wrapKeyId,
          CiphertextBlob: Buffer.from(stored.privateKeyCiphertext, 'base64'),
          EncryptionContext: this.#context(period),
        }),
      ),
    );
    if (!plain.Plaintext)
      throw new SealSignerConfigurationError('KMS Decrypt returned nothing', this.#options.wrapKeyId);
    const privateKey = createPrivateKey({ key: Buffer.from(plain.Plaintext), format: 'der', type: 'pkcs8' });
    // Overwrite the plaintext copy the SDK handed over: the KeyObject is the only one kept.
    plain.Plaintext.fill(0);
    const jwk = es256JwkOfSpki(Buffer.from(stored.publicKey, 'base64'));
    return { period, privateKey, jwk };
  }

  #context(period: number): Record<string, string> {
    return { purpose: QR_KEY_PURPOSE, period: String(period) };
  }

  async #read(objectKey: string): Promise<StoredQrKey | undefined> {
    const bytes = await this.#options.objects.get(objectKey);
    return bytes ? (json(bytes) as StoredQrKey) : undefined;
  }

  async #readKeySet(): Promise<Es256PublicJwk[]> {
    const legacy = this.#options.legacy ? [await this.#options.legacy.publicJwk()] : [];
    const since = await this.#options.objects.get(`${QR_KEYS_PREFIX}since.json`);
    const current = this.#periodOf(this.#options.clock.now());
    const first = since ? Number((json(since) as { period?: unknown }).period) : current;
    const periods = Number.isSafeInteger(first)
      ? Array.from({ length: Math.max(0, current - first + 1) }, (_, i) => first + i)
      : [];
    const stored = await Promise.all(periods.map((p) => this.#read(`${QR_KEYS_PREFIX}${p}.json`)));
    const keys = stored.flatMap((s) => (s ? [es256JwkOfSpki(Buffer.from(s.publicKey, 'base64'))] : []));
    return [...legacy, ...keys];
  }
}
