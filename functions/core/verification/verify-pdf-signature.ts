/**
 * The cryptographic verifier of sealed licences: given the bytes of an uploaded PDF and the roots of our
 * seal chain, says whether its one PAdES signature is intact, covers the whole file and was made by us.
 * Pure and bounded: no I/O, linear scans, capped parsers, and nothing it reads can make it throw.
 */
import { createHash } from 'node:crypto';
import type { CertificateFacts } from './certificate-facts.js';
import { checkTrust } from './certificate-path.js';
import { checkSignerInfo } from './cms-checks.js';
import { parseSignedData, type SignedData, type SignerInfo } from './cms-signed-data.js';
import {
  type ByteRangeNumbers,
  checkCoverage,
  readByteRange,
  readContents,
  signedRegions,
} from './coverage.js';
import { measureDer } from './der-structure.js';
import { parsePdfDate } from './pdf-date.js';
import { type PdfDict, PdfName, PdfString } from './pdf-object-reader.js';
import { findSignatureDictionary } from './signature-dictionary.js';
import { type SealedFileCheck, withLongTermUpdates } from './timestamps/own-seal-updates.js';
import {
  checkSealedBeforeTimestamp,
  checkSignatureTimestamp,
  type SealTimestamp,
} from './timestamps/signature-timestamp.js';
import {
  type Finding,
  finding,
  type SignatureCheck,
  type SignatureSummary,
  statusOf,
  type TrustAnchors,
  toReasons,
  type VerifyOptions,
} from './types.js';

/** The upload limit of `POST /v1/verifications`. */
export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
/** The PDF header may follow some junk, but not much (ISO 32000-1 Annex H.3 tolerates up to 1024 bytes). */
const HEADER_WINDOW = 1024;
/** Bounds for the CMS walk: our CMS nests 11 deep and has ~150 elements; foreign ones a few times that. */
// A seal with a signature time-stamp nests the token (a CMS with its TSA chain) inside an unsigned attribute.
const DER_LIMITS = { maxDepth: 32, maxElements: 20_000 };
const SUBFILTER = 'ETSI.CAdES.detached';

const malformed = (code: string, zh: string, en: string): Finding => finding(code, 'MALFORMED', zh, en);

/** The whole-file checks that decide whether there is a signature dictionary to look at. */
function checkEnvelope(pdf: Buffer, maxBytes: number): Finding | undefined {
  if (pdf.length > maxBytes) {
    return malformed(
      'FILE_TOO_LARGE',
      `文件超过 ${maxBytes} 字节的上限`,
      `The file is larger than the limit of ${maxBytes} bytes`,
    );
  }
  const header = pdf.indexOf('%PDF-');
  if (header < 0 || header > HEADER_WINDOW) {
    return malformed('NOT_A_PDF', '文件不是 PDF 文档', 'The file is not a PDF document');
  }
  if (pdf.lastIndexOf('%%EOF') < 0) {
    return malformed(
      'PDF_INCOMPLETE',
      'PDF 文件不完整（缺少结束标记），可能被截断',
      'The PDF is incomplete (no end-of-file marker); it may have been cut short',
    );
  }
  return undefined;
}

function signingTime(dictionary: PdfDict): Date | undefined {
  const value = dictionary.get('M');
  return value instanceof PdfString && value.bytes
    ? parsePdfDate(Buffer.from(value.bytes).toString('latin1'))
    : undefined;
}

/** The CMS DER inside /Contents, or the finding that says why there is none; checks the zero padding. */
function cmsOf(contents: Uint8Array, findings: Finding[]): Uint8Array | undefined {
  if (contents.every((byte) => byte === 0)) {
    findings.push(
      malformed(
        'SIGNATURE_EMPTY',
        '签名值为空，文件未完成盖章',
        'The signature value is empty; sealing was never completed',
      ),
    );
    return undefined;
  }
  let length: number;
  try {
    length = measureDer(contents, DER_LIMITS);
  } catch {
    findings.push(
      malformed(
        'CMS_MALFORMED',
        '签名数据格式错误，无法读取',
        'The signature data is malformed and cannot be read',
      ),
    );
    return undefined;
  }
  // pdfsig and others ignore what follows the DER; we do not, or it could carry anything unsigned.
  if (!contents.subarray(length).every((byte) => byte === 0)) {
    findings.push(
      finding(
        'CONTENTS_PADDING_NOT_ZERO',
        'TAMPERED',
        '签名值之后的填充区被写入了数据',
        'Data was written into the padding after the signature value',
      ),
    );
  }
  return contents.subarray(0, length);
}

function summary(
  signer: CertificateFacts,
  algorithm: string | undefined,
  signedAt: Date | undefined,
  covers: boolean,
  timestamp: SealTimestamp | undefined,
): SignatureSummary {
  return {
    signer: signer.commonName,
    ...(signedAt ? { signedAt: signedAt.toISOString() } : {}),
    coversWholeDocument: covers,
    algorithm: algorithm ?? 'unsupported',
    certificateSerial: signer.serialHex,
    level: timestamp ? 'B-T' : 'B-B',
    ...(timestamp ? { timestamp: { time: timestamp.time.toISOString(), tsa: timestamp.tsa } } : {}),
  };
}

/** The CMS DER to check, or undefined when the findings already say all there is to say. */
function signatureValueOf(
  dictionary: PdfDict,
  contents: PdfString,
  findings: Finding[],
): Uint8Array | undefined {
  if (!contents.bytes) {
    findings.push(
      malformed('CONTENTS_TOO_LARGE', '签名值大得不合理', 'The signature value is unreasonably large'),
    );
    return undefined;
  }
  if (!contents.canonicalHex) {
    // Mixed letter case or white space would decode to the same CMS from different file bytes.
    findings.push(
      finding(
        'CONTENTS_INVALID',
        'TAMPERED',
        '签名值不是规范的十六进制数据',
        'The signature value is not canonical hexadecimal',
      ),
    );
  }
  const subFilter = dictionary.get('SubFilter');
  const format = subFilter instanceof PdfName ? subFilter.name : undefined;
  if (format !== SUBFILTER) {
    findings.push(
      finding(
        'SUBFILTER_UNSUPPORTED',
        'UNKNOWN_SIGNER',
        '签名格式不是本系统使用的 PAdES 格式，不是本系统盖章的文件',
        'The signature format is not the PAdES format this system uses; not sealed by this system',
      ),
    );
    // adbe.pkcs7.detached is the same detached CMS, so its integrity can still be reported; other formats not.
    if (format !== 'adbe.pkcs7.detached') return undefined;
  }
  return cmsOf(contents.bytes, findings);
}

function parseCms(der: Uint8Array, findings: Finding[]): SignedData | undefined {
  try {
    return parseSignedData(der);
  } catch {
    findings.push(
      malformed(
        'CMS_MALFORMED',
        '签名数据格式错误，无法读取',
        'The signature data is malformed and cannot be read',
      ),
    );
    return undefined;
  }
}

const digestOf = (regions: Uint8Array[] | undefined): Uint8Array | undefined => {
  if (!regions) return undefined;
  const hash = createHash('sha256');
  for (const region of regions) hash.update(region);
  return new Uint8Array(hash.digest());
};

/** Everything after the signature dictionary was found: coverage, CMS, integrity, trust. */
function checkSignature(
  pdf: Buffer,
  dictionary: PdfDict,
  trust: TrustAnchors,
): Omit<SealedFileCheck, 'sha256'> {
  const findings: Finding[] = [];
  const rangesOrFinding = readByteRange(dictionary);
  const ranges = Array.isArray(rangesOrFinding) ? (rangesOrFinding as ByteRangeNumbers) : undefined;
  const contents = readContents(dictionary);
  if (!ranges) findings.push(rangesOrFinding as Finding);
  if (!(contents instanceof PdfString)) findings.push(contents);
  else if (ranges) findings.push(...checkCoverage(pdf.length, ranges, contents));
  const covers = findings.length === 0;
  const done = () => ({ status: statusOf(findings), reasons: toReasons(findings) });
  const der = contents instanceof PdfString ? signatureValueOf(dictionary, contents, findings) : undefined;
  const data = der && parseCms(der, findings);
  if (!data) return done();
  const checked = checkSignerInfo(data, digestOf(ranges && signedRegions(pdf, ranges)));
  findings.push(...checked.findings);
  if (!checked.signer) return done();
  const signedAt = signingTime(dictionary);
  const stamp =
    data.signerInfos.length === 1
      ? checkSignatureTimestamp(data.signerInfos[0] as SignerInfo, trust)
      : undefined;
  findings.push(...(stamp?.findings ?? []));
  const timestamp = stamp?.timestamp;
  if (timestamp) findings.push(...checkSealedBeforeTimestamp(signedAt, timestamp));
  // With a trusted time-stamp the chain is judged when the seal provably existed, not at the claimed /M.
  findings.push(...checkTrust(checked.signer, checked.certificates, trust, timestamp?.time ?? signedAt));
  const at = timestamp?.time ?? signedAt;
  return {
    ...done(),
    signature: summary(checked.signer, checked.algorithm, signedAt, covers, timestamp),
    seal: {
      signer: checked.signer,
      certificates: checked.certificates,
      ...(at ? { at } : {}),
      ...(timestamp ? { tsaValidUntil: timestamp.tsaValidUntil } : {}),
    },
  };
}

/**
 * The strict policy of our own licences: VALID only if the sealed file has exactly one signature, its byte
 * range covers the whole sealed file but the signature value, the CMS is intact and signed by a certificate
 * chaining to a trust anchor that was valid at the signature time-stamp's time (else at /M); after the sealed
 * file only long-term-trust updates (DSS, document time-stamps) may follow (timestamps/long-term.ts).
 * Never throws; hostile input yields MALFORMED or TAMPERED.
 */
export function checkOwnSeal(
  bytes: Uint8Array,
  trust: TrustAnchors,
  options: VerifyOptions = {},
): SignatureCheck {
  const pdf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return withLongTermUpdates(pdf, trust, (file) => checkSealedFile(file, trust, options));
}

/** `checkOwnSeal` of one sealed file, with no update after the seal allowed. */
function checkSealedFile(pdf: Buffer, trust: TrustAnchors, options: VerifyOptions): SealedFileCheck {
  const sha256 = createHash('sha256').update(pdf).digest('hex');
  try {
    const envelope = checkEnvelope(pdf, options.maxBytes ?? DEFAULT_MAX_BYTES);
    if (envelope) return { status: envelope.status, reasons: toReasons([envelope]), sha256 };
    const lookup = findSignatureDictionary(pdf);
    if (lookup.kind === 'none') {
      const none = finding(
        'NO_SIGNATURE',
        'NOT_SIGNED',
        '文件没有电子签章',
        'The file carries no electronic seal',
      );
      return { status: 'NOT_SIGNED', reasons: toReasons([none]), sha256 };
    }
    if (lookup.kind === 'multiple') {
      const many = finding(
        'MULTIPLE_SIGNATURES',
        'TAMPERED',
        `文件在盖章后被修改：含有 ${lookup.count} 个签名，本系统的证照只有一个`,
        `Modified after sealing: the file has ${lookup.count} signatures, our licences have one`,
      );
      return { status: 'TAMPERED', reasons: toReasons([many]), sha256 };
    }
    if (lookup.kind === 'unreadable') {
      const unreadable = malformed(
        'SIGNATURE_DICTIONARY_UNREADABLE',
        '无法读取签名字典',
        'The signature dictionary cannot be read',
      );
      return { status: 'MALFORMED', reasons: toReasons([unreadable]), sha256 };
    }
    return { ...checkSignature(pdf, lookup.dictionary, trust), sha256 };
  } catch {
    // Defence in depth: every parser above is bounded and catches its own errors; anything left is a bug
    // that must still not become a 500 for the citizen.
    const failed = malformed('VERIFICATION_FAILED', '无法检查此文件', 'This file could not be checked');
    return { status: 'MALFORMED', reasons: toReasons([failed]), sha256 };
  }
}
