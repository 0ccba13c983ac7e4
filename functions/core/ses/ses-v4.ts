/**
 * GB/T 38540-2020 (安全电子签章密码技术规范) version 4 structures, DER with asn1js. Field order as the standard
 * lists it (and as ofdrw's `ofdrw-gm/src/main/java/org/ofdrw/gm/ses/v4/*` reads it):
 *
 *   SESeal        ::= SEQUENCE { eSealInfo SES_SealInfo, cert OCTET STRING, signAlgID OBJECT IDENTIFIER,
 *                                signedValue BIT STRING }
 *   SES_SealInfo  ::= SEQUENCE { header SES_Header, esID IA5String, property SES_ESPropertyInfo,
 *                                picture SES_ESPictrueInfo, extDatas ExtensionDatas OPTIONAL }
 *   SES_Header    ::= SEQUENCE { id IA5String ("ES"), version INTEGER (4), vid IA5String }
 *   SES_ESPropertyInfo ::= SEQUENCE { type INTEGER, name UTF8String, certListType INTEGER,
 *                                certList SEQUENCE OF OCTET STRING, createDate GeneralizedTime,
 *                                validStart GeneralizedTime, validEnd GeneralizedTime }
 *   SES_ESPictrueInfo  ::= SEQUENCE { type IA5String, data OCTET STRING, width INTEGER, height INTEGER }
 *   TBS_Sign      ::= SEQUENCE { version INTEGER (4), eseal SESeal, timeInfo GeneralizedTime,
 *                                dataHash BIT STRING, propertyInfo IA5String, extDatas OPTIONAL }
 *   SES_Signature ::= SEQUENCE { toSign TBS_Sign, cert OCTET STRING, signatureAlgID OBJECT IDENTIFIER,
 *                                signature BIT STRING, timeStamp [0] BIT STRING OPTIONAL }
 *
 * What is signed: the seal maker signs the DER of eSealInfo (`sealToBeSigned`); the signer signs the DER of
 * `toSign`. Both SM3withSM2 with the default signer ID.
 */
import * as asn1js from 'asn1js';

/** SM3withSM2 (GM/T 0006). */
export const SM3_WITH_SM2 = '1.2.156.10197.1.501';
/** SM3 (GM/T 0006), the OFD References' CheckMethod. */
export const SM3_OID = '1.2.156.10197.1.401';

/** The seal (电子印章) before the maker's signature. */
export interface SealInfo {
  /** Vendor id in the header (`vid`). */
  vendorId: string;
  /** 印章标识 esID. */
  esId: string;
  /** 1 单位印章 (an organisation's seal), 2 个人印章. */
  type: number;
  name: string;
  /** DER certificates of the seal holder (certListType 1: certificates). */
  certList: Uint8Array[];
  createDate: Date;
  validStart: Date;
  validEnd: Date;
  picture: { type: string; data: Uint8Array; widthMm: number; heightMm: number };
}

/** A decoded SESeal, with the exact bytes its maker's signature covers. */
export interface DecodedSeal extends SealInfo {
  version: number;
  headerId: string;
  certListType: number;
  /** The seal maker's DER certificate. */
  makerCertificate: Uint8Array;
  signAlgorithm: string;
  signedValue: Uint8Array;
  /** DER SES_SealInfo: what the maker signed. */
  toBeSigned: Uint8Array;
  /** The whole SESeal DER. */
  der: Uint8Array;
}

/** A decoded SES_Signature. */
export interface DecodedSignature {
  version: number;
  seal: DecodedSeal;
  timeInfo: Date;
  dataHash: Uint8Array;
  propertyInfo: string;
  signerCertificate: Uint8Array;
  signatureAlgorithm: string;
  signature: Uint8Array;
  /** DER of TBS_Sign: what the signer signed. */
  toBeSigned: Uint8Array;
}

const bytes = (view: ArrayBuffer | Uint8Array): Uint8Array =>
  view instanceof Uint8Array ? view : new Uint8Array(view);
const der = (node: asn1js.BaseBlock): Uint8Array => new Uint8Array(node.toBER(false));
/** Whole seconds: GeneralizedTime with milliseconds would carry a fraction. */
const time = (date: Date) =>
  new asn1js.GeneralizedTime({ valueDate: new Date(Math.floor(date.getTime() / 1000) * 1000) });

function sealInfoNode(info: SealInfo): asn1js.Sequence {
  return new asn1js.Sequence({
    value: [
      new asn1js.Sequence({
        value: [
          new asn1js.IA5String({ value: 'ES' }),
          new asn1js.Integer({ value: 4 }),
          new asn1js.IA5String({ value: info.vendorId }),
        ],
      }),
      new asn1js.IA5String({ value: info.esId }),
      new asn1js.Sequence({
        value: [
          new asn1js.Integer({ value: info.type }),
          new asn1js.Utf8String({ value: info.name }),
          new asn1js.Integer({ value: 1 }),
          new asn1js.Sequence({ value: info.certList.map((c) => new asn1js.OctetString({ valueHex: c })) }),
          time(info.createDate),
          time(info.validStart),
          time(info.validEnd),
        ],
      }),
      new asn1js.Sequence({
        value: [
          new asn1js.IA5String({ value: info.picture.type }),
          new asn1js.OctetString({ valueHex: info.picture.data }),
          new asn1js.Integer({ value: Math.round(info.picture.widthMm) }),
          new asn1js.Integer({ value: Math.round(info.picture.heightMm) }),
        ],
      }),
    ],
  });
}

/**
 * The bytes the seal maker signs: in v4 the DER of SES_SealInfo alone (GB/T 38540-2020; so ofdrw's
 * `ses/v4/SESealTest` signs and Chingliu/gm_0031_38540_verifier's `check_seal_signvalue` verifies). v1 of GM/T
 * 0031 signed SEQUENCE { sealInfo, cert, signAlgID } instead.
 */
export function sealToBeSigned(info: SealInfo): Uint8Array {
  return der(sealInfoNode(info));
}

/** DER SESeal from the seal information, the maker's certificate and its DER SM2 signature. */
export function encodeSeal(
  info: SealInfo,
  makerCertificate: Uint8Array,
  signedValue: Uint8Array,
): Uint8Array {
  return der(
    new asn1js.Sequence({
      value: [
        sealInfoNode(info),
        new asn1js.OctetString({ valueHex: makerCertificate }),
        new asn1js.ObjectIdentifier({ value: SM3_WITH_SM2 }),
        new asn1js.BitString({ valueHex: signedValue }),
      ],
    }),
  );
}

/** What the signer signs: DER TBS_Sign. `sealDer` is the SESeal as stored (Seal.esl). */
export function encodeTbsSign(tbs: {
  sealDer: Uint8Array;
  timeInfo: Date;
  dataHash: Uint8Array;
  propertyInfo: string;
}): Uint8Array {
  const seal = asn1js.fromBER(tbs.sealDer);
  if (seal.offset === -1) throw new TypeError('SESeal is not DER');
  return der(
    new asn1js.Sequence({
      value: [
        new asn1js.Integer({ value: 4 }),
        seal.result,
        time(tbs.timeInfo),
        new asn1js.BitString({ valueHex: tbs.dataHash }),
        new asn1js.IA5String({ value: tbs.propertyInfo }),
      ],
    }),
  );
}

/** DER SES_Signature from the signed TBS_Sign, the signer's certificate and its DER SM2 signature. */
export function encodeSignature(
  toBeSigned: Uint8Array,
  signerCertificate: Uint8Array,
  signature: Uint8Array,
): Uint8Array {
  const tbs = asn1js.fromBER(toBeSigned);
  if (tbs.offset === -1) throw new TypeError('TBS_Sign is not DER');
  return der(
    new asn1js.Sequence({
      value: [
        tbs.result,
        new asn1js.OctetString({ valueHex: signerCertificate }),
        new asn1js.ObjectIdentifier({ value: SM3_WITH_SM2 }),
        new asn1js.BitString({ valueHex: signature }),
      ],
    }),
  );
}

// ---- decoding (untrusted input: every step checked, a failure is a SesFormatError) ----

/** The input is not a well-formed SES structure. */
export class SesFormatError extends Error {
  constructor(what: string) {
    super(`SES: ${what}`);
    this.name = 'SesFormatError';
  }
}

function parse(input: Uint8Array, what: string): asn1js.AsnType {
  const parsed = asn1js.fromBER(input);
  if (parsed.offset !== input.byteLength || parsed.result.error)
    throw new SesFormatError(`${what} is not DER`);
  return parsed.result;
}

function seq(node: unknown, what: string, min: number, max = min): asn1js.BaseBlock[] {
  if (!(node instanceof asn1js.Sequence)) throw new SesFormatError(`${what}: expected a SEQUENCE`);
  const items = node.valueBlock.value;
  if (items.length < min || items.length > max) throw new SesFormatError(`${what}: ${items.length} fields`);
  return items;
}

function typed<T>(node: unknown, kind: new (...args: never[]) => T, what: string): T {
  if (!(node instanceof kind)) throw new SesFormatError(`${what}: wrong type`);
  return node;
}

const int = (node: unknown, what: string): number => {
  const value = typed(node, asn1js.Integer, what).valueBlock.valueDec;
  if (!Number.isSafeInteger(value)) throw new SesFormatError(`${what}: integer out of range`);
  return value;
};
const ia5 = (node: unknown, what: string) => typed(node, asn1js.IA5String, what).getValue();
const octets = (node: unknown, what: string) =>
  bytes(typed(node, asn1js.OctetString, what).getValue()).slice();
const oid = (node: unknown, what: string) => typed(node, asn1js.ObjectIdentifier, what).getValue();
const gtime = (node: unknown, what: string) => {
  const date = typed(node, asn1js.GeneralizedTime, what).toDate();
  if (Number.isNaN(date.getTime())) throw new SesFormatError(`${what}: bad time`);
  return date;
};
function bits(node: unknown, what: string): Uint8Array {
  const bitString = typed(node, asn1js.BitString, what);
  if (bitString.valueBlock.unusedBits !== 0) throw new SesFormatError(`${what}: unused bits`);
  return bytes(bitString.valueBlock.valueHexView).slice();
}
const raw = (node: asn1js.BaseBlock) => bytes(node.valueBeforeDecodeView).slice();

function decodeSealNode(node: asn1js.AsnType, whole: Uint8Array): DecodedSeal {
  const [info, cert, alg, signed] = seq(node, 'SESeal', 4);
  const [header, esId, property, picture] = seq(info, 'SES_SealInfo', 4, 5);
  const [headerId, version, vid] = seq(header, 'SES_Header', 3);
  const [type, name, certListType, certList, createDate, validStart, validEnd] = seq(
    property,
    'SES_ESPropertyInfo',
    7,
  );
  const [picType, picData, width, height] = seq(picture, 'SES_ESPictrueInfo', 4);
  const certs = seq(certList, 'certList', 0, 16).map((c) => octets(c, 'certList entry'));
  return {
    headerId: ia5(headerId, 'header.id'),
    version: int(version, 'header.version'),
    vendorId: ia5(vid, 'header.vid'),
    esId: ia5(esId, 'esID'),
    type: int(type, 'property.type'),
    name: typed(name, asn1js.Utf8String, 'property.name').getValue(),
    certListType: int(certListType, 'property.certListType'),
    certList: certs,
    createDate: gtime(createDate, 'createDate'),
    validStart: gtime(validStart, 'validStart'),
    validEnd: gtime(validEnd, 'validEnd'),
    picture: {
      type: ia5(picType, 'picture.type'),
      data: octets(picData, 'picture.data'),
      widthMm: int(width, 'picture.width'),
      heightMm: int(height, 'picture.height'),
    },
    makerCertificate: octets(cert, 'cert'),
    signAlgorithm: oid(alg, 'signAlgID'),
    signedValue: bits(signed, 'signedValue'),
    toBeSigned: raw(info as asn1js.BaseBlock),
    der: whole,
  };
}

/** Decodes a DER SESeal (Seal.esl); throws `SesFormatError`. */
export function decodeSeal(input: Uint8Array): DecodedSeal {
  return decodeSealNode(parse(input, 'SESeal'), input.slice());
}

/** Decodes a DER SES_Signature (SignedValue.dat); throws `SesFormatError`. */
export function decodeSignature(input: Uint8Array): DecodedSignature {
  const [toSign, cert, alg, signature] = seq(parse(input, 'SES_Signature'), 'SES_Signature', 4, 5);
  const [version, eseal, timeInfo, dataHash, propertyInfo] = seq(toSign, 'TBS_Sign', 5, 6);
  const sealDer = raw(eseal as asn1js.BaseBlock);
  return {
    version: int(version, 'TBS_Sign.version'),
    seal: decodeSealNode(eseal as asn1js.AsnType, sealDer),
    timeInfo: gtime(timeInfo, 'timeInfo'),
    dataHash: bits(dataHash, 'dataHash'),
    propertyInfo: ia5(propertyInfo, 'propertyInfo'),
    signerCertificate: octets(cert, 'cert'),
    signatureAlgorithm: oid(alg, 'signatureAlgID'),
    signature: bits(signature, 'signature'),
    toBeSigned: raw(toSign as asn1js.BaseBlock),
  };
}
