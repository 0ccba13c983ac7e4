/**
 * RFC 3161 messages on the wire: TimeStampReq (what a client sends), TimeStampResp (what a TSA answers) and
 * the TSTInfo inside a TimeStampToken. Both sides use them: the HTTP client adapter and the local TSA.
 */
import asn1 from 'node-forge/lib/asn1.js';
import {
  type Asn1,
  boolean,
  children,
  decodeDer,
  embedded,
  encodeDer,
  octetString,
  oidOf,
  primitiveBytes,
  sequence,
  smallInteger,
  unsignedInteger,
} from '../pki/der.js';
import { sha256Algorithm } from '../pki/signature-algorithm.js';

const { Class, Type } = asn1;

/** OIDs of RFC 3161 and RFC 5652 used for time-stamps. */
export const TSP_OIDS = {
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  signedData: '1.2.840.113549.1.7.2',
  sha256: '2.16.840.1.101.3.4.2.1',
  /** RFC 3161 Appendix A: the unsigned attribute carrying a signature time-stamp. */
  signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
  /** ETSI EN 319 421 baseline time-stamp policy (BTSP). */
  baselinePolicy: '0.4.0.2023.1.1',
} as const;

/** PKIStatus (RFC 3161 §2.4.2): 0 granted, 1 grantedWithMods; 2 rejection and up are failures. */
export const PKI_STATUS = { granted: 0, grantedWithMods: 1, rejection: 2, systemFailure: 5 } as const;

/** The fields of a TimeStampReq this project sends and reads. */
export interface TimeStampRequest {
  /** SHA-256 digest to be time-stamped (32 bytes). */
  digest: Uint8Array;
  /** Unsigned big-endian nonce; the reply must echo it. */
  nonce?: Uint8Array;
  /** Ask the TSA to put its certificate into the token. */
  certReq: boolean;
}

/** The TSTInfo fields a client checks (RFC 3161 §2.4.2). */
export interface TstInfo {
  policy: string;
  hashAlgorithm: string;
  digest: Uint8Array;
  serialNumber: Uint8Array;
  genTime: Date;
  nonce?: Uint8Array;
}

/** A TimeStampResp as read: the status and, when granted, the token (a CMS ContentInfo, DER). */
export interface TimeStampResponse {
  status: number;
  statusText?: string;
  token?: Uint8Array;
}

/** Thrown for DER that is not the RFC 3161 structure it should be. */
export class TimeStampFormatError extends Error {
  override readonly name = 'TimeStampFormatError';
}

const messageImprint = (digest: Uint8Array): Asn1 => sequence(sha256Algorithm(), octetString(digest));

/** Strip the sign byte of a DER INTEGER's content (nonces and serials are compared as unsigned bytes). */
export function unsignedBytes(content: Uint8Array): Uint8Array {
  let start = 0;
  while (start < content.length - 1 && content[start] === 0) start++;
  return content.subarray(start);
}

/** TimeStampReq v1 for a SHA-256 digest. */
export function encodeTimeStampRequest(request: TimeStampRequest): Uint8Array {
  const fields: Asn1[] = [smallInteger(1), messageImprint(request.digest)];
  if (request.nonce) fields.push(unsignedInteger(request.nonce));
  // certReq DEFAULT FALSE: DER omits the default.
  if (request.certReq) fields.push(boolean(true));
  return encodeDer(sequence(...fields));
}

function readImprint(node: Asn1 | undefined): { hashAlgorithm: string; digest: Uint8Array } {
  const [algorithm, hashed] = children(node);
  return { hashAlgorithm: oidOf(children(algorithm)[0]), digest: primitiveBytes(hashed) };
}

const isUniversal = (node: Asn1 | undefined, type: number) =>
  node?.tagClass === Class.UNIVERSAL && node.type === type;

/** Read a TimeStampReq (the local TSA's side). Throws TimeStampFormatError for anything else. */
export function parseTimeStampRequest(der: Uint8Array): TimeStampRequest & { hashAlgorithm: string } {
  try {
    const [version, imprint, ...rest] = children(decodeDer(der));
    if (primitiveBytes(version)[0] !== 1) throw new TimeStampFormatError('unsupported TimeStampReq version');
    const { hashAlgorithm, digest } = readImprint(imprint);
    let nonce: Uint8Array | undefined;
    let certReq = false;
    for (const field of rest) {
      if (isUniversal(field, Type.INTEGER)) nonce = unsignedBytes(primitiveBytes(field));
      else if (isUniversal(field, Type.BOOLEAN)) certReq = primitiveBytes(field)[0] !== 0;
    }
    return { hashAlgorithm, digest, certReq, ...(nonce ? { nonce } : {}) };
  } catch (error) {
    if (error instanceof TimeStampFormatError) throw error;
    throw new TimeStampFormatError('malformed TimeStampReq', { cause: error });
  }
}

/** TimeStampResp: the status and, when granted, the token. */
export function encodeTimeStampResponse(status: number, token?: Uint8Array, statusText?: string): Uint8Array {
  const statusInfo: Asn1[] = [smallInteger(status)];
  if (statusText) statusInfo.push(sequence(asn1.create(Class.UNIVERSAL, Type.UTF8, false, statusText)));
  return encodeDer(sequence(sequence(...statusInfo), ...(token ? [embedded(token)] : [])));
}

/** Read a TimeStampResp (the client's side). Throws TimeStampFormatError for anything else. */
export function parseTimeStampResponse(der: Uint8Array): TimeStampResponse {
  try {
    const [statusInfo, token] = children(decodeDer(der));
    const [status, text] = children(statusInfo);
    const statusBytes = primitiveBytes(status);
    const freeText = isUniversal(text, Type.SEQUENCE) ? children(text)[0] : undefined;
    return {
      status: statusBytes.length === 1 ? (statusBytes[0] ?? -1) : -1,
      ...(freeText ? { statusText: Buffer.from(primitiveBytes(freeText)).toString('utf8') } : {}),
      ...(token ? { token: encodeDer(token) } : {}),
    };
  } catch (error) {
    throw new TimeStampFormatError('malformed TimeStampResp', { cause: error });
  }
}

/** The TSTInfo DER inside a token: ContentInfo → SignedData → encapContentInfo → [0] OCTET STRING. */
export function tstInfoDerOf(token: Uint8Array): Uint8Array {
  const [contentType, content] = children(decodeDer(token));
  if (oidOf(contentType) !== TSP_OIDS.signedData) throw new TimeStampFormatError('token is not SignedData');
  const signedData = children(children(content)[0]);
  const encap = children(signedData[2]);
  if (oidOf(encap[0]) !== TSP_OIDS.tstInfo) throw new TimeStampFormatError('token does not hold a TSTInfo');
  return primitiveBytes(children(encap[1])[0]);
}

/** Read the TSTInfo of a token. Throws TimeStampFormatError when it is not one. */
export function readTstInfo(token: Uint8Array): TstInfo {
  try {
    const [, policy, imprint, serial, genTime, ...rest] = children(decodeDer(tstInfoDerOf(token)));
    const nonce = rest.find((field) => isUniversal(field, Type.INTEGER));
    const time = Buffer.from(primitiveBytes(genTime)).toString('latin1');
    return {
      policy: oidOf(policy),
      ...readImprint(imprint),
      serialNumber: unsignedBytes(primitiveBytes(serial)),
      genTime: asn1.generalizedTimeToDate(time),
      ...(nonce ? { nonce: unsignedBytes(primitiveBytes(nonce)) } : {}),
    };
  } catch (error) {
    if (error instanceof TimeStampFormatError) throw error;
    throw new TimeStampFormatError('malformed TimeStampToken', { cause: error });
  }
}

/** The certificates a token carries (its SignedData `certificates`), DER; none if the TSA left them out. */
export function tokenCertificates(token: Uint8Array): Uint8Array[] {
  try {
    const [, content] = children(decodeDer(token));
    const fields = children(children(content)[0]);
    const certificates = fields.find(
      (field) => field.tagClass === Class.CONTEXT_SPECIFIC && field.type === 0,
    );
    return certificates ? children(certificates).map(encodeDer) : [];
  } catch (error) {
    throw new TimeStampFormatError('malformed TimeStampToken', { cause: error });
  }
}
