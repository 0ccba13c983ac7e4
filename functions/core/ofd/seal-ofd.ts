/**
 * Sealing an OFD licence (GB/T 33190 §18, GB/T 38540 v4): Signs/Signatures.xml → Sign_0/Signature.xml with an
 * SM3 CheckValue of every file of the package (the Signs/ files themselves excepted: Seal.esl is inside the
 * signed TBS_Sign, and Signature.xml is what dataHash covers), the seal (Seal.esl), the StampAnnot where the
 * seal shows, and SignedValue.dat = DER SES_Signature over TBS_Sign { dataHash = SM3(Signature.xml) }.
 */
import type { Sm2Signer } from '../../ports/sm2-signer.js';
import { encodeSignature, encodeTbsSign, SM3_OID, SM3_WITH_SM2 } from '../ses/ses-v4.js';
import { num } from './content-xml.js';
import { sm3 } from './digest.js';
import { OFD_NS, type OfdFiles, SIGNATURES_PATH, zipOfd } from './package.js';
import type { UnsignedOfd } from './render-ofd.js';

export const SIGN_DIR = 'Doc_0/Signs/Sign_0';
export const SIGNATURE_PATH = `${SIGN_DIR}/Signature.xml`;
export const SEAL_PATH = `${SIGN_DIR}/Seal.esl`;
export const SIGNED_VALUE_PATH = `${SIGN_DIR}/SignedValue.dat`;

const XML_DECL = '<?xml version="1.0" encoding="UTF-8"?>\n';
const utf8 = new TextEncoder();
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/** The seal holder's signing key and certificate, and the seal object it stamps with. */
export interface OfdSealer {
  signer: Sm2Signer;
  /** DER certificate of the seal holder (签章者证书). */
  certificate: Uint8Array;
  /** DER SESeal (Seal.esl), made once per seal (ses/make-seal.ts). */
  seal: Uint8Array;
}

/** GB/T 38540 writes times as GeneralizedTime; Signature.xml's SignatureDateTime the same way (UTC). */
export const signatureDateTime = (at: Date) => `${at.toISOString().slice(0, 19).replace(/[-:T]/g, '')}Z`;

/** Signature.xml for `files`, the seal at `sealBoundary` on page `pageId`. */
export function signatureXml(unsigned: UnsignedOfd, signedAt: Date): Uint8Array {
  const references = [...unsigned.files]
    .map(
      ([path, bytes]) =>
        `<ofd:Reference FileRef="/${path}"><ofd:CheckValue>${b64(sm3(bytes))}</ofd:CheckValue></ofd:Reference>`,
    )
    .join('');
  const boundary = unsigned.sealBoundary.map(num).join(' ');
  return utf8.encode(
    `${XML_DECL}<ofd:Signature xmlns:ofd="${OFD_NS}"><ofd:SignedInfo>` +
      '<ofd:Provider ProviderName="Zhengzhao" Company="Zhengzhao" Version="1.0"/>' +
      `<ofd:SignatureMethod>${SM3_WITH_SM2}</ofd:SignatureMethod>` +
      `<ofd:SignatureDateTime>${signatureDateTime(signedAt)}</ofd:SignatureDateTime>` +
      `<ofd:References CheckMethod="${SM3_OID}">${references}</ofd:References>` +
      `<ofd:StampAnnot ID="1" PageRef="${unsigned.pageId}" Boundary="${boundary}"/>` +
      `<ofd:Seal><ofd:BaseLoc>/${SEAL_PATH}</ofd:BaseLoc></ofd:Seal>` +
      `</ofd:SignedInfo><ofd:SignedValue>/${SIGNED_VALUE_PATH}</ofd:SignedValue></ofd:Signature>`,
  );
}

const signaturesXml = () =>
  utf8.encode(
    `${XML_DECL}<ofd:Signatures xmlns:ofd="${OFD_NS}"><ofd:MaxSignId>1</ofd:MaxSignId>` +
      `<ofd:Signature ID="1" Type="Seal" BaseLoc="/${SIGNATURE_PATH}"/></ofd:Signatures>`,
  );

/** The sealed package's files: the unsigned ones plus Signs/. */
export async function sealOfdFiles(
  unsigned: UnsignedOfd,
  sealer: OfdSealer,
  signedAt: Date,
): Promise<OfdFiles> {
  const signature = signatureXml(unsigned, signedAt);
  const toBeSigned = encodeTbsSign({
    sealDer: sealer.seal,
    timeInfo: signedAt,
    dataHash: sm3(signature),
    propertyInfo: `/${SIGNATURE_PATH}`,
  });
  const signed = await sealer.signer.sign(toBeSigned);
  const files: OfdFiles = new Map(unsigned.files);
  files.set(SIGNATURES_PATH, signaturesXml());
  files.set(SIGNATURE_PATH, signature);
  files.set(SEAL_PATH, sealer.seal);
  files.set(SIGNED_VALUE_PATH, encodeSignature(toBeSigned, sealer.certificate, signed));
  return files;
}

/** The sealed OFD file. */
export async function sealOfd(unsigned: UnsignedOfd, sealer: OfdSealer, signedAt: Date): Promise<Uint8Array> {
  return zipOfd(await sealOfdFiles(unsigned, sealer, signedAt), signedAt);
}
