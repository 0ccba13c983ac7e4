/**
 * SM2/SM3 for the OFD rendition's electronic seal (GB/T 38540). Pure: no files, no env, no node:crypto SM2.
 *
 * For the OFD/SES code:
 * - Hash: `sm3(bytes)` (32 bytes). SES dataHash / Signature.xml CheckValues use it.
 * - Sign: anything implementing `Sm2Signer` (functions/ports/sm2-signer.ts). `sign(message)` signs SM3withSM2
 *   with the default ID (Z computed inside) and returns the DER SM2Signature. Deployed: `KmsSm2Signer`
 *   (functions/adapters/kms-sm2-signer.ts); tests and the local endpoint: `new SoftwareSm2Signer(rawKey)`.
 * - Verify: `verifySm2(spkiDer, message, signatureDer)` (default ID; false, never throws, for bad input);
 *   `sm2SignedDigest(point, message)` = SM3(Z‖M); `decodeSm2Spki` / `encodeSm2Spki`;
 *   `decodeSm2Signature` / `encodeSm2Signature` for DER ⇄ (r, s). SES v4 signs with the DER form.
 * - Certificates: `issueSm2SealChain(...)` makes the seal maker's self-signed root and the seal holder's
 *   certificate (DER), each signature made through an `Sm2Signer`; `readSm2Certificate(der)` gives back its
 *   fields; `verifySm2CertificateSignature(cert, issuerSpki)`.
 * - At run time: `deps.ofdSealKeys()` (functions/composition.ts) resolves to `Sm2SealKeys` — `{ seal: { signer,
 *   certificate }, maker: { signer, certificate } }`, the certificates DER from the stored chain
 *   `pki/seal-chain-sm2.pem`, checked once against both keys — or to undefined where the stage has no SM2 seal
 *   (throw `ofdNotAvailable()`: 404 OFD_NOT_AVAILABLE). The signers come from `parts.ofdSigners` (KMS SM2 keys
 *   `OFD_SEAL_KEY_ID`, `OFD_MAKER_KEY_ID`; locally the KMS endpoint's `alias/zhengzhao-ofd-seal` / `-ofd-maker`).
 * - Tests: `makeTestSm2Chain()` in test/support/sm2.ts (throw-away keys and chain), with `opensslVerifySm2`,
 *   `opensslSignSm2`, `sm2PrivateKeyPem` for the independent checks.
 */

export {
  createSm2Certificate,
  issueSm2SealChain,
  readSm2Certificate,
  type Sm2CertificateInfo,
  type Sm2SealChain,
  type Sm2SealChainOptions,
  verifySm2CertificateSignature,
} from './certificates.js';
export { SM_OIDS, SM2_CURVE, SM2_DEFAULT_SIGNER_ID } from './constants.js';
export { ofdNotAvailable, type Sm2SealKeys, sm2SealKeysOf } from './seal-keys.js';
export {
  signSm2Digest,
  sm2PublicPoint,
  sm2SignedDigest,
  sm2Z,
  verifySm2,
  verifySm2Digest,
} from './signature.js';
export { decodeSm2Signature, encodeSm2Signature, type Sm2SignatureValues } from './signature-der.js';
export { sm3 } from './sm3.js';
export { generateSm2PrivateKey, SoftwareSm2Signer } from './software-signer.js';
export { decodeSm2Spki, encodeSm2Spki, isSm2Point, type Sm2PublicPoint } from './spki.js';
