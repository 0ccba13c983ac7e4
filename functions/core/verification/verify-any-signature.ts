/**
 * The verifier of `POST /v1/verifications` and of uploaded materials. Our own licences keep the strict
 * policy of `checkOwnSeal` exactly: one seal over the whole file. Any other signed PDF is read as a whole —
 * every revision, every signature over its own revision, what later revisions changed — so that a genuine
 * document of another issuer is reported as such (UNKNOWN_SIGNER, or VALID_OTHER_ISSUER for a trusted
 * issuer) and only a change to what was signed is TAMPERED.
 */

import { parseAnchors } from './certificate-path.js';
import { PdfDocument } from './document/pdf-document.js';
import { analyseDocument, type DocumentAnalysis } from './signatures/analyse-document.js';
import { foreignVerdict } from './signatures/document-verdict.js';
import { signatureFields } from './signatures/signature-fields.js';
import { sealEndOf } from './timestamps/own-seal-updates.js';
import type { SignatureCheck, SignatureReport, TrustAnchors, VerifyOptions } from './types.js';
import { checkOwnSeal } from './verify-pdf-signature.js';

/** Verdicts the whole-file envelope check gives before any signature is looked at. */
const ENVELOPE = new Set(['FILE_TOO_LARGE', 'NOT_A_PDF', 'PDF_INCOMPLETE', 'VERIFICATION_FAILED']);

function analyse(pdf: Buffer, trust: TrustAnchors): DocumentAnalysis | undefined {
  try {
    return analyseDocument(pdf, trust);
  } catch {
    // Every reader below is bounded and catches its own errors; a bug must still not become a 500.
    return undefined;
  }
}

/** How much a verdict says for the document: the analysis replaces the strict verdict only to say more. */
const RANK: Record<SignatureCheck['status'], number> = {
  MALFORMED: 0,
  TAMPERED: 1,
  NOT_SIGNED: 2,
  UNKNOWN_SIGNER: 3,
  VALID_OTHER_ISSUER: 4,
  VALID: 5,
};
/** Strict findings about which bytes a signature leaves out (kept beside the analysis's own reasons). */
const COVERAGE = new Set([
  'HEAD_NOT_COVERED',
  'TAIL_NOT_COVERED',
  'GAP_NOT_CONTENTS',
  'BYTE_RANGE_INVALID',
  'BYTE_RANGE_OVERLAP',
  'BYTE_RANGE_BEYOND_FILE',
]);
/** Strict findings that mean the strict check never got to look at the signatures themselves. */
const UNREAD = new Set(['MULTIPLE_SIGNATURES', 'SIGNATURE_DICTIONARY_UNREADABLE']);

/** A certificate of the CMS names one of our roots as its issuer or subject: the file claims to be ours. */
function claimsOurs(analysis: DocumentAnalysis, trust: TrustAnchors): boolean {
  const names = new Set(parseAnchors(trust).map((root) => root.subject));
  return analysis.signatures.some((signature) =>
    signature.certificates.some(
      (certificate) => names.has(certificate.issuer) || names.has(certificate.subject),
    ),
  );
}

/** The one-signature report of a VALID licence of ours (the strict check established everything but the name). */
function ownSealReport(pdf: Buffer, strict: SignatureCheck): SignatureReport[] {
  let field = '';
  let revision = 1;
  try {
    const doc = new PdfDocument(pdf);
    const last = doc.revisions[doc.revisions.length - 1];
    field = (last && signatureFields(doc, last)[0]?.field) ?? '';
    revision = doc.revisions.length;
  } catch {
    // the name is a courtesy; the verdict does not depend on it
  }
  const summary = strict.signature;
  return [
    {
      field,
      ...(summary ? { signer: summary.signer, algorithm: summary.algorithm } : {}),
      ...(summary?.signedAt ? { signedAt: summary.signedAt } : {}),
      ...(summary?.timestamp ? { timestamp: summary.timestamp } : {}),
      revision,
      coversRevision: true,
      intact: true,
      coversWholeDocument: true,
      signerTrust: 'OWN_SEAL',
      laterChanges: 'NONE',
      kind: 'SIGNATURE',
    },
  ];
}

/** The reports of a VALID licence with long-term updates: the seal (with its time-stamp), then the later ones. */
function longTermReports(pdf: Buffer, strict: SignatureCheck, trust: TrustAnchors): SignatureReport[] {
  const analysis = analyse(pdf, trust);
  if (!analysis) return ownSealReport(pdf, strict);
  const timestamp = strict.signature?.timestamp;
  return analysis.signatures.map(({ report }) =>
    report.kind === 'SIGNATURE' && report.signerTrust === 'OWN_SEAL' && timestamp
      ? { ...report, timestamp }
      : report,
  );
}

/**
 * Verify the signatures of `bytes`. VALID: our own seal, strictly; VALID_OTHER_ISSUER: a trusted issuer's
 * unmodified document; otherwise the gravest problem found. Never throws.
 */
export function verifyPdfSignature(
  bytes: Uint8Array,
  trust: TrustAnchors,
  options: VerifyOptions = {},
): SignatureCheck {
  const strict = checkOwnSeal(bytes, trust, options);
  if (strict.status === 'NOT_SIGNED' || strict.reasons.some((reason) => ENVELOPE.has(reason.code)))
    return strict;
  const pdf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Our own seal, valid: one signature over the whole file, so the report needs no second look at it.
  if (strict.status === 'VALID' && sealEndOf(pdf) === undefined)
    return { ...strict, signatures: ownSealReport(pdf, strict) };
  if (strict.status === 'VALID') return { ...strict, signatures: longTermReports(pdf, strict, trust) };
  const analysis = analyse(pdf, trust);
  if (!analysis) return strict;
  const reports = analysis.signatures.map((signature) => signature.report);
  const ours = reports.some((report) => report.signerTrust === 'OWN_SEAL') || claimsOurs(analysis, trust);
  if (ours) return { ...strict, signatures: reports };
  const foreign = foreignVerdict(analysis);
  // The strict reader found a signature that the structured reading cannot (e.g. a damaged signature
  // dictionary): the file is not unsigned, and the strict finding (MALFORMED, TAMPERED) stands.
  if (foreign.status === 'NOT_SIGNED') return strict;
  const unread = strict.reasons.some((reason) => UNREAD.has(reason.code));
  if (RANK[foreign.status] > RANK[strict.status] || unread) return { ...foreign, sha256: strict.sha256 };
  // Equally MALFORMED: the strict reader's reason (e.g. CONTENTS_TOO_LARGE) is the more precise one.
  if (RANK[foreign.status] < RANK[strict.status] || strict.status === 'MALFORMED')
    return { ...strict, signatures: reports };
  // Equally grave: the analysis says what changed, the strict check which bytes the signature leaves out.
  const known = new Set(foreign.reasons.map((reason) => reason.code));
  const coverage = strict.reasons.filter((reason) => COVERAGE.has(reason.code) && !known.has(reason.code));
  return { ...foreign, reasons: [...foreign.reasons, ...coverage], sha256: strict.sha256 };
}
