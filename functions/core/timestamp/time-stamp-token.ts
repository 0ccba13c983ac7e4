/**
 * The TSA side of RFC 3161: a TimeStampToken is a CMS SignedData (RFC 5652) whose encapsulated content is the
 * DER TSTInfo, signed by the TSA key over signed attributes contentType (id-ct-TSTInfo), messageDigest and
 * signing-certificate-v2 (RFC 5816: ESSCertIDv2 with SHA-256). The key is behind a SealSigner, so the same
 * code signs with a local key file or a KMS key.
 */

import asn1 from 'node-forge/lib/asn1.js';
import type { SealSigner } from '../../ports/seal-signer.js';
import { CMS_OIDS, signingCertificateV2 } from '../pades/cms.js';
import {
  type Asn1,
  embedded,
  encodeDer,
  explicit,
  implicitConstructed,
  octetString,
  oid,
  sequence,
  set,
  smallInteger,
  sortedSet,
  unsignedInteger,
} from '../pki/der.js';
import { cmsSignatureAlgorithm, sha256, sha256Algorithm } from '../pki/signature-algorithm.js';
import { readCertificateFields } from '../pki/x509.js';
import { TSP_OIDS } from './rfc3161.js';

/** What one token says and who signs it. */
export interface TokenRequest {
  /** SHA-256 digest from the request's messageImprint. */
  digest: Uint8Array;
  nonce?: Uint8Array;
  /** Unique per token (RFC 3161 §2.4.2): up to 20 unsigned bytes. */
  serialNumber: Uint8Array;
  genTime: Date;
  /** @default TSP_OIDS.baselinePolicy */
  policy?: string;
  /** The TSA certificate (DER): referenced by signing-certificate-v2, and included when `certReq`. */
  certificate: Uint8Array;
  certReq: boolean;
  signer: SealSigner;
}

const attribute = (type: string, value: Asn1): Asn1 => sequence(oid(type), set(value));

/** RFC 3161 §2.4.2 TSTInfo in DER; genTime in whole seconds with `Z` (X.690 §11.7). */
export function encodeTstInfo(request: Omit<TokenRequest, 'certificate' | 'certReq' | 'signer'>): Uint8Array {
  const seconds = new Date(Math.floor(request.genTime.getTime() / 1000) * 1000);
  const genTime = asn1.create(
    asn1.Class.UNIVERSAL,
    asn1.Type.GENERALIZEDTIME,
    false,
    asn1.dateToGeneralizedTime(seconds),
  );
  const fields: Asn1[] = [
    smallInteger(1),
    oid(request.policy ?? TSP_OIDS.baselinePolicy),
    sequence(sha256Algorithm(), octetString(request.digest)),
    unsignedInteger(request.serialNumber),
    genTime,
  ];
  if (request.nonce) fields.push(unsignedInteger(request.nonce));
  return encodeDer(sequence(...fields));
}

/** Build and sign a TimeStampToken (ContentInfo, DER). */
export async function createTimeStampToken(request: TokenRequest): Promise<Uint8Array> {
  const tstInfo = encodeTstInfo(request);
  const signedAttributes = sortedSet([
    attribute(CMS_OIDS.contentType, oid(TSP_OIDS.tstInfo)),
    attribute(CMS_OIDS.messageDigest, octetString(sha256(tstInfo))),
    attribute(CMS_OIDS.signingCertificateV2, signingCertificateV2(request.certificate)),
  ]);
  const signature = await request.signer.sign(sha256(encodeDer(signedAttributes)));
  const { issuer, serialNumber } = readCertificateFields(request.certificate);
  const signerInfo = sequence(
    smallInteger(1),
    sequence(embedded(issuer), embedded(serialNumber)),
    sha256Algorithm(),
    implicitConstructed(0, signedAttributes.value as Asn1[]),
    cmsSignatureAlgorithm(request.signer.algorithm),
    octetString(signature),
  );
  const signedData = sequence(
    smallInteger(3), // RFC 5652 §5.1: version 3 when eContentType is not id-data
    set(sha256Algorithm()),
    sequence(oid(TSP_OIDS.tstInfo), explicit(0, octetString(tstInfo))),
    ...(request.certReq ? [implicitConstructed(0, [embedded(request.certificate)])] : []),
    set(signerInfo),
  );
  return encodeDer(sequence(oid(TSP_OIDS.signedData), explicit(0, signedData)));
}
