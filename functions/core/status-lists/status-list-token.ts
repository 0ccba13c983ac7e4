/**
 * The Status List Token (draft-ietf-oauth-status-list §5.1): a JWT with `typ: statuslist+jwt`, `sub` the
 * list's URI, `iat`, `exp`, `ttl` and `status_list: {bits: 2, lst}` — `lst` the base64url of the
 * zlib-compressed (RFC 1950) byte array, entry i in bits 2i..2i+1 counted from the least significant bit of
 * byte ⌊i/4⌋. The encoding is @sd-jwt/jwt-status-list's (OpenWallet Foundation); the signature is ours (KMS).
 */
import { createHash, createPublicKey } from 'node:crypto';
import { createHeaderAndPayload, StatusList } from '@sd-jwt/jwt-status-list';
import type { JwsSigner, StatusListEntry } from '../../ports/status-lists.js';

export interface StatusListTokenInput {
  /** The list's URI (`sub`). */
  uri: string;
  /** Entries of the list (2^20 for ours). */
  size: number;
  /** Entries that are not 0. */
  entries: StatusListEntry[];
  /** Issued at (`iat`), whole seconds. */
  issuedAt: Date;
  /** `ttl`: how long a relying party may cache the token before fetching it again (≤ 300 s). */
  ttlSeconds: number;
  /** `exp` − `iat`: how long the token may be relied upon at all, e.g. offline. */
  validitySeconds: number;
  signer: JwsSigner;
  /** The JWS `kid` of the signer's key (`keyIdOf`). */
  kid: string;
}

const base64url = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64url');

/** The 2-bit status list of `size` entries with `entries` set, as @sd-jwt/jwt-status-list holds it. */
export function statusListOf(size: number, entries: StatusListEntry[]): StatusList {
  const values = new Array<number>(size).fill(0);
  for (const { idx, value } of entries) {
    if (!Number.isInteger(idx) || idx < 0 || idx >= size)
      throw new RangeError(`index ${idx} outside the list`);
    values[idx] = value;
  }
  return new StatusList(values, 2);
}

/** Build and sign the token (compact JWS). */
export async function buildStatusListToken(input: StatusListTokenInput): Promise<string> {
  const iat = Math.floor(input.issuedAt.getTime() / 1000);
  const { header, payload } = createHeaderAndPayload(
    statusListOf(input.size, input.entries),
    { sub: input.uri, iat, exp: iat + input.validitySeconds, ttl: input.ttlSeconds },
    { alg: input.signer.algorithm, typ: 'statuslist+jwt', kid: input.kid },
  );
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  const signature = await input.signer.sign(Buffer.from(signingInput, 'ascii'));
  return `${signingInput}.${base64url(signature)}`;
}

/**
 * The public key as a JWK with its `kid`: the RFC 7638 thumbprint (SHA-256 over the required members), so
 * a key and its id cannot drift apart.
 */
export function publicJwkOf(spki: Uint8Array): {
  kty: string;
  crv: string;
  x: string;
  y: string;
  kid: string;
} {
  const key = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
  const jwk = key.export({ format: 'jwk' });
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || !jwk.x || !jwk.y) throw new Error('not a P-256 public key');
  const thumbprintInput = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
  const kid = createHash('sha256').update(thumbprintInput).digest('base64url');
  return { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y, kid };
}
