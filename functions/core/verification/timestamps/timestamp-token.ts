/**
 * Whether an RFC 3161 time-stamp token can be trusted for the bytes it claims to time: its CMS is intact
 * (messageDigest over the TSTInfo, signature by the certificate the ESS signing-certificate attribute names),
 * its message imprint is the hash of exactly those bytes, its certificate is a TSA's (RFC 3161 §2.3: one
 * extended key usage, id-kp-timeStamping, critical) chaining to a time-stamping trust anchor, and every
 * certificate of that path was valid at the token's genTime. Pure; never throws.
 */
import { createHash, type X509Certificate } from 'node:crypto';
import asn1 from 'node-forge/lib/asn1.js';
import { type Asn1, children, decodeDer, oidOf, primitiveBytes } from '../../pki/der.js';
import { type CertificateFacts, sameBytes } from '../certificate-facts.js';
import { buildPath, parseAnchors } from '../certificate-path.js';
import { matchesSid, readCertificates, signatureFindings } from '../cms-checks.js';
import { type Attribute, OIDS, parseSignedData, type SignedData } from '../cms-signed-data.js';
import { type Finding, finding } from '../types.js';
import { imprintOf, readTstInfo, type TstInfo } from './tst-info.js';

/** What the check established about one token. */
export interface TimestampCheck {
  findings: Finding[];
  /** genTime, when the token could be read. */
  time?: Date;
  /** The TSA certificate, when found. */
  tsa?: CertificateFacts;
  /** TSA certificate → … → anchor, when the TSA chains to a time-stamping anchor. */
  path?: X509Certificate[];
}

/** Names a finding by which token it is about, e.g. `签名时间戳` / `the signature time-stamp`. */
export interface TokenLabel {
  zh: string;
  en: string;
}

const TIME_STAMPING = '1.3.6.1.5.5.7.3.8';
const EXTENDED_KEY_USAGE = '2.5.29.37';

const validAt = (certificate: X509Certificate, at: Date): boolean =>
  new Date(certificate.validFrom).getTime() <= at.getTime() &&
  at.getTime() <= new Date(certificate.validTo).getTime();

/** The extension `id` of a certificate with its critical flag (RFC 5280 §4.1: Extension). */
function extensionOf(der: Uint8Array, id: string): { critical: boolean; value: Uint8Array } | undefined {
  const tbs = children(children(decodeDer(der))[0]);
  const wrapper = tbs.find((node) => node.tagClass === asn1.Class.CONTEXT_SPECIFIC && node.type === 3);
  if (!wrapper) return undefined;
  for (const extension of children(children(wrapper)[0])) {
    const parts = children(extension);
    if (oidOf(parts[0]) !== id) continue;
    const critical = parts.length === 3 && primitiveBytes(parts[1])[0] === 0xff;
    return { critical, value: primitiveBytes(parts[parts.length - 1]) };
  }
  return undefined;
}

/** RFC 3161 §2.3: the TSA certificate's one EKU is id-kp-timeStamping, and the extension is critical. */
export function isTimeStampingCertificate(certificate: CertificateFacts): boolean {
  try {
    const eku = extensionOf(certificate.der, EXTENDED_KEY_USAGE);
    if (!eku?.critical) return false;
    const purposes = children(decodeDer(eku.value)).map((node) => oidOf(node));
    const usage = certificate.keyUsage;
    const signs = !usage || usage.has('digitalSignature') || usage.has('nonRepudiation');
    return purposes.length === 1 && purposes[0] === TIME_STAMPING && signs;
  } catch {
    return false;
  }
}

function attribute(attributes: Attribute[], type: string): Asn1 | undefined {
  const found = attributes.filter((item) => item.type === type);
  return found.length === 1 && found[0]?.values.length === 1 ? found[0].values[0] : undefined;
}

/** RFC 3161 §2.4.1 / RFC 5035: the first ESSCertID(v2) of the signing-certificate attribute is the TSA's. */
function namesSigner(attributes: Attribute[], signer: CertificateFacts): boolean {
  const v2 = attribute(attributes, OIDS.signingCertificateV2);
  const v1 = attribute(attributes, OIDS.signingCertificate);
  try {
    const value = v2 ?? v1;
    if (!value) return false;
    const first = children(children(children(value)[0])[0]);
    const hasAlgorithm = v2 !== undefined && first[0]?.type === asn1.Type.SEQUENCE;
    const hash = v2 ? (hasAlgorithm ? oidOf(children(first[0])[0]) : OIDS.sha256) : 'sha1';
    const name = hash === OIDS.sha256 ? 'sha256' : hash === 'sha1' ? 'sha1' : undefined;
    if (!name) return false;
    const expected = createHash(name).update(signer.der).digest();
    return sameBytes(primitiveBytes(first[hasAlgorithm ? 1 : 0]), expected);
  } catch {
    return false;
  }
}

type Fail = (code: string, status: Finding['status'], zh: string, en: string) => Finding;

/** The CMS of the token: one SignerInfo over the TSTInfo, by a certificate it carries. */
function checkTokenCms(data: SignedData, fail: Fail): { findings: Finding[]; signer?: CertificateFacts } {
  const { certificates } = readCertificates(data);
  const [info, ...others] = data.signerInfos;
  const attributes = info?.signedAttributes;
  const eContent = data.eContent;
  if (!info || others.length > 0 || !attributes || data.eContentType !== OIDS.tstInfo || !eContent)
    return { findings: [fail('TIMESTAMP_MALFORMED', 'TAMPERED', '格式错误', 'is malformed')] };
  const findings: Finding[] = [];
  const contentType = attribute(attributes, OIDS.contentType);
  const digest = attribute(attributes, OIDS.messageDigest);
  const expected = createHash('sha256').update(eContent).digest();
  const sha256 = info.digestAlgorithm.oid === OIDS.sha256;
  if (
    !sha256 ||
    !contentType ||
    oidOf(contentType) !== OIDS.tstInfo ||
    !digest ||
    !sameBytes(primitiveBytes(digest), expected)
  )
    findings.push(
      fail('TIMESTAMP_SIGNATURE_INVALID', 'TAMPERED', '的签名与其内容不符', 'does not match its content'),
    );
  const signer = certificates.find((certificate) => matchesSid(certificate, info.sid));
  if (!signer) {
    findings.push(
      fail('TIMESTAMP_UNTRUSTED', 'UNKNOWN_SIGNER', '缺少时间戳服务证书', 'lacks its TSA certificate'),
    );
    return { findings };
  }
  const signature = signatureFindings(info, signer);
  if (signature.findings.length > 0 || !namesSigner(attributes, signer))
    findings.push(
      fail(
        'TIMESTAMP_SIGNATURE_INVALID',
        'TAMPERED',
        '的签名值验证失败',
        'has a signature that does not verify',
      ),
    );
  return { findings, signer };
}

/** The TSA's certificate: its usage, its path to a time-stamping anchor, its validity at genTime. */
function checkTsa(
  signer: CertificateFacts,
  data: SignedData,
  anchors: readonly Uint8Array[],
  time: Date,
  fail: Fail,
): { findings: Finding[]; path?: X509Certificate[] } {
  const findings: Finding[] = [];
  if (!isTimeStampingCertificate(signer))
    findings.push(
      fail(
        'TIMESTAMP_CERTIFICATE_USAGE',
        'UNKNOWN_SIGNER',
        '的证书不是时间戳服务证书（缺少关键的 timeStamping 扩展用途）',
        'was not made by a time-stamping certificate (critical timeStamping EKU)',
      ),
    );
  const pool = readCertificates(data)
    .certificates.filter((certificate) => certificate !== signer)
    .map((certificate) => certificate.x509);
  const path = buildPath(signer.x509, pool, parseAnchors({ roots: [...anchors] }));
  if (!path) {
    findings.push(
      fail(
        'TIMESTAMP_UNTRUSTED',
        'UNKNOWN_SIGNER',
        '不是由受信任的时间戳服务签发',
        'is not from a trusted time-stamping authority',
      ),
    );
    return { findings };
  }
  if (!path.every((certificate) => validAt(certificate, time)))
    findings.push(
      fail(
        'TIMESTAMP_CERTIFICATE_NOT_VALID',
        'UNKNOWN_SIGNER',
        '的证书在时间戳时间不在有效期内',
        'was made with a certificate not valid at its time',
      ),
    );
  return { findings, path };
}

/**
 * Check `token` (DER ContentInfo) as a time-stamp over `data` (the bytes whose hash the imprint must be),
 * trusting TSAs that chain to `anchors`.
 */
export function checkTimestampToken(
  token: Uint8Array,
  data: Uint8Array[],
  anchors: readonly Uint8Array[],
  label: TokenLabel,
): TimestampCheck {
  const fail: Fail = (code, status, zh, en) => finding(code, status, `${label.zh}${zh}`, `${label.en} ${en}`);
  let parsed: { data: SignedData; info: TstInfo } | undefined;
  try {
    const signed = parseSignedData(token);
    parsed = signed.eContent ? { data: signed, info: readTstInfo(signed.eContent) } : undefined;
  } catch {
    parsed = undefined;
  }
  if (!parsed)
    return { findings: [fail('TIMESTAMP_MALFORMED', 'TAMPERED', '格式错误，无法读取', 'is malformed')] };
  const { data: signedData, info } = parsed;
  const cms = checkTokenCms(signedData, fail);
  const findings = [...cms.findings];
  const expected = imprintOf(info, data);
  if (!expected || !sameBytes(expected, info.imprint))
    findings.push(
      fail(
        'TIMESTAMP_MISMATCH',
        'TAMPERED',
        '不是对这份签名（内容）所加盖的',
        'was not made over these bytes (message imprint mismatch)',
      ),
    );
  if (!cms.signer) return { findings, time: info.genTime };
  const tsa = checkTsa(cms.signer, signedData, anchors, info.genTime, fail);
  findings.push(...tsa.findings);
  return { findings, time: info.genTime, tsa: cms.signer, ...(tsa.path ? { path: tsa.path } : {}) };
}
