/**
 * The seal certificate chain: bootstrapped from the project's own root CA (both keys in KMS), or imported
 * from an external CA that certified a CSR made with the KMS seal key.
 */
import { createPublicKey, X509Certificate } from 'node:crypto';
import type { Clock } from '../../ports/clock.js';
import type { Random } from '../../ports/random.js';
import type { SealSigner } from '../../ports/seal-signer.js';
import { DomainError } from '../errors.js';
import { createCertificate } from './certificate.js';
import { EXTENDED_KEY_USAGE } from './extensions.js';
import { fromPem } from './pem.js';
import type { DistinguishedName } from './x509.js';

/** DER certificates of a freshly bootstrapped chain. */
export interface SealChain {
  root: Uint8Array;
  seal: Uint8Array;
}

/** Inputs of `bootstrapSealChain`. */
export interface BootstrapOptions {
  rootSigner: SealSigner;
  sealSigner: SealSigner;
  clock: Clock;
  random: Random;
  /** The issuing authority's name in Chinese, e.g. `某市行政审批局`: the seal certificate's CN. */
  authorityName: string;
  /** O of both certificates. @default authorityName */
  organization?: string;
  /**
   * The earliest instant the chain must be valid at (notBefore of both certificates). The local runtime
   * passes its `NOW` when that lies before an existing chain, so a licence sealed "in the past" still
   * verifies. @default clock.now()
   */
  validFrom?: Date;
  /**
   * An instant the root must still be valid at, beyond its 20 years from now: a replaced chain's root end,
   * so licences sealed under the old chain keep a valid anchor. @default none
   */
  rootValidUntil?: Date;
  /**
   * Where relying parties find the root's CRL and OCSP responder (`revocationUrls`): written into the seal
   * certificate (CRL distribution point, AIA OCSP) so a PAdES B-LT validator knows where to look.
   * @default none (a chain without revocation pointers)
   */
  revocation?: RevocationUrls;
}

/** The CRL and OCSP URLs of the project's CA, as the seal certificate names them. */
export interface RevocationUrls {
  crl: string;
  ocsp: string;
}

/** The CA's name in `/pki/{caName}.crl`: the one root CA of our seal and TSA certificates. */
export const ROOT_CA_NAME = 'root';

/** The public revocation URLs under the API's base URL (`GET /pki/root.crl`, `POST /pki/ocsp`). */
export function revocationUrls(publicBaseUrl: string): RevocationUrls {
  const base = publicBaseUrl.replace(/\/+$/, '');
  return { crl: `${base}/pki/${ROOT_CA_NAME}.crl`, ocsp: `${base}/pki/ocsp` };
}

const ROOT_YEARS = 20;
const SEAL_YEARS = 5;

/** A positive 16-byte serial (RFC 5280 §4.1.2.2 wants unpredictable, positive, ≤ 20 bytes). */
export function serialNumber(random: Random): Uint8Array {
  const bytes = Uint8Array.from(random.bytes(16));
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x40;
  return bytes;
}

export function plusYears(date: Date, years: number): Date {
  const later = new Date(date.getTime());
  later.setUTCFullYear(later.getUTCFullYear() + years);
  return later;
}

/**
 * Issue the root CA (self-signed, CA:true, keyCertSign+cRLSign, 20 years) and the seal certificate for the
 * seal key (digitalSignature+nonRepudiation, 5 years). The EKU lists emailProtection beside document signing:
 * NSS (pdfsig, Firefox) rejects a signer whose only EKU is 1.3.6.1.5.5.7.3.36.
 */
/** The platform's seal authority (the seal certificate's subject) unless configured otherwise. */
export const PLATFORM_SEAL_AUTHORITY = '湖南省政务服务电子证照签章中心';
export const PLATFORM_SEAL_ORGANIZATION = '湖南省人民政府办公厅';

export async function bootstrapSealChain(options: BootstrapOptions): Promise<SealChain> {
  // Certificates carry whole seconds; truncating keeps notBefore from lying in the future by milliseconds.
  const now = new Date(Math.floor(options.clock.now().getTime() / 1000) * 1000);
  const notBefore = options.validFrom
    ? new Date(Math.floor(Math.min(options.validFrom.getTime(), now.getTime()) / 1000) * 1000)
    : now;
  const rootNotAfter = new Date(
    Math.max(plusYears(now, ROOT_YEARS).getTime(), options.rootValidUntil?.getTime() ?? 0),
  );
  const organization = options.organization ?? options.authorityName;
  const rootName: DistinguishedName = {
    country: 'CN',
    organization,
    commonName: `${options.authorityName}电子印章根证书`,
  };
  const rootKey = await options.rootSigner.publicKey();
  const root = await createCertificate({
    subject: rootName,
    issuer: rootName,
    serialNumber: serialNumber(options.random),
    notBefore,
    notAfter: rootNotAfter,
    subjectPublicKey: rootKey,
    extensions: {
      basicConstraints: { ca: true, pathLength: 0 },
      keyUsage: ['keyCertSign', 'cRLSign'],
      subjectKeyIdentifier: true,
    },
    issuerSigner: options.rootSigner,
  });
  const seal = await createCertificate({
    subject: { country: 'CN', organization, commonName: options.authorityName },
    issuer: rootName,
    serialNumber: serialNumber(options.random),
    notBefore,
    notAfter: plusYears(now, SEAL_YEARS),
    subjectPublicKey: await options.sealSigner.publicKey(),
    extensions: {
      basicConstraints: { ca: false },
      keyUsage: ['digitalSignature', 'nonRepudiation'],
      extendedKeyUsage: [EXTENDED_KEY_USAGE.emailProtection, EXTENDED_KEY_USAGE.documentSigning],
      subjectKeyIdentifier: true,
      authorityKeyOf: rootKey,
      ...(options.revocation
        ? { crlDistributionPoints: [options.revocation.crl], ocspResponders: [options.revocation.ocsp] }
        : {}),
    },
    issuerSigner: options.rootSigner,
  });
  return { root, seal };
}

/** The validity of a stored chain (DER, seal certificate first, root last). */
export interface ChainValidity {
  validFrom: Date;
  /** Until when every certificate of the chain is valid (the earliest notAfter). */
  validUntil: Date;
  /** The root's own notAfter. */
  rootValidUntil: Date;
}

/** When a chain (seal first, root last) is valid as a whole; undefined for an empty or unparsable chain. */
export function chainValidity(chain: readonly Uint8Array[]): ChainValidity | undefined {
  try {
    const certificates = chain.map((der) => new X509Certificate(Buffer.from(der)));
    const root = certificates.at(-1);
    if (!root) return undefined;
    const from = certificates.map((c) => new Date(c.validFrom).getTime());
    const to = certificates.map((c) => new Date(c.validTo).getTime());
    return {
      validFrom: new Date(Math.max(...from)),
      validUntil: new Date(Math.min(...to)),
      rootValidUntil: new Date(root.validTo),
    };
  } catch {
    return undefined;
  }
}

const invalidChain = (zh: string, en: string, cause?: unknown): DomainError =>
  new DomainError(
    'UNPROCESSABLE',
    'SEAL_CHAIN_INVALID',
    `印章证书链无效：${zh}`,
    `Invalid seal chain: ${en}`,
    {
      cause,
    },
  );

const ANY_EXTENDED_KEY_USAGE = '2.5.29.37.0';

function parseChain(pemChain: string): X509Certificate[] {
  return fromPem('CERTIFICATE', pemChain).map((der, index) => {
    try {
      return new X509Certificate(Buffer.from(der));
    } catch (error) {
      throw invalidChain(
        `第 ${index + 1} 张证书无法解析`,
        `certificate ${index + 1} cannot be parsed`,
        error,
      );
    }
  });
}

function assertLeafUsable(leaf: X509Certificate, sealPublicKey: Uint8Array): void {
  const expected = createPublicKey({ key: Buffer.from(sealPublicKey), format: 'der', type: 'spki' });
  if (!leaf.publicKey.equals(expected)) {
    throw invalidChain('首张证书的公钥不是印章密钥', 'the first certificate does not certify the seal key');
  }
  // Node names the extended key usages `keyUsage`; undefined when the extension is absent (= any usage).
  const usages = leaf.keyUsage;
  if (
    usages &&
    !usages.includes(EXTENDED_KEY_USAGE.emailProtection) &&
    !usages.includes(ANY_EXTENDED_KEY_USAGE)
  ) {
    throw invalidChain(
      '印章证书的扩展密钥用法不被 PDF 验证工具接受',
      'the seal certificate’s extended key usage is rejected by PDF verifiers (add emailProtection)',
    );
  }
}

/**
 * Validate an imported chain (PEM, seal certificate first, ending at a self-signed root): the first
 * certificate certifies `sealPublicKey` (DER SPKI from KMS), each certificate is issued and signed by the next,
 * issuers are CAs. Returns the chain as DER, in order. Throws DomainError `SEAL_CHAIN_INVALID` otherwise.
 */
export function importSealChain(pemChain: string, sealPublicKey: Uint8Array): Uint8Array[] {
  const chain = parseChain(pemChain);
  const [leaf] = chain;
  if (!leaf) throw invalidChain('证书链为空', 'the chain is empty');
  assertLeafUsable(leaf, sealPublicKey);
  chain.forEach((certificate, index) => {
    const issuer = chain[index + 1] ?? certificate;
    const isRoot = issuer === certificate;
    if (isRoot && !certificate.checkIssued(certificate)) {
      throw invalidChain('证书链未以自签名根证书结尾', 'the chain does not end at a self-signed root');
    }
    if (!certificate.checkIssued(issuer) || !certificate.verify(issuer.publicKey)) {
      throw invalidChain(
        `第 ${index + 1} 张证书的签名无效`,
        `certificate ${index + 1} is not signed by its issuer`,
      );
    }
    if (!isRoot && !issuer.ca) {
      throw invalidChain(`第 ${index + 2} 张证书不是 CA 证书`, `certificate ${index + 2} is not a CA`);
    }
  });
  return chain.map((certificate) => new Uint8Array(certificate.raw));
}
