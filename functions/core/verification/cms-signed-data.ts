/**
 * Reads a CMS ContentInfo holding SignedData (RFC 5652 §5) with `forge.asn1`, after `measureDer` has bounded
 * it. Every tag is checked, not only the shape: a SET turned into a SEQUENCE, or a version number changed,
 * must not leave a signature "valid" with bytes that differ from what was sealed.
 */
import asn1 from 'node-forge/lib/asn1.js';
import { type Asn1, decodeDer, encodeDer, oidOf, primitiveBytes } from '../pki/der.js';

const { Class, Type } = asn1;

/** OIDs read here. */
export const OIDS = {
  signedData: '1.2.840.113549.1.7.2',
  data: '1.2.840.113549.1.7.1',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  /** RFC 2634 §5.4 (ESSCertID, SHA-1): what many TSAs still put into their tokens. */
  signingCertificate: '1.2.840.113549.1.9.16.2.12',
  /** RFC 3161 Appendix A: id-aa-signatureTimeStampToken, an unsigned attribute of the SignerInfo. */
  signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
  /** RFC 3161 §2.4.2: id-ct-TSTInfo, a time-stamp token's content type. */
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  sha256: '2.16.840.1.101.3.4.2.1',
} as const;

/** The CMS is not the SignedData structure it claims to be. */
export class CmsStructureError extends Error {
  override readonly name = 'CmsStructureError';
}

/** An AlgorithmIdentifier: OID and whether parameters are absent or NULL (the only forms we accept). */
export interface Algorithm {
  oid: string;
  parametersAbsentOrNull: boolean;
  der: Uint8Array;
}

/** One attribute: its type and the DER of each value. */
export interface Attribute {
  type: string;
  values: Asn1[];
}

/** SignerInfo (§5.3) as read. */
export interface SignerInfo {
  version: number;
  sid: { issuer: Uint8Array; serialNumber: Uint8Array } | { subjectKeyIdentifier: Uint8Array };
  digestAlgorithm: Algorithm;
  /** The signed attributes re-tagged as SET OF: what the signature covers (§5.4). */
  signedAttributesDer?: Uint8Array;
  signedAttributes?: Attribute[];
  signatureAlgorithm: Algorithm;
  signature: Uint8Array;
  /** The unsigned attributes (e.g. a signature time-stamp token, RFC 3161 Appendix A), not covered by it. */
  unsignedAttributes?: Attribute[];
}

/** SignedData (§5.1) as read. */
export interface SignedData {
  version: number;
  digestAlgorithms: Algorithm[];
  eContentType: string;
  hasEContent: boolean;
  /** The encapsulated content's octets (a time-stamp token's TSTInfo), when present. */
  eContent?: Uint8Array;
  /** DER of each certificate in `certificates` (other CertificateChoices are rejected). */
  certificates: Uint8Array[];
  signerInfos: SignerInfo[];
}

function expectTag(node: Asn1 | undefined, tagClass: number, type: number, constructed: boolean): Asn1 {
  if (!node || node.tagClass !== tagClass || node.type !== type || node.constructed !== constructed) {
    throw new CmsStructureError(`unexpected ASN.1 element (wanted class ${tagClass} type ${type})`);
  }
  return node;
}

const universal = (
  node: Asn1 | undefined,
  type: number,
  constructed = type === Type.SEQUENCE || type === Type.SET,
) => expectTag(node, Class.UNIVERSAL, type, constructed);

const items = (node: Asn1): Asn1[] => node.value as Asn1[];

function smallInteger(node: Asn1 | undefined): number {
  const bytes = primitiveBytes(universal(node, Type.INTEGER));
  if (bytes.length !== 1) throw new CmsStructureError('version out of range');
  return bytes[0] ?? 0;
}

function algorithm(node: Asn1 | undefined): Algorithm {
  const [identifier, parameters, ...rest] = items(universal(node, Type.SEQUENCE));
  if (rest.length > 0) throw new CmsStructureError('AlgorithmIdentifier has extra fields');
  const isNull =
    parameters?.tagClass === Class.UNIVERSAL && parameters.type === Type.NULL && parameters.value === '';
  return {
    oid: oidOf(universal(identifier, Type.OID)),
    parametersAbsentOrNull: parameters === undefined || isNull,
    der: encodeDer(node as Asn1),
  };
}

function attributes(node: Asn1): Attribute[] {
  return items(node).map((attribute) => {
    const [type, values, ...rest] = items(universal(attribute, Type.SEQUENCE));
    if (rest.length > 0) throw new CmsStructureError('Attribute has extra fields');
    return { type: oidOf(universal(type, Type.OID)), values: items(universal(values, Type.SET)) };
  });
}

function signerIdentifier(node: Asn1 | undefined): SignerInfo['sid'] {
  if (node?.tagClass === Class.CONTEXT_SPECIFIC) {
    return { subjectKeyIdentifier: primitiveBytes(expectTag(node, Class.CONTEXT_SPECIFIC, 0, false)) };
  }
  const [issuer, serialNumber, ...rest] = items(universal(node, Type.SEQUENCE));
  if (rest.length > 0) throw new CmsStructureError('IssuerAndSerialNumber has extra fields');
  return {
    issuer: encodeDer(universal(issuer, Type.SEQUENCE)),
    serialNumber: encodeDer(universal(serialNumber, Type.INTEGER)),
  };
}

function signerInfo(node: Asn1): SignerInfo {
  const fields = [...items(universal(node, Type.SEQUENCE))];
  const version = smallInteger(fields.shift());
  const sid = signerIdentifier(fields.shift());
  const digestAlgorithm = algorithm(fields.shift());
  let signedAttributesDer: Uint8Array | undefined;
  let signedAttributes: Attribute[] | undefined;
  if (fields[0]?.tagClass === Class.CONTEXT_SPECIFIC) {
    const node0 = expectTag(fields.shift(), Class.CONTEXT_SPECIFIC, 0, true);
    signedAttributes = attributes(node0);
    // RFC 5652 §5.4: the signature is over the EXPLICIT SET OF encoding, not the [0] IMPLICIT one.
    signedAttributesDer = encodeDer(node0);
    signedAttributesDer[0] = 0x31;
  }
  const signatureAlgorithm = algorithm(fields.shift());
  const signature = primitiveBytes(universal(fields.shift(), Type.OCTETSTRING));
  const unsigned = fields.shift();
  const unsignedAttributes = unsigned
    ? attributes(expectTag(unsigned, Class.CONTEXT_SPECIFIC, 1, true))
    : undefined;
  if (fields.length > 0) throw new CmsStructureError('SignerInfo has extra fields');
  return {
    version,
    sid,
    digestAlgorithm,
    signedAttributesDer,
    signedAttributes,
    signatureAlgorithm,
    signature,
    ...(unsignedAttributes ? { unsignedAttributes } : {}),
  };
}

function encapsulatedContent(node: Asn1 | undefined): {
  eContentType: string;
  hasEContent: boolean;
  eContent?: Uint8Array;
} {
  const [type, content, ...rest] = items(universal(node, Type.SEQUENCE));
  if (rest.length > 0) throw new CmsStructureError('EncapsulatedContentInfo has extra fields');
  const eContentType = oidOf(universal(type, Type.OID));
  if (!content) return { eContentType, hasEContent: false };
  const [octets, ...more] = items(expectTag(content, Class.CONTEXT_SPECIFIC, 0, true));
  // A detached signature has none; a time-stamp token's is one OCTET STRING (DER: never constructed).
  if (more.length > 0) throw new CmsStructureError('eContent must be one OCTET STRING');
  const eContent =
    octets?.tagClass === Class.UNIVERSAL && octets.type === Type.OCTETSTRING && !octets.constructed
      ? primitiveBytes(octets)
      : undefined;
  return { eContentType, hasEContent: true, ...(eContent ? { eContent } : {}) };
}

/**
 * Parse `der` (exactly one DER element, already bounded by `measureDer`) as ContentInfo { SignedData }.
 * Throws CmsStructureError (or forge's Error) when it is anything else; callers treat both as malformed.
 */
export function parseSignedData(der: Uint8Array): SignedData {
  const contentInfo = decodeDer(der);
  // forge re-encodes what it parsed; a difference means the input was not canonical DER.
  if (Buffer.compare(encodeDer(contentInfo), der) !== 0) throw new CmsStructureError('not canonical DER');
  const [contentType, explicit, ...extra] = items(universal(contentInfo, Type.SEQUENCE));
  if (extra.length > 0 || oidOf(universal(contentType, Type.OID)) !== OIDS.signedData) {
    throw new CmsStructureError('not a SignedData ContentInfo');
  }
  const wrapped = items(expectTag(explicit, Class.CONTEXT_SPECIFIC, 0, true));
  if (wrapped.length !== 1) throw new CmsStructureError('[0] EXPLICIT must hold one SignedData');
  const fields = [...items(universal(wrapped[0], Type.SEQUENCE))];
  const version = smallInteger(fields.shift());
  const digestAlgorithms = items(universal(fields.shift(), Type.SET)).map(algorithm);
  const content = encapsulatedContent(fields.shift());
  let certificates: Uint8Array[] = [];
  if (fields[0]?.tagClass === Class.CONTEXT_SPECIFIC && fields[0].type === 0) {
    certificates = items(expectTag(fields.shift(), Class.CONTEXT_SPECIFIC, 0, true)).map((certificate) =>
      encodeDer(universal(certificate, Type.SEQUENCE)),
    );
  }
  if (fields[0]?.tagClass === Class.CONTEXT_SPECIFIC)
    expectTag(fields.shift(), Class.CONTEXT_SPECIFIC, 1, true);
  const signerInfos = items(universal(fields.shift(), Type.SET)).map(signerInfo);
  if (fields.length > 0) throw new CmsStructureError('SignedData has extra fields');
  return { version, digestAlgorithms, ...content, certificates, signerInfos };
}
