/**
 * Real sealed licences for the verifier's tests: a bootstrapped chain (root CA + seal certificate) with
 * node:crypto RSA-3072 signers standing in for KMS, and the pades helper's `sealPdf`. `sealWithPadding`
 * does what sealPdf does with a larger /Contents placeholder, because an RSA seal fills its placeholder
 * exactly and some attacks need zero padding to write into.
 */
import { X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { byteRangeAround, signedRanges, writeContents } from '../../../functions/core/pades/byte-range.js';
import {
  buildSignedAttributes,
  buildSignedData,
  signedDataLength,
} from '../../../functions/core/pades/cms.js';
import { ByteRangePlaceholder, ContentsPlaceholder } from '../../../functions/core/pades/placeholder.js';
import { sealPdf } from '../../../functions/core/pades/seal-pdf.js';
import { addSignatureField } from '../../../functions/core/pades/signature-field.js';
import { encodeDer } from '../../../functions/core/pki/der.js';
import { bootstrapSealChain } from '../../../functions/core/pki/seal-chain.js';
import { sha256 } from '../../../functions/core/pki/signature-algorithm.js';
import type { TrustAnchors } from '../../../functions/core/verification/types.js';
import type { SealSigner } from '../../../functions/ports/seal-signer.js';
import { makeRenderedLicence } from '../pades/rendered-licence.js';
import { type CryptoSigner, counterRandom, createCryptoSigner, fixedClock } from '../pki/crypto-signer.js';

/** When the fixture chain is issued; licences are sealed a little later. */
export const CHAIN_ISSUED_AT = '2026-03-26T08:00:00.000Z';
export const SEALED_AT = new Date('2026-04-01T02:30:00.000Z');
export const AUTHORITY = '某市行政审批局';

/** A chain and its signers. */
export interface SealingSetup {
  rootSigner: CryptoSigner;
  sealSigner: CryptoSigner;
  root: Uint8Array;
  seal: Uint8Array;
  trust: TrustAnchors;
}

/** Root and seal keys (RSA-3072, as the brief asks) and the chain issued at `issuedAt`. */
export async function createSealingSetup(
  options: { issuedAt?: string; authorityName?: string; modulusLength?: number } = {},
): Promise<SealingSetup> {
  const rootSigner = createCryptoSigner(options.modulusLength ?? 3072);
  const sealSigner = createCryptoSigner(options.modulusLength ?? 3072);
  const { root, seal } = await bootstrapSealChain({
    rootSigner,
    sealSigner,
    clock: fixedClock(options.issuedAt ?? CHAIN_ISSUED_AT),
    random: counterRandom(),
    authorityName: options.authorityName ?? AUTHORITY,
  });
  return { rootSigner, sealSigner, root, seal, trust: { roots: [root] } };
}

/** How to seal one licence; defaults to the setup's seal key and chain. */
export interface SealRequest {
  signer?: SealSigner;
  certificates?: Uint8Array[];
  signingTime?: Date;
  lines?: string[];
}

/** A licence sealed by the pades helper's `sealPdf`. */
export async function sealLicence(setup: SealingSetup, request: SealRequest = {}): Promise<Uint8Array> {
  return sealPdf(await makeRenderedLicence(request.lines), {
    signer: request.signer ?? setup.sealSigner,
    certificates: request.certificates ?? [setup.seal, setup.root],
    signingTime: request.signingTime ?? SEALED_AT,
    reason: '电子证照签章',
    location: '某市',
    signerName: AUTHORITY,
  });
}

/** Like sealPdf, with `spare` extra zero bytes after the DER inside /Contents. */
export async function sealWithPadding(setup: SealingSetup, spare: number): Promise<Uint8Array> {
  const rendered = await makeRenderedLicence();
  const certificates = [setup.seal, setup.root];
  const capacity = signedDataLength(certificates, setup.sealSigner.algorithm, 384) + spare;
  const contents = new ContentsPlaceholder(capacity);
  const byteRange = new ByteRangePlaceholder();
  addSignatureField(rendered.doc, rendered.seal, { byteRange, contents }, { signingTime: SEALED_AT });
  const pdf = await rendered.doc.save({ useObjectStreams: false, updateFieldAppearances: false });
  const range = byteRangeAround(contents.gap(), pdf.length);
  byteRange.fill(pdf, range);
  const signedAttributes = buildSignedAttributes(sha256(...signedRanges(pdf, range)), setup.seal);
  const signature = await setup.sealSigner.sign(sha256(encodeDer(signedAttributes)));
  const der = buildSignedData({
    certificates,
    algorithm: setup.sealSigner.algorithm,
    signedAttributes,
    signature,
  });
  writeContents(pdf, contents.gap(), der);
  return pdf;
}

/** The seal certificate's serial as lower-case hex, read by node:crypto (independent of the verifier). */
export const serialOf = (certificate: Uint8Array): string =>
  new X509Certificate(Buffer.from(certificate)).serialNumber.toLowerCase().replace(/^(00)+/, '');

/**
 * A licence signed "by another tool": node-forge's PKCS#7 signer, SubFilter adbe.pkcs7.detached, with our own
 * seal key and chain — so only the format tells it apart from a sealed licence.
 */
export async function signWithForgePkcs7(setup: SealingSetup): Promise<Uint8Array> {
  const rendered = await makeRenderedLicence();
  const contents = new ContentsPlaceholder(8192);
  const byteRange = new ByteRangePlaceholder();
  addSignatureField(rendered.doc, rendered.seal, { byteRange, contents }, { signingTime: SEALED_AT });
  const pdf = await rendered.doc.save({ useObjectStreams: false, updateFieldAppearances: false });
  const subFilter = Buffer.from(pdf).indexOf('/ETSI.CAdES.detached');
  pdf.set(Buffer.from('/adbe.pkcs7.detached'), subFilter); // same length, so no offset moves
  const range = byteRangeAround(contents.gap(), pdf.length);
  byteRange.fill(pdf, range);
  const signed = Buffer.concat(signedRanges(pdf, range)).toString('latin1');
  const p7 = forge.pkcs7.createSignedData();
  p7.content = forge.util.createBuffer(signed);
  const toForge = (der: Uint8Array) =>
    forge.pki.certificateFromAsn1(forge.asn1.fromDer(Buffer.from(der).toString('latin1')));
  p7.addCertificate(toForge(setup.seal));
  p7.addCertificate(toForge(setup.root));
  p7.addSigner({
    key: forge.pki.privateKeyFromPem(
      setup.sealSigner.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    ) as forge.pki.rsa.PrivateKey,
    certificate: toForge(setup.seal),
    digestAlgorithm: forge.pki.oids.sha256 as string,
    authenticatedAttributes: [
      { type: forge.pki.oids.contentType as string, value: forge.pki.oids.data },
      { type: forge.pki.oids.messageDigest as string },
      { type: forge.pki.oids.signingTime as string, value: SEALED_AT as unknown as string },
    ],
  });
  p7.sign({ detached: true });
  const der = Buffer.from(forge.asn1.toDer(p7.toAsn1()).getBytes(), 'latin1');
  writeContents(pdf, contents.gap(), new Uint8Array(der));
  return pdf;
}
