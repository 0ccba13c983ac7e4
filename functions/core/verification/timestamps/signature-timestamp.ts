/**
 * PAdES B-T (ETSI EN 319 142-1 §5.3): the seal's SignerInfo carries, as its one kind of unsigned attribute,
 * an RFC 3161 signature time-stamp token over the signature value (RFC 3161 Appendix A). The token proves the
 * seal existed at its genTime, so the seal chain is judged at that time instead of the signer's own /M.
 */
import { encodeDer } from '../../pki/der.js';
import { OIDS, type SignerInfo } from '../cms-signed-data.js';
import { type Finding, finding, type TrustAnchors } from '../types.js';
import { checkTimestampToken, type TimestampCheck } from './timestamp-token.js';

/** A trusted signature time-stamp: when, and which TSA (its certificate's CN). */
export interface SealTimestamp {
  time: Date;
  tsa: string;
  /** The TSA certificate's notAfter: a document time-stamp must follow before it (B-LTA). */
  tsaValidUntil: Date;
}

/** Roots trusted for time-stamps: configured ones, else the seal roots (our local TSA chains to our root). */
export const timestampAnchors = (trust: TrustAnchors): readonly Uint8Array[] =>
  trust.timestampRoots ?? trust.roots;

/** How far /M may lie after the time-stamp: clocks of the sealing service and the TSA differ a little. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

const LABEL = { zh: '签名时间戳', en: 'The signature time-stamp' };

/** What the unsigned attributes say; `timestamp` only when every token checked out. */
export function checkSignatureTimestamp(
  info: SignerInfo,
  trust: TrustAnchors,
): { findings: Finding[]; timestamp?: SealTimestamp } {
  const attributes = info.unsignedAttributes ?? [];
  const findings: Finding[] = [];
  // Unsigned attributes sit in /Contents outside any signature: nothing but time-stamp tokens may hide there.
  if (attributes.some((attribute) => attribute.type !== OIDS.signatureTimeStampToken)) {
    findings.push(
      finding(
        'UNSIGNED_ATTRIBUTE_UNEXPECTED',
        'TAMPERED',
        '签名数据中含有未受保护的多余属性',
        'The signature data carries an unexpected unprotected attribute',
      ),
    );
  }
  const tokens = attributes
    .filter((attribute) => attribute.type === OIDS.signatureTimeStampToken)
    .flatMap((attribute) => attribute.values);
  if (tokens.length === 0) return { findings };
  const checks: TimestampCheck[] = tokens.map((token) =>
    checkTimestampToken(encodeDer(token), [info.signature], timestampAnchors(trust), LABEL),
  );
  for (const check of checks) findings.push(...check.findings);
  if (findings.length > 0) return { findings };
  // Several tokens: the earliest proves the most (ETSI EN 319 102-1 §5.6.2.1: the best signature time).
  const first = checks.reduce((a, b) => ((a.time?.getTime() ?? 0) <= (b.time?.getTime() ?? 0) ? a : b));
  if (!first.time || !first.tsa) return { findings };
  const tsaValidUntil = new Date(first.tsa.x509.validTo);
  return { findings, timestamp: { time: first.time, tsa: first.tsa.commonName, tsaValidUntil } };
}

/** /M must not claim a time after the time-stamp proved the seal existed. */
export function checkSealedBeforeTimestamp(signedAt: Date | undefined, timestamp: SealTimestamp): Finding[] {
  if (!signedAt || signedAt.getTime() <= timestamp.time.getTime() + CLOCK_SKEW_MS) return [];
  return [
    finding(
      'SIGNING_TIME_AFTER_TIMESTAMP',
      'TAMPERED',
      '签章时间晚于签名时间戳的时间，签章时间不可信',
      'The sealing time is later than the signature time-stamp; the sealing time cannot be true',
    ),
  ];
}
