/**
 * Thin DER building blocks over `node-forge`'s ASN.1 module (imported alone: the package index loads every
 * algorithm, TLS and PKCS#12 included). forge keeps byte values as "binary strings"; these helpers keep that
 * detail in one place so the rest of the PKI/CMS code speaks `Uint8Array`.
 */
import type forge from 'node-forge';
import asn1 from 'node-forge/lib/asn1.js';

const { Class, Type } = asn1;

/** A forge ASN.1 node. */
export type Asn1 = forge.asn1.Asn1;

/** Bytes → forge binary string (one char per byte). */
export const toBinary = (bytes: Uint8Array): string => Buffer.from(bytes).toString('latin1');

/** forge binary string → bytes. */
export const fromBinary = (binary: string): Uint8Array => new Uint8Array(Buffer.from(binary, 'latin1'));

/** DER encoding of a node. */
export const encodeDer = (node: Asn1): Uint8Array => fromBinary(asn1.toDer(node).getBytes());

/**
 * Parse DER strictly. BIT STRINGs are left undecoded so that re-encoding a parsed structure (a certificate
 * embedded in a CMS, an issuer Name copied into a SignerInfo) gives back exactly the input bytes.
 */
export function decodeDer(bytes: Uint8Array): Asn1 {
  const options = { strict: true, decodeBitStrings: false, parseAllBytes: true };
  return (asn1.fromDer as unknown as (b: string, o: typeof options) => Asn1)(toBinary(bytes), options);
}

/** The children of a constructed node (throws for a primitive one, i.e. malformed input). */
export function children(node: Asn1 | undefined): Asn1[] {
  if (!node || !Array.isArray(node.value)) throw new TypeError('ASN.1: expected a constructed value');
  return node.value;
}

/** The content bytes of a primitive node. */
export function primitiveBytes(node: Asn1 | undefined): Uint8Array {
  if (!node || typeof node.value !== 'string') throw new TypeError('ASN.1: expected a primitive value');
  return fromBinary(node.value);
}

/** SEQUENCE of the given items. */
export const sequence = (...items: Asn1[]): Asn1 => asn1.create(Class.UNIVERSAL, Type.SEQUENCE, true, items);

/** SET of the given items, kept in the given order (callers with several items use `sortedSet`). */
export const set = (...items: Asn1[]): Asn1 => asn1.create(Class.UNIVERSAL, Type.SET, true, items);

/** X.690 §11.6: a DER SET OF is ordered by the items' encodings, compared as octet strings. */
export function sortedSet(items: Asn1[]): Asn1 {
  const encoded = items.map((item) => ({ item, der: encodeDer(item) }));
  encoded.sort((a, b) => Buffer.compare(a.der, b.der));
  return set(...encoded.map((entry) => entry.item));
}

/** OBJECT IDENTIFIER. */
export const oid = (dotted: string): Asn1 =>
  asn1.create(Class.UNIVERSAL, Type.OID, false, asn1.oidToDer(dotted).getBytes());

/** The dotted form of an OBJECT IDENTIFIER node. */
export const oidOf = (node: Asn1 | undefined): string => asn1.derToOid(toBinary(primitiveBytes(node)));

/** NULL. */
export const derNull = (): Asn1 => asn1.create(Class.UNIVERSAL, Type.NULL, false, '');

/** BOOLEAN. */
export const boolean = (value: boolean): Asn1 =>
  asn1.create(Class.UNIVERSAL, Type.BOOLEAN, false, String.fromCharCode(value ? 0xff : 0));

/** INTEGER from a small non-negative number. */
export const smallInteger = (value: number): Asn1 =>
  asn1.create(Class.UNIVERSAL, Type.INTEGER, false, asn1.integerToDer(value).getBytes());

/** INTEGER from unsigned big-endian bytes (a serial number): minimal, and positive. */
export function unsignedInteger(bytes: Uint8Array): Asn1 {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const trimmed = bytes.subarray(start);
  const needsSignByte = trimmed.length === 0 || ((trimmed[0] ?? 0) & 0x80) !== 0;
  const content = needsSignByte ? Uint8Array.of(0, ...trimmed) : trimmed;
  return asn1.create(Class.UNIVERSAL, Type.INTEGER, false, toBinary(content));
}

/** OCTET STRING. */
export const octetString = (bytes: Uint8Array): Asn1 =>
  asn1.create(Class.UNIVERSAL, Type.OCTETSTRING, false, toBinary(bytes));

/** BIT STRING holding whole bytes (no unused bits). */
export const bitString = (bytes: Uint8Array): Asn1 =>
  asn1.create(Class.UNIVERSAL, Type.BITSTRING, false, `\u0000${toBinary(bytes)}`);

/** UTF8String; forge writes string values verbatim, so the UTF-8 encoding happens here. */
export const utf8String = (text: string): Asn1 =>
  asn1.create(Class.UNIVERSAL, Type.UTF8, false, toBinary(new TextEncoder().encode(text)));

/** PrintableString (ASCII subset; used for country codes). */
export const printableString = (text: string): Asn1 =>
  asn1.create(Class.UNIVERSAL, Type.PRINTABLESTRING, false, text);

/** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050. */
export function time(date: Date): Asn1 {
  return date.getUTCFullYear() < 2050
    ? asn1.create(Class.UNIVERSAL, Type.UTCTIME, false, asn1.dateToUtcTime(date))
    : asn1.create(Class.UNIVERSAL, Type.GENERALIZEDTIME, false, asn1.dateToGeneralizedTime(date));
}

/** `[tag] EXPLICIT inner`. */
export const explicit = (tag: number, inner: Asn1): Asn1 =>
  asn1.create(Class.CONTEXT_SPECIFIC, tag, true, [inner]);

/** `[tag] IMPLICIT` of a constructed type (SET OF / SEQUENCE): same children, context tag. */
export const implicitConstructed = (tag: number, items: Asn1[]): Asn1 =>
  asn1.create(Class.CONTEXT_SPECIFIC, tag, true, items);

/** `[tag] IMPLICIT` of a primitive type (e.g. KeyIdentifier OCTET STRING). */
export const implicitPrimitive = (tag: number, bytes: Uint8Array): Asn1 =>
  asn1.create(Class.CONTEXT_SPECIFIC, tag, false, toBinary(bytes));

/** An already DER-encoded value, embedded as a node (re-encodes to the same bytes). */
export const embedded = (der: Uint8Array): Asn1 => decodeDer(der);
