/**
 * Where a seal certificate chain lives: one PEM object in the licences bucket (`pki/seal-chain.pem` for the
 * PAdES seal, `pki/seal-chain-sm2.pem` for the OFD rendition's SM2 seal; written once with If-None-Match so two
 * first starts cannot fork the chain), read once per process.
 */
import { fromPem, toPem } from '../core/pki/pem.js';
import { ObjectExistsError, type ObjectStore } from '../ports/object-store.js';

export const SEAL_CHAIN_KEY = 'pki/seal-chain.pem';
/** The SM2 chain of the OFD seal: the seal certificate first, the seal maker's root last. */
export const SM2_SEAL_CHAIN_KEY = 'pki/seal-chain-sm2.pem';

export class SealChainStore {
  readonly #objects: ObjectStore;
  readonly #key: string;
  #cached: Promise<Uint8Array[]> | undefined;

  /** @param options.key the object's key @default SEAL_CHAIN_KEY */
  constructor(options: { objects: ObjectStore; key?: string }) {
    this.#objects = options.objects;
    this.#key = options.key ?? SEAL_CHAIN_KEY;
  }

  /** The chain as DER, seal certificate first; throws if none was bootstrapped or imported. */
  load(): Promise<Uint8Array[]> {
    this.#cached ??= this.#read().catch((error) => {
      this.#cached = undefined;
      throw error;
    });
    return this.#cached;
  }

  /** The chain as PEM text (for `/.well-known/seal-certificates.pem`). */
  async pem(): Promise<string> {
    return (await this.load()).map((der) => toPem('CERTIFICATE', der)).join('');
  }

  async exists(): Promise<boolean> {
    return (await this.#objects.get(this.#key)) !== undefined;
  }

  /** Store the chain once; an existing chain is kept (returns false). */
  async save(chain: Uint8Array[]): Promise<boolean> {
    const pem = chain.map((der) => toPem('CERTIFICATE', der)).join('');
    try {
      await this.#objects.put(this.#key, new TextEncoder().encode(pem), {
        contentType: 'application/x-pem-file',
        ifNoneMatch: true,
      });
      this.#cached = undefined;
      return true;
    } catch (error) {
      if (error instanceof ObjectExistsError) return false;
      throw error;
    }
  }

  /**
   * Overwrite the chain. Only the local runtime does this, when its clock (`NOW`) lies outside the stored
   * chain's validity; a deployed chain is written once (`save`) or imported.
   */
  async replace(chain: Uint8Array[]): Promise<void> {
    const pem = chain.map((der) => toPem('CERTIFICATE', der)).join('');
    await this.#objects.put(this.#key, new TextEncoder().encode(pem), {
      contentType: 'application/x-pem-file',
    });
    this.#cached = undefined;
  }

  async #read(): Promise<Uint8Array[]> {
    const bytes = await this.#objects.get(this.#key);
    if (!bytes) throw new Error(`no seal certificate chain at ${this.#key}: bootstrap or import one first`);
    return fromPem('CERTIFICATE', new TextDecoder().decode(bytes));
  }
}
