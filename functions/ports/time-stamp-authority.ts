/**
 * A time-stamping authority (RFC 3161). Sealing asks it for a signature time-stamp: the token that proves the
 * seal existed at that time, so the seal stays verifiable after its certificate expires (PAdES B-T).
 */
export interface TimeStampAuthority {
  /**
   * Time-stamp `digest` (the SHA-256 of the SignerInfo's signature value, RFC 3161 Appendix A) and return the
   * DER TimeStampToken (a CMS ContentInfo). Throws `TimeStampUnavailableError` (503 TSA_UNAVAILABLE) when the
   * TSA cannot answer now; a retry may succeed.
   */
  timestamp(digest: Uint8Array): Promise<Uint8Array>;
}
