/**
 * How `checkOwnSeal` reads a licence that grew after sealing (PAdES B-LT/B-LTA): the sealed revision — the
 * bytes up to the end of the first signature's byte range — must pass the strict check on its own, exactly as
 * a freshly sealed licence does; what follows is judged by `checkLongTermRevisions`. A file that is neither
 * keeps the strict check's verdict on the whole, with the reasons the later revisions add.
 */

import { createHash } from 'node:crypto';
import type { CertificateFacts } from '../certificate-facts.js';
import { buildPath, parseAnchors } from '../certificate-path.js';
import { readByteRange } from '../coverage.js';
import { PdfDocument } from '../document/pdf-document.js';
import { byteRangeKeyOffsets, findSignatureDictionary } from '../signature-dictionary.js';
import type { Finding, SignatureCheck, TrustAnchors } from '../types.js';
import { toReasons } from '../types.js';
import { checkLongTermRevisions } from './long-term.js';

/** The strict check of a sealed file, with what the long-term check needs about its seal. */
export interface SealedFileCheck extends SignatureCheck {
  seal?: { signer: CertificateFacts; certificates: CertificateFacts[]; at?: Date; tsaValidUntil?: Date };
}

const publicPart = ({ seal: _seal, ...check }: SealedFileCheck): SignatureCheck => check;

/** Where the sealed revision ends: the end of the file's first byte range (our seal is its first signature). */
/** Where the seal's byte range ends when bytes follow it (long-term updates or worse); undefined otherwise. */
export function sealEndOf(pdf: Buffer): number | undefined {
  const [first] = byteRangeKeyOffsets(pdf);
  if (first === undefined) return undefined;
  const lookup = findSignatureDictionary(pdf.subarray(0, pdf.indexOf('%%EOF', first) + 5));
  if (lookup.kind !== 'found') return undefined;
  const ranges = readByteRange(lookup.dictionary);
  if (!Array.isArray(ranges)) return undefined;
  const end = (ranges[2] ?? 0) + (ranges[3] ?? 0);
  return end > 0 && end < pdf.length ? end : undefined;
}

/** The long-term reading: VALID with its level, or the findings against the later revisions; undefined if no seal. */
function longTermCheck(
  pdf: Buffer,
  sealEnd: number,
  trust: TrustAnchors,
  strict: (file: Buffer) => SealedFileCheck,
): { valid: SignatureCheck['signature'] } | { findings: Finding[] } | undefined {
  const sealed = strict(pdf.subarray(0, sealEnd));
  const seal = sealed.seal;
  const path =
    sealed.status === 'VALID' && seal
      ? buildPath(
          seal.signer.x509,
          seal.certificates.filter((item) => item !== seal.signer).map((item) => item.x509),
          parseAnchors(trust),
        )
      : undefined;
  if (!path || !seal?.at || !sealed.signature) return undefined;
  try {
    const level = sealed.signature.level ?? 'B-B';
    const facts = {
      path,
      at: seal.at,
      level,
      ...(seal.tsaValidUntil ? { tsaValidUntil: seal.tsaValidUntil } : {}),
    };
    const later = checkLongTermRevisions(new PdfDocument(pdf), sealEnd, trust, facts);
    if (later.findings.length > 0) return { findings: later.findings };
    // Nothing but checked long-term validation data follows the seal: for the client the seal covers the
    // document (the API's meaning of `coversWholeDocument`); `signatures[]` keeps each byte range exactly.
    return { valid: { ...sealed.signature, coversWholeDocument: true, level: later.level } };
  } catch {
    return undefined; // every reader is bounded and catches its own errors; a bug must not be VALID
  }
}

/** The strict verdict on `pdf`, or VALID with the level when it is a sealed licence plus long-term updates. */
export function withLongTermUpdates(
  pdf: Buffer,
  trust: TrustAnchors,
  strict: (file: Buffer) => SealedFileCheck,
): SignatureCheck {
  const sealEnd = sealEndOf(pdf);
  // The seal's byte range ends before the file does: read the sealed revision and what follows it first.
  const extended = sealEnd === undefined ? undefined : longTermCheck(pdf, sealEnd, trust, strict);
  if (extended && 'valid' in extended && extended.valid) {
    const sha256 = createHash('sha256').update(pdf).digest('hex');
    return { status: 'VALID', reasons: [], signature: extended.valid, sha256 };
  }
  const whole = strict(pdf);
  if (extended && 'findings' in extended)
    return { ...publicPart(whole), reasons: [...whole.reasons, ...toReasons(extended.findings)] };
  return publicPart(whole);
}
