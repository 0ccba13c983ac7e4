/**
 * Long-term licences for the verifier's tests, made independently of the sealing code under test: a TSA of
 * the test's own (RSA key, certificate from the fixture root or another one), RFC 3161 tokens built here with
 * the DER helpers, a seal whose SignerInfo gets the token as its unsigned attribute, CRLs signed by the root,
 * and a DSS appended as an incremental update.
 */
import { createHash } from 'node:crypto';
import forge from 'node-forge';
import { byteRangeAround, signedRanges, writeContents } from '../../../functions/core/pades/byte-range.js';
import {
  buildSignedAttributes,
  buildSignedData,
  signedDataLength,
} from '../../../functions/core/pades/cms.js';
import { ByteRangePlaceholder, ContentsPlaceholder } from '../../../functions/core/pades/placeholder.js';
import { addSignatureField } from '../../../functions/core/pades/signature-field.js';
import { createCertificate } from '../../../functions/core/pki/certificate.js';
import {
  type Asn1,
  decodeDer,
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
  time,
  unsignedInteger,
} from '../../../functions/core/pki/der.js';
import { EXTENDED_KEY_USAGE } from '../../../functions/core/pki/extensions.js';
import {
  cmsSignatureAlgorithm,
  sha256,
  sha256Algorithm,
  signDer,
  x509SignatureAlgorithm,
} from '../../../functions/core/pki/signature-algorithm.js';
import { readCertificateFields } from '../../../functions/core/pki/x509.js';
import { PdfDocument } from '../../../functions/core/verification/document/pdf-document.js';
import type { PdfDict, PdfRef } from '../../../functions/core/verification/pdf-object-reader.js';
import type { TimeStampAuthority } from '../../../functions/ports/time-stamp-authority.js';
import { makeRenderedLicence } from '../pades/rendered-licence.js';
import { type CryptoSigner, createCryptoSigner } from '../pki/crypto-signer.js';
import { appendUpdate, dict, edit, name, ref } from './incremental-update.js';
import type { SealingSetup } from './sealed-licence.js';

const OID = {
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
};

/** A TSA of the test: `timestamp` answers with `clock()` as genTime, as a real TSA uses its clock. */
export interface TestTsa extends TimeStampAuthority {
  certificate: Uint8Array;
  signer: CryptoSigner;
  clock: () => Date;
  /** Make the next tokens over this digest instead of the one asked for (a mismatched token). */
  imprintOverride?: Uint8Array;
}

/** Options of `createTestTsa`. */
export interface TestTsaOptions {
  notBefore: Date;
  notAfter: Date;
  genTime: () => Date;
  /** The issuer: the fixture root unless another (a forger's) is given. */
  issuer?: { signer: CryptoSigner; certificate: Uint8Array };
  /** RFC 3161 §2.3 wants the EKU critical. @default true */
  critical?: boolean;
}

const attribute = (type: string, value: Asn1): Asn1 => sequence(oid(type), set(value));

/** A TimeStampToken (RFC 3161 §2.4.2) over `digest` (SHA-256), signed by `tsa`. */
export async function makeToken(tsa: TestTsa, digest: Uint8Array): Promise<Uint8Array> {
  const genTime = asn1Time(tsa.clock());
  const info = encodeDer(
    sequence(
      smallInteger(1),
      oid('0.4.0.2023.1.1'),
      sequence(sha256Algorithm(), octetString(tsa.imprintOverride ?? digest)),
      unsignedInteger(Uint8Array.of(1, 2, 3, 4)),
      genTime,
    ),
  );
  const { issuer, serialNumber } = readCertificateFields(tsa.certificate);
  const essCertId = sequence(octetString(sha256(tsa.certificate)));
  const signed = sortedSet([
    attribute(OID.contentType, oid(OID.tstInfo)),
    attribute(OID.messageDigest, octetString(sha256(info))),
    attribute(OID.signingCertificateV2, sequence(sequence(essCertId))),
  ]);
  const signature = await tsa.signer.sign(sha256(encodeDer(signed)));
  const signerInfo = sequence(
    smallInteger(1),
    sequence(embedded(issuer), embedded(serialNumber)),
    sha256Algorithm(),
    implicitConstructed(0, signed.value as Asn1[]),
    cmsSignatureAlgorithm(tsa.signer.algorithm),
    octetString(signature),
  );
  const signedData = sequence(
    smallInteger(3),
    set(sha256Algorithm()),
    sequence(oid(OID.tstInfo), explicit(0, octetString(info))),
    implicitConstructed(0, [embedded(tsa.certificate)]),
    set(signerInfo),
  );
  return encodeDer(sequence(oid(OID.signedData), explicit(0, signedData)));
}

function asn1Time(date: Date): Asn1 {
  const text = `${date.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
  return forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.GENERALIZEDTIME, false, text) as Asn1;
}

/** A TSA whose certificate the fixture root (or `issuer`) issued, with the critical timeStamping EKU. */
export async function createTestTsa(setup: SealingSetup, options: TestTsaOptions): Promise<TestTsa> {
  const signer = createCryptoSigner(2048);
  const issuer = options.issuer ?? { signer: setup.rootSigner, certificate: setup.root };
  const certificate = await createCertificate({
    subject: { country: 'CN', organization: '测试', commonName: '测试时间戳服务' },
    issuer: readCertificateFields(issuer.certificate).subject,
    serialNumber: Uint8Array.of(0x51, Math.floor(Math.random() * 200) + 1),
    notBefore: options.notBefore,
    notAfter: options.notAfter,
    subjectPublicKey: await signer.publicKey(),
    extensions: {
      basicConstraints: { ca: false },
      keyUsage: ['digitalSignature'],
      extendedKeyUsage: [EXTENDED_KEY_USAGE.timeStamping],
      extendedKeyUsageCritical: options.critical ?? true,
    },
    issuerSigner: issuer.signer,
  });
  const tsa: TestTsa = {
    certificate,
    signer,
    clock: options.genTime,
    timestamp: (digest) => makeToken(tsa, digest),
  };
  return tsa;
}

/** The SignerInfo of a CMS gets `token` as its id-aa-signatureTimeStampToken (RFC 3161 Appendix A). */
export function withSignatureTimestamp(cms: Uint8Array, token: Uint8Array): Uint8Array {
  const info = decodeDer(cms);
  const wrapper = (info.value as Asn1[])[1] as Asn1;
  const signedData = (wrapper.value as Asn1[])[0] as Asn1;
  const signerInfos = (signedData.value as Asn1[])[(signedData.value as Asn1[]).length - 1] as Asn1;
  const signerInfo = (signerInfos.value as Asn1[])[0] as Asn1;
  (signerInfo.value as Asn1[]).push(
    implicitConstructed(1, [attribute(OID.signatureTimeStampToken, embedded(token))]),
  );
  return encodeDer(info);
}

/** A licence sealed at `signingTime` whose seal carries a time-stamp from `tsa` (or `token` of its own). */
export async function sealWithTimestamp(
  setup: SealingSetup,
  tsa: TestTsa,
  signingTime: Date,
  token?: (signature: Uint8Array) => Promise<Uint8Array>,
): Promise<Uint8Array> {
  const rendered = await makeRenderedLicence();
  const certificates = [setup.seal, setup.root];
  const capacity = signedDataLength(certificates, setup.sealSigner.algorithm, 384) + 8192;
  const contents = new ContentsPlaceholder(capacity);
  const byteRange = new ByteRangePlaceholder();
  addSignatureField(rendered.doc, rendered.seal, { byteRange, contents }, { signingTime });
  const pdf = await rendered.doc.save({ useObjectStreams: false, updateFieldAppearances: false });
  const range = byteRangeAround(contents.gap(), pdf.length);
  byteRange.fill(pdf, range);
  const signedAttributes = buildSignedAttributes(sha256(...signedRanges(pdf, range)), setup.seal);
  const signature = await setup.sealSigner.sign(sha256(encodeDer(signedAttributes)));
  const cms = buildSignedData({
    certificates,
    algorithm: setup.sealSigner.algorithm,
    signedAttributes,
    signature,
  });
  const stamp = token ? await token(signature) : await tsa.timestamp(sha256(signature));
  writeContents(pdf, contents.gap(), withSignatureTimestamp(cms, stamp));
  return pdf;
}

/** An X.509 v2 CRL of `issuer` listing `revoked` serials (DER, unsigned big-endian). */
export async function makeCrl(
  issuer: { signer: CryptoSigner; certificate: Uint8Array },
  thisUpdate: Date,
  nextUpdate: Date,
  revoked: { serial: Uint8Array; at: Date }[] = [],
): Promise<Uint8Array> {
  const algorithm = x509SignatureAlgorithm(issuer.signer.algorithm);
  const tbs = encodeDer(
    sequence(
      smallInteger(1),
      algorithm,
      embedded(readCertificateFields(issuer.certificate).subject),
      time(thisUpdate),
      time(nextUpdate),
      ...(revoked.length > 0
        ? [sequence(...revoked.map((entry) => sequence(unsignedInteger(entry.serial), time(entry.at))))]
        : []),
    ),
  );
  const signature = await signDer(issuer.signer, tbs);
  const bits = forge.asn1.create(
    forge.asn1.Class.UNIVERSAL,
    forge.asn1.Type.BITSTRING,
    false,
    `\u0000${Buffer.from(signature).toString('latin1')}`,
  ) as Asn1;
  return encodeDer(sequence(embedded(tbs), x509SignatureAlgorithm(issuer.signer.algorithm), bits));
}

/** The serial number of a certificate (unsigned bytes). */
export const serialBytes = (certificate: Uint8Array): Uint8Array => {
  const bytes = readCertificateFields(certificate).serialNumber;
  return bytes.subarray(bytes[2] === 0 ? 3 : 2);
};

/** Append a DSS (certificates and CRLs as streams) as one incremental update, as B-LT sealing does. */
export function appendDss(
  pdf: Uint8Array,
  material: { certificates?: Uint8Array[]; crls?: Uint8Array[]; ocspResponses?: Uint8Array[] },
  extra: (size: number) => {
    num: number;
    value: import('../../../functions/core/verification/pdf-object-reader.js').PdfValue;
  }[] = () => [],
): Uint8Array {
  const doc = new PdfDocument(Buffer.from(pdf));
  const last = doc.revisions[doc.revisions.length - 1];
  const rootRef = last?.trailer?.get('Root') as PdfRef;
  const catalog = doc.catalog(last as never) as PdfDict;
  let next = Math.max(...(last?.entries.keys() ?? [0])) + 1;
  const streams = (items: Uint8Array[] = []) =>
    items.map((data) => ({
      num: next++,
      stream: { dict: dict({}), data: Buffer.from(data).toString('latin1') },
    }));
  const certs = streams(material.certificates);
  const crls = streams(material.crls);
  const ocsps = streams(material.ocspResponses);
  const dssNum = next++;
  const others = extra(next);
  next = Math.max(next, ...others.map((item) => item.num + 1));
  return appendUpdate(
    pdf,
    [
      ...certs,
      ...crls,
      ...ocsps,
      {
        num: dssNum,
        value: dict({
          Type: name('DSS'),
          Certs: certs.map((item) => ref(item.num)),
          CRLs: crls.map((item) => ref(item.num)),
          OCSPs: ocsps.map((item) => ref(item.num)),
        }),
      },
      ...others,
      { num: rootRef.num, value: edit(catalog, { DSS: ref(dssNum) }) },
    ],
    rootRef.num,
    next,
  );
}

/** SHA-256 of some bytes (for mismatched imprints). */
export const digestOf = (text: string) => new Uint8Array(createHash('sha256').update(text).digest());
