/**
 * Produces one sealed licence: render (fonts parsed once per process) → PAdES seal through the SealSigner (KMS).
 */
import { createHash, X509Certificate } from 'node:crypto';
import type { SealSigner } from '../../ports/seal-signer.js';
import type { TimeStampAuthority } from '../../ports/time-stamp-authority.js';
import type { ValidationDataSource } from '../../ports/validation-data.js';
import type { LicenceRenderer, LicenceRenderInput } from '../licence/render/render-licence.js';
import { sealPdfWithToken } from '../pades/seal-pdf.js';
import { memoizeByBytes } from '../pki/parsed-cache.js';

export interface SealedLicence {
  bytes: Uint8Array;
  sha256: string;
  sealCertificateSerial: string;
  /**
   * The seal's RFC 3161 token inside `bytes`, null when sealed without a TSA (B-B). Absent when the producer
   * does not say: then whoever needs it reads the file.
   */
  timeStampToken?: Uint8Array | null;
}

export interface LicenceFactory {
  produce(input: LicenceRenderInput, signingTime: Date): Promise<SealedLicence>;
}

/** The seal certificate chain (DER, seal certificate first), loaded once and cached by the caller. */
export type SealChainSource = () => Promise<Uint8Array[]>;

const serialOf = memoizeByBytes((der) => new X509Certificate(der).serialNumber.toLowerCase(), 16);

export function createLicenceFactory(options: {
  renderer: LicenceRenderer;
  signer: SealSigner;
  chain: SealChainSource;
  /** PAdES B-T: the seal's signature time-stamp. @default none (B-B) */
  timestamps?: TimeStampAuthority;
  /** PAdES B-LT (with `timestamps`): the DSS's revocation data. @default none */
  validationData?: ValidationDataSource;
  /** Text of the signature dictionary (/Reason, /Location). */
  reason?: string;
  location?: string;
}): LicenceFactory {
  return {
    async produce(input, signingTime) {
      const [rendered, certificates] = await Promise.all([options.renderer.render(input), options.chain()]);
      const { bytes, timeStampToken } = await sealPdfWithToken(rendered, {
        signer: options.signer,
        certificates,
        signingTime,
        reason: options.reason ?? '电子证照签章 / Electronic licence seal',
        location: options.location ?? '中国湖南 / Hunan, China',
        signerName: input.template.issuer,
        ...(options.timestamps ? { timestamps: options.timestamps } : {}),
        ...(options.validationData ? { validationData: options.validationData } : {}),
      });
      const [seal] = certificates;
      return {
        bytes,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        sealCertificateSerial: seal ? serialOf(seal) : '',
        timeStampToken,
      };
    },
  };
}
