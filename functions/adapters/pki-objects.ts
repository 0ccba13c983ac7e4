/**
 * The CA's objects in the licences bucket beside the seal chain: the CA's revocations
 * (`pki/revoked-certificates.json`, written by an operator), the TSA certificates (`pki/tsa-certificates.pem`,
 * for `GET /.well-known/tsa-certificates.pem`) and the cached CRL (`pki/crl/{caName}.crl`).
 */
import type { RevokedCertificate } from '../core/pki/crl.js';
import { REVOCATION_REASONS } from '../core/pki/crl.js';
import type { ObjectStore } from '../ports/object-store.js';
import type { RevokedCertificateStore } from '../ports/revoked-certificates.js';

export const REVOKED_CERTIFICATES_KEY = 'pki/revoked-certificates.json';
export const TSA_CERTIFICATES_KEY = 'pki/tsa-certificates.pem';
/** Every object the CA's routes read or write (the IAM grant of the pki function). */
export const PKI_OBJECT_PREFIX = 'pki/';

interface StoredRevocation {
  serialNumber: string;
  revokedAt: string;
  reason?: keyof typeof REVOCATION_REASONS;
}

/** `{"revoked":[{"serialNumber":"<hex>","revokedAt":"<ISO>","reason"?:"keyCompromise"|…}]}`; absent = none. */
export class S3RevokedCertificates implements RevokedCertificateStore {
  readonly #objects: ObjectStore;

  constructor(options: { objects: ObjectStore }) {
    this.#objects = options.objects;
  }

  async list(): Promise<RevokedCertificate[]> {
    const bytes = await this.#objects.get(REVOKED_CERTIFICATES_KEY);
    if (!bytes) return [];
    const { revoked } = JSON.parse(new TextDecoder().decode(bytes)) as { revoked: StoredRevocation[] };
    return revoked.map((entry) => {
      if (!/^[0-9a-fA-F]{1,40}$/.test(entry.serialNumber) || Number.isNaN(Date.parse(entry.revokedAt)))
        throw new Error(`${REVOKED_CERTIFICATES_KEY}: invalid entry ${JSON.stringify(entry)}`);
      const reason = entry.reason && entry.reason in REVOCATION_REASONS ? entry.reason : 'unspecified';
      return { serialNumber: entry.serialNumber.toLowerCase(), revokedAt: new Date(entry.revokedAt), reason };
    });
  }

  /** Add a revocation (operators and tests); the cached CRL is dropped so the next one lists it. */
  async add(entry: RevokedCertificate, crlKey: string): Promise<void> {
    const current = await this.list();
    const next = [...current, entry].map((r) => ({
      serialNumber: r.serialNumber,
      revokedAt: r.revokedAt.toISOString(),
      reason: r.reason,
    }));
    await this.#objects.put(
      REVOKED_CERTIFICATES_KEY,
      new TextEncoder().encode(JSON.stringify({ revoked: next })),
      {
        contentType: 'application/json',
      },
    );
    await this.#objects.delete(crlKey);
  }
}
