/**
 * The X.509 v3 extensions this project writes (RFC 5280 §4.2), encoded with forge.asn1.
 */
import {
  type Asn1,
  bitString,
  boolean,
  encodeDer,
  implicitConstructed,
  implicitPrimitive,
  octetString,
  oid,
  sequence,
  smallInteger,
  toBinary,
} from './der.js';
import { keyIdentifier } from './x509.js';

/** Key usage bits in RFC 5280 §4.2.1.3 order (bit 0 first). */
export const KEY_USAGE_BITS = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
] as const;

/** One key usage bit name. */
export type KeyUsage = (typeof KEY_USAGE_BITS)[number];

/** Well-known extended key usage OIDs. */
export const EXTENDED_KEY_USAGE = {
  emailProtection: '1.3.6.1.5.5.7.3.4',
  documentSigning: '1.3.6.1.5.5.7.3.36',
  /** RFC 3161 §2.3: a TSA certificate's only EKU, and critical. */
  timeStamping: '1.3.6.1.5.5.7.3.8',
  /** RFC 6960 §4.2.2.2: a delegated OCSP responder. */
  ocspSigning: '1.3.6.1.5.5.7.3.9',
} as const;

/** Extensions to put into a certificate. Critical flags follow RFC 5280's recommendations. */
export interface CertificateExtensions {
  /** Critical when `ca` is true (RFC 5280 §4.2.1.9 MUST for CA certificates). */
  basicConstraints?: { ca: boolean; pathLength?: number };
  /** Always critical (RFC 5280 §4.2.1.3 SHOULD). */
  keyUsage?: KeyUsage[];
  /** Extended key usage OIDs; non-critical unless `extendedKeyUsageCritical`. */
  extendedKeyUsage?: string[];
  /** RFC 3161 §2.3 wants a TSA certificate's EKU critical. @default false */
  extendedKeyUsageCritical?: boolean;
  /** CRL distribution point URIs (RFC 5280 §4.2.1.13): where relying parties fetch the issuer's CRL. */
  crlDistributionPoints?: string[];
  /** Authority information access (RFC 5280 §4.2.2.1): the issuer's OCSP responder URIs. */
  ocspResponders?: string[];
  /** Add a subjectKeyIdentifier derived from the subject's key. */
  subjectKeyIdentifier?: boolean;
  /** The issuer's SPKI (DER): adds an authorityKeyIdentifier with its key identifier. */
  authorityKeyOf?: Uint8Array;
}

/** GeneralName uniformResourceIdentifier: `[6] IMPLICIT IA5String`. */
const uri = (text: string): Asn1 => implicitPrimitive(6, new TextEncoder().encode(text));

const ACCESS_METHOD_OCSP = '1.3.6.1.5.5.7.48.1';

/** cRLDistributionPoints and authorityInfoAccess (both non-critical, RFC 5280 §4.2.1.13, §4.2.2.1). */
function revocationPointers(extensions: CertificateExtensions): Asn1[] {
  const out: Asn1[] = [];
  const crls = extensions.crlDistributionPoints ?? [];
  if (crls.length > 0) {
    // DistributionPoint { distributionPoint [0] { fullName [0] GeneralNames } }
    const points = crls.map((url) => sequence(implicitConstructed(0, [implicitConstructed(0, [uri(url)])])));
    out.push(extension('2.5.29.31', false, sequence(...points)));
  }
  const responders = extensions.ocspResponders ?? [];
  if (responders.length > 0) {
    const access = responders.map((url) => sequence(oid(ACCESS_METHOD_OCSP), uri(url)));
    out.push(extension('1.3.6.1.5.5.7.1.1', false, sequence(...access)));
  }
  return out;
}

function extension(extensionOid: string, critical: boolean, value: Asn1): Asn1 {
  const parts = [oid(extensionOid)];
  // DER: a BOOLEAN equal to its DEFAULT (FALSE) is omitted.
  if (critical) parts.push(boolean(true));
  parts.push(octetString(encodeDer(value)));
  return sequence(...parts);
}

/** DER named BIT STRING: trailing zero bits are dropped and counted as unused (X.690 §11.2.2). */
export function keyUsageBitString(usages: KeyUsage[]): Asn1 {
  let value = 0;
  for (const usage of usages) value |= 0x80 >> KEY_USAGE_BITS.indexOf(usage);
  if (value === 0) throw new TypeError('keyUsage needs at least one bit');
  let unused = 0;
  while (((value >> unused) & 1) === 0) unused++;
  const node = bitString(Uint8Array.of(value));
  node.value = toBinary(Uint8Array.of(unused, value));
  return node;
}

/** The extensions as `[3] EXPLICIT`-ready Extension nodes for the subject key `subjectPublicKeyInfo`. */
export function encodeExtensions(
  extensions: CertificateExtensions,
  subjectPublicKeyInfo: Uint8Array,
): Asn1[] {
  const out: Asn1[] = [];
  const { basicConstraints, keyUsage, extendedKeyUsage } = extensions;
  if (basicConstraints) {
    const fields: Asn1[] = basicConstraints.ca ? [boolean(true)] : [];
    if (basicConstraints.ca && basicConstraints.pathLength !== undefined) {
      fields.push(smallInteger(basicConstraints.pathLength));
    }
    out.push(extension('2.5.29.19', basicConstraints.ca, sequence(...fields)));
  }
  if (keyUsage && keyUsage.length > 0) out.push(extension('2.5.29.15', true, keyUsageBitString(keyUsage)));
  if (extendedKeyUsage && extendedKeyUsage.length > 0) {
    const critical = extensions.extendedKeyUsageCritical === true;
    out.push(extension('2.5.29.37', critical, sequence(...extendedKeyUsage.map((usage) => oid(usage)))));
  }
  if (extensions.subjectKeyIdentifier) {
    out.push(extension('2.5.29.14', false, octetString(keyIdentifier(subjectPublicKeyInfo))));
  }
  if (extensions.authorityKeyOf) {
    const keyId = implicitPrimitive(0, keyIdentifier(extensions.authorityKeyOf));
    out.push(extension('2.5.29.35', false, sequence(keyId)));
  }
  out.push(...revocationPointers(extensions));
  return out;
}
