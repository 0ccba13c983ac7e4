/** Ports of the token status lists (functions/core/status-lists). */

/** A non-zero entry of a status list: INVALID (1) or SUSPENDED (2). */
export interface StatusListEntry {
  idx: number;
  value: 1 | 2;
}

/** The licences' entries that are not VALID, per list (the ledger's sparse `byStatusList` index). */
export interface StatusListEntries {
  /** Every entry of list `listId` that is not 0; an index's lag (milliseconds) is within the list's ttl. */
  listStatusEntries(listId: string): Promise<StatusListEntry[]>;
}

/**
 * An ES256 JWS signer (a KMS ECC_NIST_P256 key: the private key never leaves it). `sign` returns the JOSE
 * signature — the raw r‖s, 64 bytes (RFC 7518 §3.4), not the DER that KMS answers.
 */
export interface JwsSigner {
  /** The JWS `alg`. */
  readonly algorithm: 'ES256';
  /** Sign the JWS signing input (ASCII `header.payload`); SHA-256 is taken by the signer. */
  sign(signingInput: Uint8Array): Promise<Uint8Array>;
  /** The public key, DER SubjectPublicKeyInfo. */
  publicKey(): Promise<Uint8Array>;
}
