/**
 * The public shapes of the PDF signature verifier, and the internal `Finding` every check reports. A
 * finding carries the status it implies, so the verdict is derived in one place (`statusOf`).
 */

/** DER certificates the verifier trusts as roots of the seal chain. */
export interface TrustAnchors {
  roots: Uint8Array[];
  /** Roots trusted for RFC 3161 time-stamps (TSA certificates). @default `roots` (our TSA chains to our root) */
  timestampRoots?: Uint8Array[];
  /** Other issuers whose documents are accepted as genuine when their chain ends in one of these roots. */
  trustedIssuers?: readonly TrustedIssuer[];
}

/** An issuer of another system (another department, another province) and the roots of its chain. */
export interface TrustedIssuer {
  name: string;
  roots: Uint8Array[];
}

/**
 * The verdict of the cryptographic check alone (the ledger and licence status come on top). VALID is for our
 * own seal only; VALID_OTHER_ISSUER is a genuine, unmodified document whose chain ends in a trusted issuer.
 */
export type SignatureStatus =
  | 'VALID'
  | 'VALID_OTHER_ISSUER'
  | 'TAMPERED'
  | 'UNKNOWN_SIGNER'
  | 'NOT_SIGNED'
  | 'MALFORMED';

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
  /**
   * The ByteRange covers every byte of the file except the /Contents hex string — or, for our licences, all
   * that follows it is long-term validation data the verifier checked (a DSS, document time-stamps: PAdES
   * B-LT/B-LTA). Each signature's exact byte coverage is in `signatures[].coversWholeDocument`.
   */
  coversWholeDocument: boolean;
  /** E.g. `RSASSA-PKCS1-v1_5 SHA-256`. */
  algorithm: string;
  /** Lower-case hex of the signer certificate's serial number. */
  certificateSerial: string;
  /**
   * PAdES baseline level (ETSI EN 319 142-1 §6): B-B a seal; B-T with a trusted signature time-stamp; B-LT
   * also with the revocation data of the seal chain in the DSS; B-LTA also with a document time-stamp.
   */
  level?: SignatureLevel;
  /** The trusted signature time-stamp: its genTime (ISO 8601 UTC) and the TSA certificate's CN. */
  timestamp?: { time: string; tsa: string };
}

/** PAdES baseline levels. */
export type SignatureLevel = 'B-B' | 'B-T' | 'B-LT' | 'B-LTA';

/** One signature of the file, each checked over its own revision. */
export interface SignatureReport {
  /** Fully qualified name of the signature field; empty when no field names the signature. */
  field: string;
  /** The signer (or time-stamping authority) certificate's subject CN, when it could be found. */
  signer?: string;
  /** ISO 8601 UTC: /M, else the CMS signing time, else the time-stamp's time. */
  signedAt?: string;
  /** 1-based number of the revision the signature covers (0 when its byte range ends at none). */
  revision: number;
  /** The byte range ends exactly at the end of a revision and leaves out only /Contents. */
  coversRevision: boolean;
  /** The covered bytes are what was signed (digest and signature value verify). */
  intact: boolean;
  coversWholeDocument: boolean;
  signerTrust: 'OWN_SEAL' | 'TRUSTED_ISSUER' | 'UNKNOWN';
  trustedIssuer?: string;
  /** What the revisions after this one changed: nothing, only what signatures allow, or what was signed. */
  laterChanges: 'NONE' | 'ALLOWED' | 'DISALLOWED';
  /** The DocMDP level of a certification signature (1 no changes, 2 form filling, 3 also annotations). */
  docMdp?: 1 | 2 | 3;
  kind: 'SIGNATURE' | 'DOC_TIMESTAMP';
  algorithm?: string;
  /** A signature's trusted signature time-stamp (our seal's). */
  timestamp?: { time: string; tsa: string };
}

/** The result of `verifyPdfSignature`. */
export interface SignatureCheck {
  status: SignatureStatus;
  reasons: SignatureReason[];
  signature?: SignatureSummary;
  /** Every signature of the file (absent when the file could not be read as a PDF at all). */
  signatures?: SignatureReport[];
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
  status: Exclude<SignatureStatus, 'VALID' | 'VALID_OTHER_ISSUER'>;
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
