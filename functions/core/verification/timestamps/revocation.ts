/**
 * Revocation data a PDF carries for itself (PAdES B-LT: the DSS's CRLs and OCSP responses), checked offline:
 * a CRL (RFC 5280 §5) signed by the certificate's issuer, or an OCSP response (RFC 6960 §4.2) signed by the
 * issuer or by a responder certificate the issuer gave id-kp-OCSPSigning, that says the certificate was not
 * revoked at the time in question and was current then (its nextUpdate, if any, not before that time).
 * Pure: no network; anything unreadable simply vouches for nothing.
 */
import { createHash, verify, X509Certificate } from 'node:crypto';
import asn1 from 'node-forge/lib/asn1.js';
import { type Asn1, children, decodeDer, encodeDer, oidOf, primitiveBytes } from '../../pki/der.js';
import { sameBytes } from '../certificate-facts.js';
import { parseGeneralizedTime } from './tst-info.js';

const { Class, Type } = asn1;

/** What the revocation data says about one certificate at one time. */
export type RevocationStatus = 'GOOD' | 'REVOKED' | 'UNKNOWN';

/** DER revocation data, as found in a DSS. */
export interface RevocationData {
  crls: Uint8Array[];
  ocspResponses: Uint8Array[];
}

const OCSP_BASIC = '1.3.6.1.5.5.7.48.1.1';
const OCSP_SIGNING = '1.3.6.1.5.5.7.3.9';
const SIGNATURE_HASHES: Record<string, string> = {
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
};

function timeOf(node: Asn1 | undefined): Date | undefined {
  if (!node || node.tagClass !== Class.UNIVERSAL) return undefined;
  const text = Buffer.from(primitiveBytes(node)).toString('latin1');
  if (node.type === Type.GENERALIZEDTIME) return parseGeneralizedTime(text);
  if (node.type !== Type.UTCTIME || !/^\d{12}Z$/.test(text)) return undefined;
  const year = Number(text.slice(0, 2));
  return parseGeneralizedTime(`${year < 50 ? 20 : 19}${text}`);
}

/** The signature of a signed structure: [tbs, algorithm, BIT STRING] verifies with `key`. */
function signedBy(structure: Asn1[], key: X509Certificate): boolean {
  const [tbs, algorithm, value] = structure;
  const hash = SIGNATURE_HASHES[oidOf(children(algorithm)[0])];
  const bits = value ? primitiveBytes(value) : undefined;
  if (!tbs || !hash || !bits || bits[0] !== 0) return false;
  try {
    return verify(hash, encodeDer(tbs), key.publicKey, bits.subarray(1));
  } catch {
    return false;
  }
}

const integerBytes = (node: Asn1 | undefined): Buffer => {
  const bytes = Buffer.from(primitiveBytes(node));
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  return bytes.subarray(start);
};

const serialOf = (certificate: X509Certificate): Buffer =>
  integerBytes(
    asn1.create(
      Class.UNIVERSAL,
      Type.INTEGER,
      false,
      Buffer.from(certificate.serialNumber, 'hex').toString('latin1'),
    ),
  );

const current = (nextUpdate: Date | undefined, at: Date) =>
  !nextUpdate || at.getTime() <= nextUpdate.getTime();

/** A CRL's verdict on `subject` at `at`, or undefined when the CRL is not the issuer's or not current then. */
function crlStatus(
  der: Uint8Array,
  subject: X509Certificate,
  issuer: X509Certificate,
  at: Date,
): RevocationStatus | undefined {
  const list = children(decodeDer(der));
  const tbs = children(list[0]);
  if (!signedBy(list, issuer)) return undefined;
  const fields = tbs[0]?.type === Type.INTEGER && tbs[0].tagClass === Class.UNIVERSAL ? tbs.slice(1) : tbs;
  const [, issuerName, thisUpdateNode, maybeNext, ...rest] = fields;
  const issuerDer = issuerName ? encodeDer(issuerName) : new Uint8Array();
  const issuerSubject = children(children(decodeDer(issuer.raw))[0]);
  const subjectIndex = issuerSubject[0]?.tagClass === Class.CONTEXT_SPECIFIC ? 5 : 4;
  if (!sameBytes(issuerDer, encodeDer(issuerSubject[subjectIndex] as Asn1))) return undefined;
  const nextUpdate = timeOf(maybeNext);
  const thisUpdate = timeOf(thisUpdateNode);
  if (!thisUpdate || !current(nextUpdate, at)) return undefined;
  const entries = [...(nextUpdate ? rest : [maybeNext, ...rest])].find(
    (node) => node?.tagClass === Class.UNIVERSAL && node.type === Type.SEQUENCE,
  );
  const serial = serialOf(subject);
  for (const entry of entries ? children(entries) : []) {
    const [number, date] = children(entry);
    const revokedAt = timeOf(date);
    if (integerBytes(number).equals(serial) && (!revokedAt || revokedAt.getTime() <= at.getTime()))
      return 'REVOKED';
  }
  return 'GOOD';
}

/** The certificate that signed an OCSP response: the issuer itself, or a delegated responder of the issuer. */
function ocspSigner(basic: Asn1[], issuer: X509Certificate): X509Certificate | undefined {
  if (signedBy(basic, issuer)) return issuer;
  const certs = basic.find((node) => node.tagClass === Class.CONTEXT_SPECIFIC && node.type === 0);
  for (const node of certs ? children(children(certs)[0]) : []) {
    try {
      const responder = new X509Certificate(Buffer.from(encodeDer(node)));
      const delegated = responder.keyUsage?.includes(OCSP_SIGNING) ?? false;
      if (
        delegated &&
        responder.checkIssued(issuer) &&
        responder.verify(issuer.publicKey) &&
        signedBy(basic, responder)
      )
        return responder;
    } catch {
      // an unreadable certificate vouches for nothing
    }
  }
  return undefined;
}

/** An OCSP response's verdict on `subject` at `at` (RFC 6960 §4.2.1, §3.2). */
function ocspStatus(
  der: Uint8Array,
  subject: X509Certificate,
  issuer: X509Certificate,
  at: Date,
): RevocationStatus | undefined {
  const [status, bytes] = children(decodeDer(der));
  if (!status || primitiveBytes(status)[0] !== 0 || !bytes) return undefined;
  const [type, octets] = children(children(bytes)[0]);
  if (oidOf(type) !== OCSP_BASIC) return undefined;
  const basic = children(decodeDer(primitiveBytes(octets)));
  if (!ocspSigner(basic, issuer)) return undefined;
  const data = children(basic[0]);
  const responses = data.find(
    (node, index) => index > 0 && node.tagClass === Class.UNIVERSAL && node.type === Type.SEQUENCE,
  );
  const issuerFields = children(children(decodeDer(issuer.raw))[0]);
  const offset = issuerFields[0]?.tagClass === Class.CONTEXT_SPECIFIC ? 1 : 0;
  const spki = children(issuerFields[offset + 5]);
  const issuerKey = primitiveBytes(spki[1]).subarray(1);
  const issuerName = encodeDer(issuerFields[offset + 4] as Asn1);
  for (const single of responses ? children(responses) : []) {
    const [certId, certStatus, thisUpdate, ...more] = children(single);
    const [algorithm, nameHash, keyHash, serial] = children(certId);
    const hash = oidOf(children(algorithm)[0]) === '1.3.14.3.2.26' ? 'sha1' : 'sha256';
    const digest = (bytes: Uint8Array) => createHash(hash).update(bytes).digest();
    if (!integerBytes(serial).equals(serialOf(subject))) continue;
    if (
      !digest(issuerName).equals(primitiveBytes(nameHash)) ||
      !digest(issuerKey).equals(primitiveBytes(keyHash))
    )
      continue;
    const next = more.find((node) => node.tagClass === Class.CONTEXT_SPECIFIC && node.type === 0);
    if (!timeOf(thisUpdate) || !current(next ? timeOf(children(next)[0]) : undefined, at)) continue;
    if (certStatus?.tagClass !== Class.CONTEXT_SPECIFIC) continue;
    if (certStatus.type === 0) return 'GOOD';
    if (certStatus.type === 1) {
      const revokedAt = timeOf(children(certStatus)[0]);
      return revokedAt && revokedAt.getTime() > at.getTime() ? 'GOOD' : 'REVOKED';
    }
    return 'UNKNOWN';
  }
  return undefined;
}

const quietly = <T>(work: () => T): T | undefined => {
  try {
    return work();
  } catch {
    return undefined;
  }
};

/**
 * What `data` says about `subject` (issued by `issuer`) at `at`: REVOKED if any current, authentic item says
 * so; GOOD if one says it was not revoked; UNKNOWN when nothing authentic and current speaks of it.
 */
export function revocationStatus(
  data: RevocationData,
  subject: X509Certificate,
  issuer: X509Certificate,
  at: Date,
): RevocationStatus {
  const verdicts = [
    ...data.crls.map((der) => quietly(() => crlStatus(der, subject, issuer, at))),
    ...data.ocspResponses.map((der) => quietly(() => ocspStatus(der, subject, issuer, at))),
  ];
  if (verdicts.includes('REVOKED')) return 'REVOKED';
  return verdicts.includes('GOOD') ? 'GOOD' : 'UNKNOWN';
}
