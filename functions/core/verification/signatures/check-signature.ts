/**
 * One signature of any issuer, checked over its own revision: its byte range must be `[0 a b c]` leaving
 * out exactly its /Contents and ending where a revision ends; its CMS must match those bytes; its signer is
 * placed as our own seal, a trusted issuer or unknown.
 */
import type { X509Certificate } from 'node:crypto';
import { buildPath, parseAnchors } from '../certificate-path.js';
import { readByteRange, readContents, signedRegions } from '../coverage.js';
import type { PdfDocument } from '../document/pdf-document.js';
import { parsePdfDate } from '../pdf-date.js';
import { PdfName, PdfString } from '../pdf-object-reader.js';
import type { SignatureReport, TrustAnchors } from '../types.js';
import { checkCmsIntegrity } from './cms-integrity.js';
import type { CmsIntegrity } from './foreign-cms.js';
import type { FoundSignature } from './signature-fields.js';

/** A signature report with what the verdict needs to explain itself. */
export interface CheckedSignature {
  report: SignatureReport;
  /** Index into `doc.revisions` of the covered revision, or -1. */
  revisionIndex: number;
  /** Why the byte range does not cover a revision, if it does not. */
  coverageProblem?: string;
  integrity: CmsIntegrity['outcome'] | 'NO_SIGNATURE_VALUE';
  integrityDetail: string;
  certificateSerial?: string;
  /** Every certificate the CMS carries. */
  certificates: X509Certificate[];
}

const nameOf = (value: unknown): string | undefined => (value instanceof PdfName ? value.name : undefined);

function coverage(doc: PdfDocument, found: FoundSignature) {
  const ranges = readByteRange(found.dictionary);
  const contents = readContents(found.dictionary);
  if (!Array.isArray(ranges)) return { problem: 'BYTE_RANGE_INVALID', revisionIndex: -1 };
  const [start1, length1, start2, length2] = ranges as readonly number[] as [number, number, number, number];
  const end = start2 + length2;
  const regions = signedRegions(doc.pdf, ranges as [number, number, number, number]);
  const revisionIndex = doc.revisions.findIndex((revision) => revision.eof <= end && end <= revision.end);
  let problem: string | undefined;
  if (!(contents instanceof PdfString)) problem = 'CONTENTS_INVALID';
  else if (start1 !== 0 || start1 + length1 !== contents.start || start2 !== contents.end)
    problem = 'GAP_NOT_CONTENTS';
  else if (!regions) problem = 'BYTE_RANGE_BEYOND_FILE';
  else if (revisionIndex < 0 && end !== doc.pdf.length) problem = 'BYTE_RANGE_NOT_A_REVISION';
  return {
    problem,
    revisionIndex: revisionIndex < 0 && !problem ? doc.revisions.length - 1 : revisionIndex,
    regions,
    contents,
    end,
  };
}

/** Our seal, a trusted issuer (and which), or unknown: by the chain the CMS carries. */
export function placeSigner(
  signer: X509Certificate | undefined,
  pool: X509Certificate[],
  trust: TrustAnchors,
): Pick<SignatureReport, 'signerTrust' | 'trustedIssuer'> {
  if (!signer) return { signerTrust: 'UNKNOWN' };
  const others = pool.filter((certificate) => certificate !== signer);
  if (buildPath(signer, others, parseAnchors(trust))) return { signerTrust: 'OWN_SEAL' };
  for (const issuer of trust.trustedIssuers ?? []) {
    if (buildPath(signer, others, parseAnchors(issuer)))
      return { signerTrust: 'TRUSTED_ISSUER', trustedIssuer: issuer.name };
  }
  return { signerTrust: 'UNKNOWN' };
}

const commonName = (certificate: X509Certificate): string => {
  const names = certificate.subject.split('\n').filter((line) => line.startsWith('CN='));
  return names.map((line) => line.slice(3)).join(' ') || certificate.subject.replace(/\n/g, ', ');
};

/** Check one signature found in `doc`. */
export function checkOneSignature(
  doc: PdfDocument,
  found: FoundSignature,
  trust: TrustAnchors,
): CheckedSignature {
  const { dictionary } = found;
  const kind =
    nameOf(dictionary.get('Type')) === 'DocTimeStamp' ||
    nameOf(dictionary.get('SubFilter')) === 'ETSI.RFC3161'
      ? 'DOC_TIMESTAMP'
      : 'SIGNATURE';
  const covered = coverage(doc, found);
  const contents = covered.contents instanceof PdfString ? covered.contents : undefined;
  const value = contents?.bytes && !contents.bytes.every((byte) => byte === 0) ? contents.bytes : undefined;
  const integrity = value && covered.regions ? checkCmsIntegrity(value, covered.regions) : undefined;
  const m = dictionary.get('M');
  const time =
    (m instanceof PdfString && m.bytes ? parsePdfDate(Buffer.from(m.bytes).toString('latin1')) : undefined) ??
    integrity?.time;
  const signer = integrity?.signer;
  const report: SignatureReport = {
    field: found.field,
    ...(signer ? { signer: commonName(signer) } : {}),
    ...(time ? { signedAt: time.toISOString() } : {}),
    revision: covered.revisionIndex + 1,
    coversRevision: !covered.problem,
    intact: !covered.problem && integrity?.outcome === 'INTACT',
    coversWholeDocument: !covered.problem && covered.end === doc.pdf.length,
    ...placeSigner(signer, integrity?.certificates ?? [], trust),
    laterChanges: 'NONE',
    kind,
    ...(integrity?.algorithm ? { algorithm: integrity.algorithm } : {}),
  };
  return {
    report,
    revisionIndex: covered.revisionIndex,
    ...(covered.problem ? { coverageProblem: covered.problem } : {}),
    integrity: integrity?.outcome ?? 'NO_SIGNATURE_VALUE',
    integrityDetail: integrity?.detail ?? 'SIGNATURE_EMPTY',
    ...(signer ? { certificateSerial: signer.serialNumber.toLowerCase() } : {}),
    certificates: integrity?.certificates ?? [],
  };
}
