/**
 * Our strict policy, extended only by long-term-trust updates (ETSI EN 319 142-1 §5.4–5.5): after the
 * sealed revision, incremental updates may add a Document Security Store (/DSS with its VRI, certificates,
 * CRLs, OCSP responses) and document time-stamps (/DocTimeStamp, ETSI.RFC3161), and nothing else. The catalog
 * may differ only in /DSS, /AcroForm and /Extensions; the page tree must be untouched (no object reachable
 * from it rewritten); the form only gains time-stamp fields; every later signature is an intact document
 * time-stamp from a trusted TSA. Then the level: B-LT when the DSS proves the seal chain unrevoked at the
 * seal's time, B-LTA when a document time-stamp also covers that DSS.
 */
import type { X509Certificate } from 'node:crypto';
import { RevisionComparer } from '../changes/deep-compare.js';
import { referencesIn } from '../changes/dirty-objects.js';
import { analyseLaterChanges } from '../changes/later-changes.js';
import { readByteRange, readContents, signedRegions } from '../coverage.js';
import { measureDer } from '../der-structure.js';
import { PdfStream } from '../document/indirect-object.js';
import type { PdfDocument, Revision } from '../document/pdf-document.js';
import { decodeStream } from '../document/stream-filters.js';
import { type PdfDict, PdfName, PdfRef, PdfString, type PdfValue } from '../pdf-object-reader.js';
import { findSignatures } from '../signatures/signature-fields.js';
import { type Finding, finding, type SignatureLevel, type TrustAnchors } from '../types.js';
import { type RevocationData, revocationStatus } from './revocation.js';
import { timestampAnchors } from './signature-timestamp.js';
import { checkTimestampToken, type TimestampCheck } from './timestamp-token.js';

/** What the sealed revision established: the seal's certificate path and the time it is judged at. */
export interface SealFacts {
  path: X509Certificate[];
  at: Date;
  level: SignatureLevel;
  /** The signature time-stamp's TSA certificate notAfter. */
  tsaValidUntil?: Date;
}

/** A trusted document time-stamp: the revision it covers, its time and its TSA certificate's end. */
interface DocStamp {
  revision: number;
  time: Date;
  tsaValidUntil: Date;
}

/** The verdict on the revisions after the seal. */
export interface LongTermCheck {
  findings: Finding[];
  level: SignatureLevel;
}

const PDF_WHITESPACE = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const CATALOG_LTV_KEYS = new Set(['DSS', 'AcroForm', 'Extensions', 'Pages']);
const MAX_DSS_ITEMS = 64;

const modified = (where: string): Finding =>
  finding(
    'MODIFIED_AFTER_SEALING',
    'TAMPERED',
    `盖章后追加的修订不只是长期验证数据或文档时间戳（${where}）`,
    `A revision added after sealing is not only long-term validation data or a document time-stamp (${where})`,
  );

/** Object numbers reachable from `start` in `revision` (bounded breadth-first walk). */
function reachable(doc: PdfDocument, revision: Revision, start: PdfValue[], limit = 20_000): Set<number> {
  const seen = new Set<number>();
  const queue = start.flatMap((value) => referencesIn(value));
  while (queue.length > 0 && seen.size < limit) {
    const num = queue.shift() as number;
    if (seen.has(num)) continue;
    seen.add(num);
    queue.push(...referencesIn(doc.object(num, revision)));
  }
  return seen;
}

/**
 * Every object written after the sealed revision is the catalog, the form dictionary, or new and part of the
 * DSS or of a new signature field: an update cannot hide anything else (an orphan object, a rewritten page).
 */
function writtenObjectFindings(doc: PdfDocument, sealed: Revision, final: Revision): Finding[] {
  const catalog = doc.catalog(final);
  const root = final.trailer?.get('Root');
  const form = catalog?.get('AcroForm');
  const oldFields = doc.resolve(
    doc.dict(doc.catalog(sealed)?.get('AcroForm'), sealed)?.get('Fields'),
    sealed,
  );
  const newFields = doc.resolve(doc.dict(form, final)?.get('Fields'), final);
  const known = new Set(Array.isArray(oldFields) ? referencesIn(oldFields) : []);
  const added = (Array.isArray(newFields) ? newFields : []).filter(
    (field) => !(field instanceof PdfRef && known.has(field.num)),
  );
  const allowedNew = reachable(doc, final, [catalog?.get('DSS') ?? null, ...added]);
  for (const num of final.entries.keys()) {
    const before = doc.entryKey(num, sealed);
    if (before === doc.entryKey(num, final)) continue;
    const fixed =
      (root instanceof PdfRef && num === root.num) || (form instanceof PdfRef && num === form.num);
    if (fixed || (before === undefined && allowedNew.has(num))) continue;
    return [modified(`object ${num}`)];
  }
  return [];
}

/** The catalog and page tree of `final` are those of `sealed` but for the long-term-validation keys. */
function catalogFindings(doc: PdfDocument, sealed: Revision, final: Revision): Finding[] {
  const compare = new RevisionComparer(doc, sealed, final);
  const before = doc.catalog(sealed);
  const after = doc.catalog(final);
  if (!before || !after) return [modified('/Root')];
  if (!compare.sameDict(before, after, CATALOG_LTV_KEYS)) return [modified('/Root')];
  if (!compare.identical(before.get('Pages'), after.get('Pages')) || compare.exhausted)
    return [modified('/Root/Pages')];
  const verdict = analyseLaterChanges(doc, sealed, final, { docMdp: 1, locked: () => false });
  return verdict.changes === 'DISALLOWED' ? [modified(verdict.where ?? '/Root')] : [];
}

const streamsOf = (doc: PdfDocument, final: Revision, value: PdfValue | undefined): Uint8Array[] => {
  const items = doc.resolve(value, final);
  if (!Array.isArray(items)) return [];
  return items.slice(0, MAX_DSS_ITEMS).flatMap((item) => {
    const stream = doc.resolve(item, final);
    if (!(stream instanceof PdfStream)) return [];
    try {
      return [decodeStream(stream, 1024 * 1024)];
    } catch {
      return [];
    }
  });
};

/** The DSS's revocation data (ETSI EN 319 142-1 §5.4.2.2: /CRLs and /OCSPs of the catalog's /DSS). */
export function dssRevocationData(doc: PdfDocument, final: Revision): RevocationData | undefined {
  const dss = doc.dict(doc.catalog(final)?.get('DSS'), final);
  if (!dss) return undefined;
  return {
    crls: streamsOf(doc, final, dss.get('CRLs')),
    ocspResponses: streamsOf(doc, final, dss.get('OCSPs')),
  };
}

/** A document time-stamp: its token is intact over its revision and from a trusted TSA. */
function docTimestampFindings(
  doc: PdfDocument,
  dictionary: PdfDict,
  trust: TrustAnchors,
  index: number,
): Finding[] | TimestampCheck {
  const label = { zh: `文档时间戳 #${index}`, en: `Document time-stamp #${index}` };
  const ranges = readByteRange(dictionary);
  const contents = readContents(dictionary);
  const type = dictionary.get('Type');
  const subFilter = dictionary.get('SubFilter');
  const isDocTimestamp =
    type instanceof PdfName &&
    type.name === 'DocTimeStamp' &&
    subFilter instanceof PdfName &&
    subFilter.name === 'ETSI.RFC3161';
  if (!isDocTimestamp || !Array.isArray(ranges) || !(contents instanceof PdfString) || !contents.bytes)
    return [modified(`${label.en}: not a document time-stamp`)];
  const [start1, length1, start2, length2] = ranges as readonly number[] as [number, number, number, number];
  const end = start2 + length2;
  const regions = signedRegions(doc.pdf, ranges as [number, number, number, number]);
  const atRevisionEnd = doc.revisions.some((revision) => revision.eof <= end && end <= revision.end);
  if (
    !regions ||
    start1 !== 0 ||
    start1 + length1 !== contents.start ||
    start2 !== contents.end ||
    !atRevisionEnd
  )
    return [
      finding(
        'GAP_NOT_CONTENTS',
        'TAMPERED',
        `${label.zh}的保护范围不是文件的一个完整版本`,
        `${label.en} does not cover one whole revision`,
      ),
    ];
  let der: Uint8Array;
  try {
    der = contents.bytes.subarray(0, measureDer(contents.bytes, { maxDepth: 32, maxElements: 20_000 }));
  } catch {
    return [finding('TIMESTAMP_MALFORMED', 'TAMPERED', `${label.zh}格式错误`, `${label.en} is malformed`)];
  }
  return checkTimestampToken(der, regions, timestampAnchors(trust), label);
}

/** Revision index holding `offset` as its end. */
const revisionAt = (doc: PdfDocument, end: number): number =>
  doc.revisions.findIndex((revision) => revision.eof <= end && end <= revision.end);

function signatureFindings(
  doc: PdfDocument,
  sealEnd: number,
  trust: TrustAnchors,
): { findings: Finding[]; stamps: DocStamp[] } {
  const final = doc.revisions[doc.revisions.length - 1] as Revision;
  const findings: Finding[] = [];
  const stamps: DocStamp[] = [];
  let seals = 0;
  for (const found of findSignatures(doc, final)) {
    const ranges = readByteRange(found.dictionary);
    const end = Array.isArray(ranges) ? (ranges[2] ?? 0) + (ranges[3] ?? 0) : -1;
    if (end === sealEnd) {
      seals++;
      continue;
    }
    const checked = docTimestampFindings(doc, found.dictionary, trust, stamps.length + 1);
    if (Array.isArray(checked)) {
      findings.push(...checked);
      continue;
    }
    findings.push(...checked.findings);
    if (checked.findings.length === 0 && checked.tsa && checked.time) {
      const tsaValidUntil = new Date(checked.tsa.x509.validTo);
      stamps.push({ revision: revisionAt(doc, end), time: checked.time, tsaValidUntil });
    }
  }
  stamps.sort((a, b) => a.revision - b.revision);
  if (seals !== 1) findings.push(modified('/AcroForm: the seal’s field'));
  return { findings, stamps };
}

/** Every certificate of the seal path below its anchor is shown not revoked at `at` by the DSS. */
function provenUnrevoked(
  data: RevocationData | undefined,
  seal: SealFacts,
): { revoked: boolean; proven: boolean } {
  if (!data) return { revoked: false, proven: false };
  let proven = seal.path.length > 1;
  for (let index = 0; index + 1 < seal.path.length; index++) {
    const status = revocationStatus(
      data,
      seal.path[index] as X509Certificate,
      seal.path[index + 1] as X509Certificate,
      seal.at,
    );
    if (status === 'REVOKED') return { revoked: true, proven: false };
    if (status !== 'GOOD') proven = false;
  }
  return { revoked: false, proven };
}

const REVOKED = finding(
  'SEAL_CERTIFICATE_REVOKED',
  'UNKNOWN_SIGNER',
  '文件所附的吊销信息表明签章证书在盖章时已被吊销',
  'The revocation data in the file shows the seal certificate was revoked at the time of sealing',
);

/**
 * B-LTA: a document time-stamp covers a revision that already holds the DSS, and each time-stamp was followed
 * by the next before its TSA certificate ended — the chain of proofs of existence has no gap.
 */
function archived(doc: PdfDocument, stamps: DocStamp[], seal: SealFacts): boolean {
  const dssFrom = doc.revisions.findIndex((revision) => doc.catalog(revision)?.get('DSS') !== undefined);
  if (dssFrom < 0 || !stamps.some((stamp) => stamp.revision >= dssFrom) || !seal.tsaValidUntil) return false;
  let until = seal.tsaValidUntil;
  for (const stamp of stamps) {
    if (stamp.time.getTime() > until.getTime()) return false;
    until = stamp.tsaValidUntil;
  }
  return true;
}

/**
 * Judge the revisions of `doc` after the one ending at `sealEnd` (our seal's) and the level they give.
 * `seal` comes from the strict check of the sealed revision, which was VALID.
 */
export function checkLongTermRevisions(
  doc: PdfDocument,
  sealEnd: number,
  trust: TrustAnchors,
  seal: SealFacts,
): LongTermCheck {
  const sealedIndex = revisionAt(doc, sealEnd);
  const final = doc.revisions[doc.revisions.length - 1];
  const sealed = doc.revisions[sealedIndex];
  if (!final || !sealed || sealed === final) return { findings: [modified('revisions')], level: seal.level };
  if (doc.revisions.slice(sealedIndex + 1).some((revision) => revision.reconstructed))
    return { findings: [modified('cross-reference')], level: seal.level };
  const findings = [...writtenObjectFindings(doc, sealed, final), ...catalogFindings(doc, sealed, final)];
  // Nothing but white space may follow the last revision: anything else is in no revision anyone can check.
  if (!doc.pdf.subarray(final.end).every((byte) => PDF_WHITESPACE.has(byte)))
    findings.push(modified('after %%EOF'));
  const signatures = signatureFindings(doc, sealEnd, trust);
  findings.push(...signatures.findings);
  const revocation = provenUnrevoked(dssRevocationData(doc, final), seal);
  if (revocation.revoked) findings.push(REVOKED);
  let level = seal.level;
  if (level === 'B-T' && revocation.proven) level = archived(doc, signatures.stamps, seal) ? 'B-LTA' : 'B-LT';
  return { findings, level };
}
