/**
 * The public shapes of the PDF signature verifier, and the internal `Finding` every check reports. A
 * finding carries the status it implies, so the verdict is derived in one place (`statusOf`).
 */

/** DER certificates the verifier trusts as roots of the seal chain. */
export interface TrustAnchors {
  roots: Uint8Array[];
}

/** The verdict of the cryptographic check alone (the ledger and licence status come on top). */
export type SignatureStatus = 'VALID' | 'TAMPERED' | 'UNKNOWN_SIGNER' | 'NOT_SIGNED' | 'MALFORMED';

/** One reason a file is not VALID: a stable code and a plain-language message, Chinese first. */
export interface SignatureReason {
  code: string;
  message: string;
}

/** What the verifier could establish about the one signature of the file. */
export interface SignatureSummary {
  /** The signer certificate's subject CN. */
  signer: string;
  /** ISO 8601 UTC, from the signature dictionary's /M. */
  signedAt?: string;
  /** The ByteRange covers every byte of the file except the /Contents hex string. */
  coversWholeDocument: boolean;
  /** E.g. `RSASSA-PKCS1-v1_5 SHA-256`. */
  algorithm: string;
  /** Lower-case hex of the signer certificate's serial number. */
  certificateSerial: string;
}

/** The result of `verifyPdfSignature`. */
export interface SignatureCheck {
  status: SignatureStatus;
  reasons: SignatureReason[];
  signature?: SignatureSummary;
  /** SHA-256 hex of the whole file, for the ledger comparison. */
  sha256: string;
}

/** Options of `verifyPdfSignature`. */
export interface VerifyOptions {
  /** Larger files are MALFORMED without being read. @default 10 MiB (the upload limit) */
  maxBytes?: number;
}

/** A problem found by one check; `status` is the verdict it forces unless a graver one applies. */
export interface Finding {
  code: string;
  status: Exclude<SignatureStatus, 'VALID'>;
  zh: string;
  en: string;
}

/** Shorthand constructor for a finding. */
export const finding = (code: string, status: Finding['status'], zh: string, en: string): Finding => ({
  code,
  status,
  zh,
  en,
});

/**
 * Gravest first. Integrity beats trust: a broken document is reported as TAMPERED even if its signer is also
 * unknown, because "modified after signing" is the more important thing to tell a citizen (and it is what
 * the coverage rules of the brief ask for foreign signatures with gaps, too).
 */
const PRECEDENCE: Finding['status'][] = ['MALFORMED', 'NOT_SIGNED', 'TAMPERED', 'UNKNOWN_SIGNER'];

/** The verdict for a list of findings: VALID only when there are none. */
export function statusOf(findings: readonly Finding[]): SignatureStatus {
  for (const status of PRECEDENCE) if (findings.some((f) => f.status === status)) return status;
  return 'VALID';
}

/** Findings as the API's reasons (message = Chinese / English). */
export const toReasons = (findings: readonly Finding[]): SignatureReason[] =>
  findings.map((f) => ({ code: f.code, message: `${f.zh} / ${f.en}` }));
