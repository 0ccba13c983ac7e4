/**
 * How `checkOwnSeal` reads a licence that grew after sealing (PAdES B-LT/B-LTA): the sealed revision — the
 * bytes up to the end of the first signature's byte range — must pass the strict check on its own, exactly as
 * a freshly sealed licence does; what follows is judged by `checkLongTermRevisions`. A file that is neither
 * keeps the strict check's verdict on the whole, with the reasons the later revisions add.
 */

import type { CertificateFacts } from '../certificate-facts.js';
import { buildPath, parseAnchors } from '../certificate-path.js';
import { readByteRange } from '../coverage.js';
import { PdfDocument } from '../document/pdf-document.js';
import { byteRangeKeyOffsets, findSignatureDictionary } from '../signature-dictionary.js';
import type { SignatureCheck, TrustAnchors } from '../types.js';
import { toReasons } from '../types.js';
import { checkLongTermRevisions } from './long-term.js';

/** The strict check of a sealed file, with what the long-term check needs about its seal. */
export interface SealedFileCheck extends SignatureCheck {
  seal?: { signer: CertificateFacts; certificates: CertificateFacts[]; at?: Date };
}

/** Codes by which the strict check says something follows the seal (else there is nothing to extend). */
const EXTENDED = new Set(['TAIL_NOT_COVERED', 'MULTIPLE_SIGNATURES']);

const publicPart = ({ seal: _seal, ...check }: SealedFileCheck): SignatureCheck => check;

/** Where the sealed revision ends: the end of the file's first byte range (our seal is its first signature). */
function sealEndOf(pdf: Buffer): number | undefined {
  const [first] = byteRangeKeyOffsets(pdf);
  if (first === undefined) return undefined;
  const lookup = findSignatureDictionary(pdf.subarray(0, pdf.indexOf('%%EOF', first) + 5));
  if (lookup.kind !== 'found') return undefined;
  const ranges = readByteRange(lookup.dictionary);
  if (!Array.isArray(ranges)) return undefined;
  const end = (ranges[2] ?? 0) + (ranges[3] ?? 0);
  return end > 0 && end < pdf.length ? end : undefined;
}

/** The strict verdict on `pdf`, or VALID with the level when it is a sealed licence plus long-term updates. */
export function withLongTermUpdates(
  pdf: Buffer,
  trust: TrustAnchors,
  strict: (file: Buffer) => SealedFileCheck,
): SignatureCheck {
  const whole = strict(pdf);
  if (whole.status === 'VALID' || !whole.reasons.some((reason) => EXTENDED.has(reason.code)))
    return publicPart(whole);
  const sealEnd = sealEndOf(pdf);
  if (sealEnd === undefined) return publicPart(whole);
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
  if (!path || !seal?.at || !sealed.signature) return publicPart(whole);
  let later: ReturnType<typeof checkLongTermRevisions>;
  try {
    const level = sealed.signature.level ?? 'B-B';
    later = checkLongTermRevisions(new PdfDocument(pdf), sealEnd, trust, { path, at: seal.at, level });
  } catch {
    return publicPart(whole); // every reader is bounded and catches its own errors; a bug must not be VALID
  }
  if (later.findings.length > 0)
    return { ...publicPart(whole), reasons: [...whole.reasons, ...toReasons(later.findings)] };
  return {
    status: 'VALID',
    reasons: [],
    signature: { ...sealed.signature, coversWholeDocument: false, level: later.level },
    sha256: whole.sha256,
  };
}
