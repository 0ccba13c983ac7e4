/**
 * An SM2 signing key (GB/T 32918, SM3 digest, signer ID 1234567812345678) for the OFD rendition's electronic
 * seal (GB/T 38540). The private key never leaves the signer (AWS KMS `SM2` key spec in the China regions, or
 * the local KMS-compatible endpoint).
 */
export interface Sm2Signer {
  /**
   * Sign `message` as SM3withSM2 with the default signer ID: the signer computes Z = SM3(ENTL‖ID‖a‖b‖G‖P)
   * and signs SM3(Z‖message). Returns the DER SM2Signature (SEQUENCE { r INTEGER, s INTEGER }).
   */
  sign(message: Uint8Array): Promise<Uint8Array>;
  /** The public key, DER SubjectPublicKeyInfo (id-ecPublicKey with the SM2 curve 1.2.156.10197.1.301). */
  publicKey(): Promise<Uint8Array>;
}
