/**
 * The signing key of the electronic seal. The private key never leaves the signer (AWS KMS, or the
 * local KMS-compatible endpoint): callers pass a digest and get a signature back.
 */
export interface SealSigner {
  /** Signature algorithm, e.g. `RSASSA_PKCS1_V1_5_SHA_256`. */
  readonly algorithm: string;
  /** Sign a SHA-256 digest (32 bytes) with the seal key; returns the raw signature bytes. */
  sign(digest: Uint8Array): Promise<Uint8Array>;
  /** The seal key's public key, DER SubjectPublicKeyInfo. */
  publicKey(): Promise<Uint8Array>;
}
