/**
 * The integrity of any issuer's CMS signature over the bytes of a PDF revision (RFC 5652 §5.4–5.6; for a
 * document time-stamp RFC 3161's message imprint): tolerant of BER, of every common algorithm and of the
 * older adbe.pkcs7.sha1 form. It answers only "do these bytes match this signature", and says so plainly
 * when it cannot tell (an algorithm it does not know), which is not the same as "modified".
 */
import { X509Certificate } from 'node:crypto';
import { type BerNode, contentOf, oidText, rawOf, readBer } from './ber.js';

/** What the check established. */
export interface CmsIntegrity {
  /** INTACT: digest and signature verify; BROKEN: they do not; UNCHECKABLE: cannot tell; UNREADABLE: no CMS. */
  outcome: 'INTACT' | 'BROKEN' | 'UNCHECKABLE' | 'UNREADABLE';
  detail: string;
  signer?: X509Certificate;
  certificates: X509Certificate[];
  algorithm?: string;
  /** A document time-stamp's genTime, or a signing-time attribute. */
  time?: Date;
}

const OID = {
  signedData: '1.2.840.113549.1.7.2',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
};
const MAX_CERTIFICATES = 64;

interface Parsed {
  bytes: Uint8Array;
  signerInfo: BerNode;
  certificates: X509Certificate[];
  eContentType: string;
  eContent?: Uint8Array;
}

const isContext = (node: BerNode | undefined, tag: number) => node?.tagClass === 2 && node.tag === tag;

function parse(bytes: Uint8Array): Parsed | undefined {
  const info = readBer(bytes);
  if (oidText(bytes, info.children[0]) !== OID.signedData) return undefined;
  const signedData = info.children[1]?.children[0];
  const parts = signedData?.children ?? [];
  const encap = parts[2];
  const certificateSet = parts.find((node, index) => index > 2 && isContext(node, 0));
  const signerInfos = parts[parts.length - 1];
  const signerInfo = signerInfos?.children[0];
  if (!encap || !signerInfo) return undefined;
  const eContentNode = isContext(encap.children[1], 0) ? encap.children[1]?.children[0] : undefined;
  const certificates: X509Certificate[] = [];
  for (const node of (certificateSet?.children ?? []).slice(0, MAX_CERTIFICATES)) {
    if (node.tagClass !== 0) continue;
    try {
      certificates.push(new X509Certificate(Buffer.from(rawOf(bytes, node))));
    } catch {
      // an attribute certificate or unreadable entry: not a candidate signer
    }
  }
  return {
    bytes,
    signerInfo,
    certificates,
    eContentType: oidText(bytes, encap.children[0]),
    ...(eContentNode ? { eContent: contentOf(bytes, eContentNode) } : {}),
  };
}

/** The signer certificate named by the SignerInfo's sid (issuerAndSerialNumber or subjectKeyIdentifier). */
function findSigner(parsed: Parsed): X509Certificate | undefined {
  const { bytes, signerInfo } = parsed;
  const sid = signerInfo.children[1];
  if (!sid) return undefined;
  if (isContext(sid, 0)) {
    const ski = Buffer.from(contentOf(bytes, sid)).toString('hex');
    return parsed.certificates.find((certificate) => keyIdOf(certificate) === ski);
  }
  const serial = sid.children[1];
  if (!serial) return undefined;
  const serialHex = Buffer.from(contentOf(bytes, serial))
    .toString('hex')
    .replace(/^(00)+(?=.)/, '')
    .toUpperCase();
  const issuer = Buffer.from(rawOf(bytes, sid.children[0] ?? sid));
  return parsed.certificates.find(
    (certificate) =>
      certificate.serialNumber.replace(/^(00)+(?=.)/, '').toUpperCase() === serialHex &&
      issuerBytes(certificate).equals(issuer),
  );
}

function issuerBytes(certificate: X509Certificate): Buffer {
  const tbs = readBer(certificate.raw).children[0];
  const fields = tbs?.children ?? [];
  const offset = isContext(fields[0], 0) ? 1 : 0;
  const issuer = fields[offset + 2];
  return issuer ? Buffer.from(rawOf(certificate.raw, issuer)) : Buffer.alloc(0);
}

function keyIdOf(certificate: X509Certificate): string | undefined {
  // The SKI extension (2.5.29.14) is an OCTET STRING inside an OCTET STRING; scan the raw bytes for it.
  const raw = Buffer.from(certificate.raw);
  const at = raw.indexOf(Buffer.from([0x06, 0x03, 0x55, 0x1d, 0x0e]));
  if (at < 0) return undefined;
  try {
    const outer = readBer(raw.subarray(at + 5));
    const inner = readBer(contentOf(raw.subarray(at + 5), outer));
    return Buffer.from(contentOf(contentOf(raw.subarray(at + 5), outer), inner)).toString('hex');
  } catch {
    return undefined;
  }
}

export { findSigner, OID, type Parsed, parse };
