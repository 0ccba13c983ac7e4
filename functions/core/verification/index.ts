/** Public API of the PDF signature verifier. */

export type {
  SignatureCheck,
  SignatureReason,
  SignatureStatus,
  SignatureSummary,
  TrustAnchors,
  VerifyOptions,
} from './types.js';
export { DEFAULT_MAX_BYTES, verifyPdfSignature } from './verify-pdf-signature.js';
