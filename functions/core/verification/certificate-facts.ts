/**
 * What the verifier reads from a certificate beyond what node:crypto's X509Certificate offers on Node 20:
 * the keyUsage bits, the subjectKeyIdentifier, the subject CN as text, the serial as hex.
 */
import { X509Certificate } from 'node:crypto';
import asn1 from 'node-forge/lib/asn1.js';
import { type Asn1, children, decodeDer, oidOf, primitiveBytes } from '../pki/der.js';
import { memoizeByBytes } from '../pki/parsed-cache.js';
import { readCertificateFields } from '../pki/x509.js';

/** A certificate from a CMS, parsed both ways. */
export interface CertificateFacts {
  der: Uint8Array;
  x509: X509Certificate;
  issuer: Uint8Array;
  serialNumber: Uint8Array;
  /** RFC 5280 §4.2.1.3 bit names present; undefined when the extension is absent. */
  keyUsage: Set<string> | undefined;
  subjectKeyIdentifier: Uint8Array | undefined;
  commonName: string;
  serialHex: string;
}

const KEY_USAGE_BITS = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
];

function extensions(tbs: Asn1[]): Map<string, Uint8Array> {
  const found = new Map<string, Uint8Array>();
  const wrapper = tbs.find((node) => node.tagClass === asn1.Class.CONTEXT_SPECIFIC && node.type === 3);
  if (!wrapper) return found;
  for (const extension of children(children(wrapper)[0])) {
    const parts = children(extension);
    const value = parts[parts.length - 1];
    found.set(oidOf(parts[0]), primitiveBytes(value));
  }
  return found;
}

function keyUsageOf(extension: Uint8Array | undefined): Set<string> | undefined {
  if (!extension) return undefined;
  const bits = primitiveBytes(decodeDer(extension));
  const usages = new Set<string>();
  KEY_USAGE_BITS.forEach((name, index) => {
    const byte = bits[1 + (index >> 3)] ?? 0;
    if (byte & (0x80 >> (index & 7))) usages.add(name);
  });
  return usages;
}

const text = (node: Asn1): string => {
  const bytes = primitiveBytes(node);
  if (node.type === asn1.Type.BMPSTRING) return Buffer.from(bytes).swap16().toString('utf16le');
  return node.type === asn1.Type.UTF8
    ? Buffer.from(bytes).toString('utf8')
    : Buffer.from(bytes).toString('latin1');
};

function commonNameOf(subject: Uint8Array): string {
  const names: string[] = [];
  for (const rdn of children(decodeDer(subject))) {
    for (const pair of children(rdn)) {
      const [type, value] = children(pair);
      if (oidOf(type) === '2.5.4.3' && value) names.push(text(value));
    }
  }
  return names.join(' ');
}

/** Parse a certificate taken from a CMS; throws if either parser rejects it. Memoised by content. */
export const readCertificateFacts: (der: Uint8Array) => CertificateFacts = memoizeByBytes((der) =>
  // A copy: the certificate may be a view into an uploaded file, which the cache must not keep alive.
  Object.freeze(parseCertificateFacts(new Uint8Array(der))),
);

function parseCertificateFacts(der: Uint8Array): CertificateFacts {
  const x509 = new X509Certificate(Buffer.from(der));
  const fields = readCertificateFields(der);
  const tbs = children(children(decodeDer(der))[0]);
  const found = extensions(tbs);
  const serialContent = primitiveBytes(decodeDer(fields.serialNumber));
  const unsigned =
    serialContent.length > 1 && serialContent[0] === 0 ? serialContent.subarray(1) : serialContent;
  const ski = found.get('2.5.29.14');
  return {
    der,
    x509,
    issuer: fields.issuer,
    serialNumber: fields.serialNumber,
    keyUsage: keyUsageOf(found.get('2.5.29.15')),
    subjectKeyIdentifier: ski ? primitiveBytes(decodeDer(ski)) : undefined,
    commonName: commonNameOf(fields.subject),
    serialHex: Buffer.from(unsigned).toString('hex'),
  };
}

/** Byte-for-byte equality. */
export const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => Buffer.compare(a, b) === 0;
