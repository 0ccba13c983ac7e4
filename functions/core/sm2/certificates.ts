/**
 * SM2 X.509 certificates for the OFD seal (GM/T 0015): the seal maker's self-signed root (CA) and the seal
 * holder's certificate, both signed SM3withSM2 with the default signer ID through an `Sm2Signer` — so on AWS
 * the root key in KMS signs, and only the TBSCertificate leaves this process. Built with the project's DER
 * helpers (functions/core/pki/der.ts) like the RSA/ECDSA chain.
 */
import asn1 from 'node-forge/lib/asn1.js';
import type { Clock } from '../../ports/clock.js';
import type { Random } from '../../ports/random.js';
import type { Sm2Signer } from '../../ports/sm2-signer.js';
import { DomainError } from '../errors.js';
import {
  type Asn1,
  bitString,
  children,
  decodeDer,
  embedded,
  encodeDer,
  explicit,
  oid,
  oidOf,
  primitiveBytes,
  sequence,
  smallInteger,
  time,
  unsignedInteger,
} from '../pki/der.js';
import { type CertificateExtensions, encodeExtensions } from '../pki/extensions.js';
import { plusYears, serialNumber } from '../pki/seal-chain.js';
import { type DistinguishedName, nameToAsn1 } from '../pki/x509.js';
import { SM_OIDS } from './constants.js';
import { verifySm2 } from './signature.js';

/** GM/T 0015 §7: SM3withSM2 AlgorithmIdentifier, parameters absent (as OpenSSL writes and expects it). */
const sm3WithSm2 = (): Asn1 => sequence(oid(SM_OIDS.sm3WithSm2));

/** What goes into an SM2 certificate. */
export interface Sm2CertificateRequest {
  subject: DistinguishedName;
  issuer: DistinguishedName;
  /** Unsigned big-endian, 1–20 bytes (RFC 5280 §4.1.2.2). */
  serialNumber: Uint8Array;
  notBefore: Date;
  notAfter: Date;
  /** The certified SM2 key, DER SubjectPublicKeyInfo. */
  subjectPublicKey: Uint8Array;
  extensions: CertificateExtensions;
  issuerSigner: Sm2Signer;
}

/** Build an X.509 v3 certificate signed SM3withSM2 by `issuerSigner`; returns its DER. */
export async function createSm2Certificate(request: Sm2CertificateRequest): Promise<Uint8Array> {
  if (request.serialNumber.length === 0 || request.serialNumber.length > 20) {
    throw new RangeError('serialNumber must be 1–20 bytes');
  }
  if (request.notAfter.getTime() <= request.notBefore.getTime()) {
    throw new RangeError('notAfter must be later than notBefore');
  }
  const extensions = encodeExtensions(request.extensions, request.subjectPublicKey);
  const tbs = encodeDer(
    sequence(
      explicit(0, smallInteger(2)), // v3
      unsignedInteger(request.serialNumber),
      sm3WithSm2(),
      nameToAsn1(request.issuer),
      sequence(time(request.notBefore), time(request.notAfter)),
      nameToAsn1(request.subject),
      embedded(request.subjectPublicKey),
      ...(extensions.length > 0 ? [explicit(3, sequence(...extensions))] : []),
    ),
  );
  const signature = await request.issuerSigner.sign(tbs);
  return encodeDer(sequence(embedded(tbs), sm3WithSm2(), bitString(signature)));
}

/** DER certificates of the SM2 seal chain. */
export interface Sm2SealChain {
  /** The seal maker's self-signed root (CA); its key makes the SESeal objects. */
  root: Uint8Array;
  /** The seal holder's certificate (the authority), issued by the root; its key signs each licence. */
  seal: Uint8Array;
}

/** Inputs of `issueSm2SealChain`. */
export interface Sm2SealChainOptions {
  /** The seal maker's key (root CA; on AWS a KMS SM2 key used only by the pki function). */
  makerSigner: Sm2Signer;
  /** The seal holder's key (on AWS a KMS SM2 key used only by the function that seals OFDs). */
  sealSigner: Sm2Signer;
  clock: Clock;
  random: Random;
  /** The issuing authority's name in Chinese: the seal certificate's CN. */
  authorityName: string;
  /** O of both certificates. @default authorityName */
  organization?: string;
  /** notBefore of both certificates when earlier than now (a local NOW in the past). @default clock.now() */
  validFrom?: Date;
}

const ROOT_YEARS = 20;
const SEAL_YEARS = 5;

/**
 * Issue the seal maker's root (self-signed, CA:true pathLen 0, keyCertSign+cRLSign, 20 years) and the seal
 * certificate (digitalSignature+nonRepudiation, 5 years), both SM3withSM2.
 */
export async function issueSm2SealChain(options: Sm2SealChainOptions): Promise<Sm2SealChain> {
  // Whole seconds: a notBefore milliseconds in the future would make a fresh chain "not yet valid".
  const now = new Date(Math.floor(options.clock.now().getTime() / 1000) * 1000);
  const notBefore = options.validFrom
    ? new Date(Math.floor(Math.min(options.validFrom.getTime(), now.getTime()) / 1000) * 1000)
    : now;
  const organization = options.organization ?? options.authorityName;
  const rootName: DistinguishedName = {
    country: 'CN',
    organization,
    commonName: `${options.authorityName}电子印章制作根证书（SM2）`,
  };
  const makerKey = await options.makerSigner.publicKey();
  const root = await createSm2Certificate({
    subject: rootName,
    issuer: rootName,
    serialNumber: serialNumber(options.random),
    notBefore,
    notAfter: plusYears(now, ROOT_YEARS),
    subjectPublicKey: makerKey,
    extensions: {
      basicConstraints: { ca: true, pathLength: 0 },
      keyUsage: ['keyCertSign', 'cRLSign'],
      subjectKeyIdentifier: true,
    },
    issuerSigner: options.makerSigner,
  });
  const seal = await createSm2Certificate({
    subject: { country: 'CN', organization, commonName: options.authorityName },
    issuer: rootName,
    serialNumber: serialNumber(options.random),
    notBefore,
    notAfter: plusYears(now, SEAL_YEARS),
    subjectPublicKey: await options.sealSigner.publicKey(),
    extensions: {
      basicConstraints: { ca: false },
      keyUsage: ['digitalSignature', 'nonRepudiation'],
      subjectKeyIdentifier: true,
      authorityKeyOf: makerKey,
    },
    issuerSigner: options.makerSigner,
  });
  return { root, seal };
}

/** The fields of an SM2 certificate a seal verifier reads. */
export interface Sm2CertificateInfo {
  /** The DER TBSCertificate (what the issuer signed). */
  tbs: Uint8Array;
  serialNumber: Uint8Array;
  /** DER Name of the issuer and the subject. */
  issuer: Uint8Array;
  subject: Uint8Array;
  notBefore: Date;
  notAfter: Date;
  /** DER SubjectPublicKeyInfo. */
  subjectPublicKeyInfo: Uint8Array;
  /** The outer signatureAlgorithm OID (SM3withSM2 for ours). */
  signatureAlgorithm: string;
  /** The DER SM2Signature from the signatureValue BIT STRING. */
  signature: Uint8Array;
}

const dateOf = (node: Asn1 | undefined): Date => {
  const text = Buffer.from(primitiveBytes(node)).toString('latin1');
  return node?.type === asn1.Type.UTCTIME ? asn1.utcTimeToDate(text) : asn1.generalizedTimeToDate(text);
};

/** Read a DER certificate's fields; DomainError CERTIFICATE_MALFORMED if it is not a certificate. */
export function readSm2Certificate(der: Uint8Array): Sm2CertificateInfo {
  try {
    const [tbsNode, algorithm, signatureValue] = children(decodeDer(der));
    const tbs = children(tbsNode);
    const offset = tbs[0]?.tagClass === asn1.Class.CONTEXT_SPECIFIC && tbs[0]?.type === 0 ? 1 : 0;
    const field = (index: number): Asn1 => {
      const node = tbs[offset + index];
      if (!node) throw new TypeError('truncated TBSCertificate');
      return node;
    };
    const [notBefore, notAfter] = children(field(3));
    const bits = primitiveBytes(signatureValue);
    if (bits[0] !== 0) throw new TypeError('signature BIT STRING has unused bits');
    return {
      tbs: encodeDer(tbsNode as Asn1),
      serialNumber: primitiveBytes(field(0)),
      issuer: encodeDer(field(2)),
      subject: encodeDer(field(4)),
      notBefore: dateOf(notBefore),
      notAfter: dateOf(notAfter),
      subjectPublicKeyInfo: encodeDer(field(5)),
      signatureAlgorithm: oidOf(children(algorithm)[0]),
      signature: bits.subarray(1),
    };
  } catch (error) {
    throw new DomainError('INVALID', 'CERTIFICATE_MALFORMED', '证书格式错误', 'Malformed certificate', {
      cause: error,
    });
  }
}

/** True when `certificate` (DER) is signed SM3withSM2 (default ID) by the key `issuerSpki`; never throws. */
export function verifySm2CertificateSignature(certificate: Uint8Array, issuerSpki: Uint8Array): boolean {
  try {
    const info = readSm2Certificate(certificate);
    return info.signatureAlgorithm === SM_OIDS.sm3WithSm2 && verifySm2(issuerSpki, info.tbs, info.signature);
  } catch {
    return false;
  }
}
