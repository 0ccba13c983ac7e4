/**
 * The seal information (SES_SealInfo) of a seal: its picture drawn by the PDF's seal drawing (type "ofd": a
 * one-page vector OFD — the same strokes as the PDF's seal at any size, where a "png" would need a
 * rasteriser the pure core does not have), its validity the seal certificate's, its esID stable per seal.
 */

import { SEAL_DIAMETER_PT } from '../licence/render/page-model.js';
import type { SealInfo } from '../ses/ses-v4.js';
import { readSm2Certificate } from '../sm2/certificates.js';
import { sm3 } from '../sm2/index.js';
import { MM_PER_PT } from './content-xml.js';
import type { OfdRenderer } from './render-ofd.js';

/** What a seal is: the authority and purpose it shows, and the certificate of the key that uses it. */
export interface SealSubject {
  issuer: string;
  purpose: string;
  /** DER certificate of the seal holder's SM2 key. */
  sealCertificate: Uint8Array;
  createdAt: Date;
}

/** esID: "ZZ" and 30 hex digits of SM3(issuer, purpose, seal certificate) — one per seal and key. */
export function sealIdOf(subject: Omit<SealSubject, 'createdAt'>): string {
  const digest = sm3(
    new Uint8Array([
      ...new TextEncoder().encode(`SES-v4\u0000${subject.issuer}\u0000${subject.purpose}\u0000`),
      ...subject.sealCertificate,
    ]),
  );
  return `ZZ${Buffer.from(digest).toString('hex').slice(0, 30).toUpperCase()}`;
}

/** The seal information for `subject`. */
export function sealInfoFor(renderer: OfdRenderer, subject: SealSubject): SealInfo {
  const certificate = readSm2Certificate(subject.sealCertificate);
  const sizeMm = SEAL_DIAMETER_PT * MM_PER_PT;
  return {
    vendorId: 'Zhengzhao',
    esId: sealIdOf(subject),
    type: 1,
    name: `${subject.issuer}${subject.purpose}`,
    certList: [subject.sealCertificate],
    createDate: subject.createdAt,
    validStart: certificate.notBefore,
    validEnd: certificate.notAfter,
    picture: {
      type: 'ofd',
      data: renderer.sealPicture({ issuer: subject.issuer, purpose: subject.purpose }, subject.createdAt),
      widthMm: sizeMm,
      heightMm: sizeMm,
    },
  };
}
