/**
 * X.509 names and the few certificate fields the sealing code needs to read back (RFC 5280 §4.1).
 */
import { createHash } from 'node:crypto';
import { DomainError } from '../errors.js';
import {
  type Asn1,
  children,
  decodeDer,
  encodeDer,
  oid,
  primitiveBytes,
  printableString,
  sequence,
  set,
  utf8String,
} from './der.js';

/** A distinguished name as this project issues them; written C, O, OU, CN (most general first). */
export interface DistinguishedName {
  /** CN, e.g. the authority's name in Chinese. */
  commonName: string;
  /** O. */
  organization?: string;
  /** OU. */
  organizationalUnit?: string;
  /** C, two letters (ISO 3166), e.g. `CN`. */
  country?: string;
}

const ATTRIBUTE_OIDS = { country: '2.5.4.6', organization: '2.5.4.10', organizationalUnit: '2.5.4.11' };
const COMMON_NAME_OID = '2.5.4.3';

/** The Name (RDNSequence) for `name`; text values are UTF8String (RFC 5280 §4.1.2.6), C is PrintableString. */
export function nameToAsn1(name: DistinguishedName): Asn1 {
  const rdn = (type: string, value: Asn1): Asn1 => set(sequence(oid(type), value));
  const rdns: Asn1[] = [];
  if (name.country !== undefined) {
    if (!/^[A-Z]{2}$/.test(name.country)) throw new TypeError(`country must be two capital letters`);
    rdns.push(rdn(ATTRIBUTE_OIDS.country, printableString(name.country)));
  }
  if (name.organization !== undefined)
    rdns.push(rdn(ATTRIBUTE_OIDS.organization, utf8String(name.organization)));
  if (name.organizationalUnit !== undefined) {
    rdns.push(rdn(ATTRIBUTE_OIDS.organizationalUnit, utf8String(name.organizationalUnit)));
  }
  rdns.push(rdn(COMMON_NAME_OID, utf8String(name.commonName)));
  return sequence(...rdns);
}

/** The parts of a certificate that CMS and chain checks refer to, each as its DER encoding. */
export interface CertificateFields {
  serialNumber: Uint8Array;
  issuer: Uint8Array;
  subject: Uint8Array;
  subjectPublicKeyInfo: Uint8Array;
}

/** Read serial, issuer, subject and SPKI from a DER certificate; DomainError if it is not one. */
export function readCertificateFields(der: Uint8Array): CertificateFields {
  try {
    const tbs = children(children(decodeDer(der))[0]);
    // TBSCertificate: [0] version is optional (absent means v1), so field positions shift by one.
    const first = tbs[0];
    const offset = first && first.tagClass === 0x80 && first.type === 0 ? 1 : 0;
    const field = (index: number): Uint8Array => {
      const node = tbs[offset + index];
      if (!node) throw new TypeError('truncated TBSCertificate');
      return encodeDer(node);
    };
    return { serialNumber: field(0), issuer: field(2), subject: field(4), subjectPublicKeyInfo: field(5) };
  } catch (error) {
    throw new DomainError('INVALID', 'CERTIFICATE_MALFORMED', '证书格式错误', 'Malformed certificate', {
      cause: error,
    });
  }
}

/** RFC 5280 §4.2.1.2 method (1): SHA-1 of the subjectPublicKey BIT STRING value (without unused-bits byte). */
export function keyIdentifier(subjectPublicKeyInfo: Uint8Array): Uint8Array {
  const bits = primitiveBytes(children(decodeDer(subjectPublicKeyInfo))[1]);
  return new Uint8Array(createHash('sha1').update(bits.subarray(1)).digest());
}
