/**
 * The X.509 v3 extensions this project writes (RFC 5280 §4.2), encoded with forge.asn1.
 */
import {
  type Asn1,
  bitString,
  boolean,
  encodeDer,
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
} as const;

/** Extensions to put into a certificate. Critical flags follow RFC 5280's recommendations. */
export interface CertificateExtensions {
  /** Critical when `ca` is true (RFC 5280 §4.2.1.9 MUST for CA certificates). */
  basicConstraints?: { ca: boolean; pathLength?: number };
  /** Always critical (RFC 5280 §4.2.1.3 SHOULD). */
  keyUsage?: KeyUsage[];
  /** Extended key usage OIDs; non-critical. */
  extendedKeyUsage?: string[];
  /** Add a subjectKeyIdentifier derived from the subject's key. */
  subjectKeyIdentifier?: boolean;
  /** The issuer's SPKI (DER): adds an authorityKeyIdentifier with its key identifier. */
  authorityKeyOf?: Uint8Array;
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
    out.push(extension('2.5.29.37', false, sequence(...extendedKeyUsage.map((usage) => oid(usage)))));
  }
  if (extensions.subjectKeyIdentifier) {
    out.push(extension('2.5.29.14', false, octetString(keyIdentifier(subjectPublicKeyInfo))));
  }
  if (extensions.authorityKeyOf) {
    const keyId = implicitPrimitive(0, keyIdentifier(extensions.authorityKeyOf));
    out.push(extension('2.5.29.35', false, sequence(keyId)));
  }
  return out;
}
