/** Source of randomness; production uses a CSPRNG, tests may inject a deterministic one. */
export interface Random {
  /** `length` random bytes from a cryptographically secure generator. */
  bytes(length: number): Uint8Array;
}
