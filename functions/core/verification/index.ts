/** Public API of the PDF signature verifier. */

export type {
  SignatureCheck,
  SignatureReason,
  SignatureReport,
  SignatureStatus,
  SignatureSummary,
  TrustAnchors,
  TrustedIssuer,
  VerifyOptions,
} from './types.js';
export { verifyPdfSignature } from './verify-any-signature.js';
export { DEFAULT_MAX_BYTES } from './verify-pdf-signature.js';
