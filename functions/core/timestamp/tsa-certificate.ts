/**
 * The certificate of a TSA the project runs itself (the local runtime's): issued by our root CA, with
 * keyUsage digitalSignature and the one EKU id-kp-timeStamping, critical (RFC 3161 §2.3), so that
 * `openssl ts -verify` and PAdES validators accept its tokens.
 */
import { X509Certificate } from 'node:crypto';
import type { Clock } from '../../ports/clock.js';
import type { Random } from '../../ports/random.js';
import type { SealSigner } from '../../ports/seal-signer.js';
import { createCertificate } from '../pki/certificate.js';
import { EXTENDED_KEY_USAGE } from '../pki/extensions.js';
import { plusYears, type RevocationUrls, serialNumber } from '../pki/seal-chain.js';
import { readCertificateFields } from '../pki/x509.js';

/** Inputs of `issueTsaCertificate`. */
export interface TsaCertificateOptions {
  /** The root CA's key (KMS) and certificate (DER). */
  rootSigner: SealSigner;
  rootCertificate: Uint8Array;
  /** The TSA key, DER SubjectPublicKeyInfo. */
  tsaPublicKey: Uint8Array;
  clock: Clock;
  random: Random;
  /** CN of the TSA. */
  name: string;
  organization: string;
  /** The earliest instant the certificate must be valid at. @default clock.now() */
  validFrom?: Date;
  /** @default 5 */
  years?: number;
  revocation?: RevocationUrls;
}

/** Issue the TSA certificate (DER). It never outlives the root. */
export async function issueTsaCertificate(options: TsaCertificateOptions): Promise<Uint8Array> {
  const now = new Date(Math.floor(options.clock.now().getTime() / 1000) * 1000);
  const notBefore = new Date(
    Math.floor(Math.min(options.validFrom?.getTime() ?? now.getTime(), now.getTime()) / 1000) * 1000,
  );
  const root = readCertificateFields(options.rootCertificate);
  const rootEnd = new Date(new X509Certificate(Buffer.from(options.rootCertificate)).validTo);
  const notAfter = new Date(Math.min(plusYears(now, options.years ?? 5).getTime(), rootEnd.getTime()));
  return createCertificate({
    subject: { country: 'CN', organization: options.organization, commonName: options.name },
    issuer: root.subject,
    serialNumber: serialNumber(options.random),
    notBefore,
    notAfter,
    subjectPublicKey: options.tsaPublicKey,
    extensions: {
      basicConstraints: { ca: false },
      keyUsage: ['digitalSignature'],
      extendedKeyUsage: [EXTENDED_KEY_USAGE.timeStamping],
      extendedKeyUsageCritical: true,
      subjectKeyIdentifier: true,
      authorityKeyOf: root.subjectPublicKeyInfo,
      ...(options.revocation
        ? { crlDistributionPoints: [options.revocation.crl], ocspResponders: [options.revocation.ocsp] }
        : {}),
    },
    issuerSigner: options.rootSigner,
  });
}
