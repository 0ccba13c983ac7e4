/**
 * The CA's certificate revocation list (RFC 5280 §5): X.509 v2 CRL signed by the CA key (KMS), with the
 * authority key identifier and a CRL number. It lists revoked *seal and TSA certificates* only — a revoked
 * licence is the status list's business, not the CA's.
 */

import asn1 from 'node-forge/lib/asn1.js';
import type { SealSigner } from '../../ports/seal-signer.js';
import {
  type Asn1,
  bitString,
  children,
  decodeDer,
  embedded,
  encodeDer,
  explicit,
  implicitPrimitive,
  octetString,
  oid,
  primitiveBytes,
  sequence,
  smallInteger,
  time,
  unsignedInteger,
} from './der.js';
import { signDer, x509SignatureAlgorithm } from './signature-algorithm.js';
import { keyIdentifier, readCertificateFields } from './x509.js';

/** RFC 5280 §5.3.1 reason codes this project uses. */
export const REVOCATION_REASONS = {
  unspecified: 0,
  keyCompromise: 1,
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
} as const;

/** One revoked certificate of the CA. */
export interface RevokedCertificate {
  /** Serial number, lower-case hex (as Node's X509Certificate prints it). */
  serialNumber: string;
  revokedAt: Date;
  reason: keyof typeof REVOCATION_REASONS;
}

/** Inputs of `createCrl`. */
export interface CrlRequest {
  /** The CA certificate (DER) whose key `signer` holds. */
  caCertificate: Uint8Array;
  signer: SealSigner;
  thisUpdate: Date;
  nextUpdate: Date;
  /** Monotonic CRL number (RFC 5280 §5.2.3); the thisUpdate in seconds is a good one. */
  crlNumber: number;
  revoked: RevokedCertificate[];
}

const extension = (extensionOid: string, value: Asn1): Asn1 =>
  sequence(oid(extensionOid), octetString(encodeDer(value)));

export const serialBytes = (hex: string): Uint8Array =>
  new Uint8Array(Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex'));

const wholeSeconds = (date: Date) => new Date(Math.floor(date.getTime() / 1000) * 1000);

function revokedEntry(entry: RevokedCertificate): Asn1 {
  const reason = asn1.create(
    asn1.Class.UNIVERSAL,
    asn1.Type.ENUMERATED,
    false,
    String.fromCharCode(REVOCATION_REASONS[entry.reason]),
  );
  return sequence(
    unsignedInteger(serialBytes(entry.serialNumber)),
    time(wholeSeconds(entry.revokedAt)),
    sequence(extension('2.5.29.21', reason)),
  );
}

/** Build and sign the CRL; returns its DER. */
export async function createCrl(request: CrlRequest): Promise<Uint8Array> {
  const ca = readCertificateFields(request.caCertificate);
  const algorithm = x509SignatureAlgorithm(request.signer.algorithm);
  const tbs = sequence(
    smallInteger(1), // v2
    algorithm,
    embedded(ca.subject),
    time(wholeSeconds(request.thisUpdate)),
    time(wholeSeconds(request.nextUpdate)),
    ...(request.revoked.length > 0 ? [sequence(...request.revoked.map(revokedEntry))] : []),
    explicit(
      0,
      sequence(
        extension('2.5.29.35', sequence(implicitPrimitive(0, keyIdentifier(ca.subjectPublicKeyInfo)))),
        extension('2.5.29.20', unsignedInteger(serialBytes(request.crlNumber.toString(16)))),
      ),
    ),
  );
  const tbsDer = encodeDer(tbs);
  const signature = await signDer(request.signer, tbsDer);
  return encodeDer(
    sequence(embedded(tbsDer), x509SignatureAlgorithm(request.signer.algorithm), bitString(signature)),
  );
}

/** The thisUpdate and nextUpdate of a DER CRL (TBSCertList v2: version, signature, issuer, thisUpdate, nextUpdate). */
export function crlTimes(crl: Uint8Array): { thisUpdate: Date; nextUpdate?: Date } {
  const tbs = children(children(decodeDer(crl))[0]);
  const read = (node: Asn1 | undefined) => {
    const text = Buffer.from(primitiveBytes(node)).toString('latin1');
    return node?.type === asn1.Type.UTCTIME ? asn1.utcTimeToDate(text) : asn1.generalizedTimeToDate(text);
  };
  const next = tbs[4];
  const hasNext = next?.type === asn1.Type.UTCTIME || next?.type === asn1.Type.GENERALIZEDTIME;
  return { thisUpdate: read(tbs[3]), ...(hasNext ? { nextUpdate: read(next) } : {}) };
}

/** nextUpdate of a DER CRL, if it has one. */
export const crlNextUpdate = (crl: Uint8Array): Date | undefined => crlTimes(crl).nextUpdate;
