/**
 * Revocation data for PAdES B-LT: what a validator needs besides the certificates to check a chain offline.
 * At issuance the sealing code asks for the CRLs and OCSP responses that cover the seal and TSA certificates
 * and stores them in the PDF's DSS.
 */
export interface ValidationDataSource {
  /**
   * OCSP responses and CRLs (DER) covering `certificates` (DER; the seal certificate, its CA(s) and the TSA
   * certificates). Throws `ValidationDataUnavailableError` (503) when the CA cannot answer now.
   */
  collect(certificates: Uint8Array[]): Promise<{ ocspResponses: Uint8Array[]; crls: Uint8Array[] }>;
}
