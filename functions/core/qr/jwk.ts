/**
 * ES256 public keys as JWKs, their key ids, and the key set published at `/.well-known/qr-keys.json`.
 * The key id is the first 8 bytes of the key's RFC 7638 thumbprint (SHA-256 over the canonical
 * `{"crv","kty","x","y"}`), base64url: 11 characters in the JWKS, 8 bytes in a COSE header — short enough
 * for the QR code, and derived from the key, so it can be checked rather than trusted.
 */
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import type { Es256PublicJwk } from '../../ports/token-signer.js';

/** Bytes of the thumbprint kept as key id. */
export const KEY_ID_BYTES = 8;

/** The key id of a P-256 public key given by its JWK coordinates. */
export function keyIdOf(jwk: { x: string; y: string }): string {
  const canonical = JSON.stringify({ crv: 'P-256', kty: 'EC', x: jwk.x, y: jwk.y });
  const thumbprint = createHash('sha256').update(canonical).digest();
  return thumbprint.subarray(0, KEY_ID_BYTES).toString('base64url');
}

/** The JWK (with key id) of a DER SubjectPublicKeyInfo, which must be a P-256 key. */
export function es256JwkOfSpki(spki: Uint8Array): Es256PublicJwk {
  const key = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new RangeError('not a P-256 public key');
  }
  const { x, y } = key.export({ format: 'jwk' });
  if (!x || !y) throw new RangeError('not a P-256 public key');
  return { kty: 'EC', crv: 'P-256', x, y, kid: keyIdOf({ x, y }), alg: 'ES256', use: 'sig' };
}

/** A published JWK Set (RFC 7517 §5). */
export interface JwkSet {
  keys: Es256PublicJwk[];
}

/**
 * The usable keys of a JWK Set, by key id: P-256 keys whose `kid` is their thumbprint's (a key under
 * another key's id is ignored, so a key set cannot make one key answer for another).
 */
export function keysById(set: unknown): Map<string, KeyObject> {
  const keys = new Map<string, KeyObject>();
  const list = (set as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(list)) return keys;
  for (const candidate of list as Partial<Es256PublicJwk>[]) {
    if (candidate?.kty !== 'EC' || candidate.crv !== 'P-256') continue;
    if (typeof candidate.x !== 'string' || typeof candidate.y !== 'string') continue;
    if (candidate.kid !== keyIdOf({ x: candidate.x, y: candidate.y })) continue;
    try {
      const jwk = { kty: 'EC', crv: 'P-256', x: candidate.x, y: candidate.y };
      keys.set(candidate.kid, createPublicKey({ key: jwk, format: 'jwk' }));
    } catch {
      // not a point on the curve: unusable
    }
  }
  return keys;
}
