/**
 * Does the signer certificate belong to this system? It must chain to one of the trust anchors (issuer
 * signatures checked with node:crypto; intermediates may come from the CMS; depth bounded), every certificate
 * on the path must be valid at the claimed signing time (/M), and the signer's keyUsage must allow signing.
 */
import { X509Certificate } from 'node:crypto';
import { memoizeByBytes } from '../pki/parsed-cache.js';
import { type CertificateFacts, sameBytes } from './certificate-facts.js';
import { type Finding, finding, type TrustAnchors } from './types.js';

const MAX_INTERMEDIATES = 4;

const unknownSigner = (code: string, zh: string, en: string): Finding =>
  finding(code, 'UNKNOWN_SIGNER', zh, en);

const NOT_OURS = unknownSigner(
  'CERTIFICATE_UNTRUSTED',
  '签章证书不是本系统签发的',
  'Not sealed by this system: the seal certificate was not issued by our certificate authority',
);

const parseAnchor = memoizeByBytes((der) => new X509Certificate(Buffer.from(der)), 16);

/** The anchors that parse; an unparsable configured root can vouch for nothing, so it is skipped. */
export function parseAnchors(trust: Pick<TrustAnchors, 'roots'>): X509Certificate[] {
  const anchors: X509Certificate[] = [];
  for (const root of trust.roots) {
    try {
      anchors.push(parseAnchor(root));
    } catch {
      // skipped on purpose, see above
    }
  }
  return anchors;
}

const issues = (issuer: X509Certificate, subject: X509Certificate): boolean => {
  try {
    return subject.checkIssued(issuer) && subject.verify(issuer.publicKey);
  } catch {
    return false;
  }
};

/** Signer → intermediates → anchor, or undefined when no such path exists within the depth bound. */
export function buildPath(
  signer: X509Certificate,
  pool: X509Certificate[],
  anchors: X509Certificate[],
): X509Certificate[] | undefined {
  const path = [signer];
  for (let depth = 0; depth <= MAX_INTERMEDIATES; depth++) {
    const current = path[path.length - 1] as X509Certificate;
    const anchor = anchors.find((candidate) => issues(candidate, current));
    if (anchor) return [...path, anchor];
    const next = pool.find(
      (candidate) => candidate.ca && !path.includes(candidate) && issues(candidate, current),
    );
    if (!next) return undefined;
    path.push(next);
  }
  return undefined;
}

const validAt = (certificate: X509Certificate, at: Date): boolean =>
  new Date(certificate.validFrom).getTime() <= at.getTime() &&
  at.getTime() <= new Date(certificate.validTo).getTime();

/**
 * Findings about the signer's trust; empty when the signer is ours. `certificates` are all those in the CMS:
 * any that is neither on the path nor a trust anchor is reported, because a sealed licence carries only its
 * chain and an unchecked extra certificate is bytes nobody vouches for.
 */
export function checkTrust(
  signer: CertificateFacts,
  certificates: CertificateFacts[],
  trust: TrustAnchors,
  signedAt: Date | undefined,
): Finding[] {
  const findings: Finding[] = [];
  const usage = signer.keyUsage;
  if (!usage || !(usage.has('digitalSignature') || usage.has('nonRepudiation'))) {
    findings.push(
      unknownSigner(
        'CERTIFICATE_KEY_USAGE',
        '签章证书的用途不允许签章',
        'The seal certificate is not meant for signing (key usage)',
      ),
    );
  }
  const anchors = parseAnchors(trust);
  const pool = certificates
    .filter((certificate) => certificate !== signer)
    .map((certificate) => certificate.x509);
  const path = buildPath(signer.x509, pool, anchors);
  if (!path) return [...findings, NOT_OURS];
  if (!signedAt) {
    findings.push(
      unknownSigner(
        'SIGNING_TIME_MISSING',
        '签章时间缺失或无法识别，无法判断证书当时是否有效',
        'The signing time is missing or unreadable, so the certificate’s validity then cannot be checked',
      ),
    );
  } else if (!path.every((certificate) => validAt(certificate, signedAt))) {
    findings.push(
      unknownSigner(
        'CERTIFICATE_NOT_VALID_AT_SIGNING_TIME',
        '盖章时签章证书不在有效期内',
        'The seal certificate was not valid at the time of sealing',
      ),
    );
  }
  const extra = certificates.some(
    (certificate) =>
      !path.some((member) => sameBytes(member.raw, certificate.der)) &&
      !anchors.some((anchor) => sameBytes(anchor.raw, certificate.der)),
  );
  if (extra) {
    findings.push(
      finding(
        'EXTRA_CERTIFICATE',
        'TAMPERED',
        '签名数据中含有多余或被改动的证书',
        'The signature carries an extra or altered certificate',
      ),
    );
  }
  return findings;
}
