/**
 * OCSP (RFC 6960) for the project's CA: requests are read (and, for the issuing side, written), responses are
 * BasicOCSPResponses signed by the CA key itself (§4.2.2.2: the CA may sign its own responses), responder ID
 * by key hash, one SingleResponse per requested certificate, the request's nonce echoed.
 */
import { createHash } from 'node:crypto';
import asn1 from 'node-forge/lib/asn1.js';
import type { SealSigner } from '../../ports/seal-signer.js';
import {
  type Asn1,
  bitString,
  children,
  decodeDer,
  derNull,
  embedded,
  encodeDer,
  explicit,
  implicitConstructed,
  octetString,
  oid,
  oidOf,
  primitiveBytes,
  sequence,
  unsignedInteger,
} from './der.js';
import { signDer, x509SignatureAlgorithm } from './signature-algorithm.js';
import { readCertificateFields } from './x509.js';

const { Class, Type } = asn1;

export const OCSP_OIDS = {
  basic: '1.3.6.1.5.5.7.48.1.1',
  nonce: '1.3.6.1.5.5.7.48.1.2',
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
} as const;

/** OCSPResponseStatus (§4.2.1). */
export const OCSP_STATUS = { successful: 0, malformedRequest: 1, internalError: 2, unauthorized: 6 } as const;

/** CertID (§4.1.1) as read or to be written. */
export interface CertId {
  hashAlgorithm: string;
  issuerNameHash: Uint8Array;
  issuerKeyHash: Uint8Array;
  /** Unsigned big-endian. */
  serialNumber: Uint8Array;
}

/** A parsed OCSPRequest: the certificates asked about and the nonce, if any. */
export interface OcspRequest {
  certIds: CertId[];
  nonce?: Uint8Array;
}

/** Thrown for an OCSPRequest that cannot be read (answered `malformedRequest`). */
export class OcspRequestError extends Error {
  override readonly name = 'OcspRequestError';
}

const HASHES: Record<string, string> = { [OCSP_OIDS.sha1]: 'sha1', [OCSP_OIDS.sha256]: 'sha256' };

const digest = (algorithmOid: string, bytes: Uint8Array) =>
  new Uint8Array(
    createHash(HASHES[algorithmOid] ?? 'sha1')
      .update(bytes)
      .digest(),
  );

/** The issuer's public key BIT STRING value (no unused-bits byte), which issuerKeyHash covers. */
function issuerKeyBits(issuerCertificate: Uint8Array): Uint8Array {
  const spki = readCertificateFields(issuerCertificate).subjectPublicKeyInfo;
  return primitiveBytes(children(decodeDer(spki))[1]).subarray(1);
}

const stripSign = (bytes: Uint8Array) => {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  return bytes.subarray(start);
};

/** The CertID of `certificate` issued by `issuerCertificate` (SHA-1 by default, as most clients send). */
export function certIdOf(
  certificate: Uint8Array,
  issuerCertificate: Uint8Array,
  hashAlgorithm: string = OCSP_OIDS.sha1,
): CertId {
  const issuerName = readCertificateFields(issuerCertificate).subject;
  return {
    hashAlgorithm,
    issuerNameHash: digest(hashAlgorithm, issuerName),
    issuerKeyHash: digest(hashAlgorithm, issuerKeyBits(issuerCertificate)),
    serialNumber: stripSign(primitiveBytes(decodeDer(readCertificateFields(certificate).serialNumber))),
  };
}

/** True when `id` names a certificate issued by `issuerCertificate` (compared in id's hash algorithm). */
export function issuedBy(id: CertId, issuerCertificate: Uint8Array): boolean {
  if (!HASHES[id.hashAlgorithm]) return false;
  const name = digest(id.hashAlgorithm, readCertificateFields(issuerCertificate).subject);
  const key = digest(id.hashAlgorithm, issuerKeyBits(issuerCertificate));
  return Buffer.from(name).equals(id.issuerNameHash) && Buffer.from(key).equals(id.issuerKeyHash);
}

const certIdAsn1 = (id: CertId): Asn1 =>
  sequence(
    sequence(oid(id.hashAlgorithm), derNull()),
    octetString(id.issuerNameHash),
    octetString(id.issuerKeyHash),
    unsignedInteger(id.serialNumber),
  );

const nonceExtension = (nonce: Uint8Array): Asn1 =>
  sequence(oid(OCSP_OIDS.nonce), octetString(encodeDer(octetString(nonce))));

/** An unsigned OCSPRequest for `ids`, with a nonce when given. */
export function encodeOcspRequest(ids: CertId[], nonce?: Uint8Array): Uint8Array {
  const fields: Asn1[] = [sequence(...ids.map((id) => sequence(certIdAsn1(id))))];
  if (nonce) fields.push(explicit(2, sequence(nonceExtension(nonce))));
  return encodeDer(sequence(sequence(...fields)));
}

function readCertId(node: Asn1 | undefined): CertId {
  const [algorithm, nameHash, keyHash, serial] = children(node);
  return {
    hashAlgorithm: oidOf(children(algorithm)[0]),
    issuerNameHash: primitiveBytes(nameHash),
    issuerKeyHash: primitiveBytes(keyHash),
    serialNumber: stripSign(primitiveBytes(serial)),
  };
}

function readNonce(extensions: Asn1 | undefined): Uint8Array | undefined {
  for (const extension of children(children(extensions)[0])) {
    const [id, ...rest] = children(extension);
    if (oidOf(id) !== OCSP_OIDS.nonce) continue;
    const value = primitiveBytes(rest.at(-1));
    // RFC 8954: the nonce's extnValue holds an OCTET STRING; some old clients put the raw bytes.
    try {
      return primitiveBytes(decodeDer(value));
    } catch {
      return value;
    }
  }
  return undefined;
}

/** Read an OCSPRequest (signed requests are accepted; their signature is not needed for public status). */
export function parseOcspRequest(der: Uint8Array): OcspRequest {
  try {
    const [tbs] = children(decodeDer(der));
    const fields = children(tbs);
    const list = fields.find((field) => field.tagClass === Class.UNIVERSAL && field.type === Type.SEQUENCE);
    const extensions = fields.find((field) => field.tagClass === Class.CONTEXT_SPECIFIC && field.type === 2);
    const certIds = children(list).map((request) => readCertId(children(request)[0]));
    if (certIds.length === 0 || certIds.length > 16)
      throw new OcspRequestError('1 to 16 certificates per request');
    const nonce = extensions ? readNonce(extensions) : undefined;
    return { certIds, ...(nonce ? { nonce } : {}) };
  } catch (error) {
    if (error instanceof OcspRequestError) throw error;
    throw new OcspRequestError('malformed OCSPRequest', { cause: error });
  }
}

/** The answer for one certificate. */
export type CertStatus =
  | { status: 'good' }
  | { status: 'unknown' }
  | { status: 'revoked'; revokedAt: Date; reason: number };

const generalizedTime = (date: Date): Asn1 =>
  asn1.create(
    Class.UNIVERSAL,
    Type.GENERALIZEDTIME,
    false,
    asn1.dateToGeneralizedTime(new Date(Math.floor(date.getTime() / 1000) * 1000)),
  );

function certStatusAsn1(status: CertStatus): Asn1 {
  if (status.status === 'good') return asn1.create(Class.CONTEXT_SPECIFIC, 0, false, '');
  if (status.status === 'unknown') return asn1.create(Class.CONTEXT_SPECIFIC, 2, false, '');
  const reason = asn1.create(Class.UNIVERSAL, Type.ENUMERATED, false, String.fromCharCode(status.reason));
  return implicitConstructed(1, [generalizedTime(status.revokedAt), explicit(0, reason)]);
}

/** Inputs of `createOcspResponse`. */
export interface OcspResponseRequest {
  /** The CA certificate (DER) whose key `signer` holds: the responder. */
  caCertificate: Uint8Array;
  signer: SealSigner;
  producedAt: Date;
  nextUpdate: Date;
  answers: Array<{ certId: CertId; status: CertStatus }>;
  nonce?: Uint8Array;
}

/** A successful OCSPResponse with a BasicOCSPResponse signed by the CA key (DER). */
export async function createOcspResponse(request: OcspResponseRequest): Promise<Uint8Array> {
  const keyHash = new Uint8Array(createHash('sha1').update(issuerKeyBits(request.caCertificate)).digest());
  const responses = request.answers.map(({ certId, status }) =>
    sequence(
      certIdAsn1(certId),
      certStatusAsn1(status),
      generalizedTime(request.producedAt),
      explicit(0, generalizedTime(request.nextUpdate)),
    ),
  );
  const responseData = sequence(
    explicit(2, octetString(keyHash)), // ResponderID byKey
    generalizedTime(request.producedAt),
    sequence(...responses),
    ...(request.nonce ? [explicit(1, sequence(nonceExtension(request.nonce)))] : []),
  );
  const tbsDer = encodeDer(responseData);
  const signature = await signDer(request.signer, tbsDer);
  const basic = sequence(
    embedded(tbsDer),
    x509SignatureAlgorithm(request.signer.algorithm),
    bitString(signature),
  );
  return encodeDer(
    sequence(
      asn1.create(Class.UNIVERSAL, Type.ENUMERATED, false, String.fromCharCode(OCSP_STATUS.successful)),
      explicit(0, sequence(oid(OCSP_OIDS.basic), octetString(encodeDer(basic)))),
    ),
  );
}

/** An unsuccessful OCSPResponse (no responseBytes): malformedRequest, unauthorized, internalError. */
export function ocspErrorResponse(status: number): Uint8Array {
  return encodeDer(
    sequence(asn1.create(Class.UNIVERSAL, Type.ENUMERATED, false, String.fromCharCode(status))),
  );
}

/** The responseStatus and, for a successful one, nextUpdate of its first SingleResponse (for caching). */
export function readOcspResponse(der: Uint8Array): { status: number; nextUpdate?: Date } {
  const [status, bytes] = children(decodeDer(der));
  const code = primitiveBytes(status)[0] ?? -1;
  if (!bytes) return { status: code };
  const basic = decodeDer(primitiveBytes(children(children(bytes)[0])[1]));
  const data = children(children(basic)[0]);
  const responses = data.find((field) => field.tagClass === Class.UNIVERSAL && field.type === Type.SEQUENCE);
  const first = children(children(responses)[0]);
  // certStatus `good` is a primitive [0] too: nextUpdate is the constructed (EXPLICIT) [0].
  const next = first.find(
    (field) => field.tagClass === Class.CONTEXT_SPECIFIC && field.type === 0 && field.constructed,
  );
  const time = next ? Buffer.from(primitiveBytes(children(next)[0])).toString('latin1') : undefined;
  return { status: code, ...(time ? { nextUpdate: asn1.generalizedTimeToDate(time) } : {}) };
}
