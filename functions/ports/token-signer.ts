/**
 * An ES256 signing key for compact tokens (the licence QR's COSE_Sign1, the token status lists' JWTs). The
 * private key never leaves the signer (AWS KMS `ECC_NIST_P256`, or the local KMS-compatible endpoint).
 */

/** A P-256 public key as a JWK (RFC 7517/7518), with the key id tokens name it by. */
export interface Es256PublicJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
  kid: string;
  alg: 'ES256';
  use: 'sig';
}

export interface TokenSigner {
  /** JOSE/COSE algorithm: ES256 (COSE -7). */
  readonly algorithm: 'ES256';
  /**
   * Sign `message` (hashed with SHA-256 by the signer); returns the signature as JWS and COSE carry it:
   * r ‖ s, 32 bytes each (RFC 7518 §3.4, RFC 9053 §2.1) — not DER.
   */
  sign(message: Uint8Array): Promise<Uint8Array>;
  /** The public key, with its key id (see `keyIdOf`). */
  publicJwk(): Promise<Es256PublicJwk>;
  /** Every key its tokens may name (a signer that rotates keys); absent: `publicJwk` only. */
  publicJwks?(): Promise<Es256PublicJwk[]>;
}
