/**
 * RFC 3161 time-stamp tokens as read by the verifier: the token is a CMS SignedData whose content is a
 * TSTInfo (§2.4.2). This module only reads; `timestamp-token.ts` decides whether a token can be trusted.
 */
import { createHash } from 'node:crypto';
import asn1 from 'node-forge/lib/asn1.js';
import { type Asn1, children, decodeDer, oidOf, primitiveBytes } from '../../pki/der.js';
import { CmsStructureError } from '../cms-signed-data.js';

const { Class, Type } = asn1;

/** Hash algorithms a message imprint may use, by OID, as node:crypto names them. */
export const IMPRINT_HASHES: Readonly<Record<string, string>> = {
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

/** TSTInfo (RFC 3161 §2.4.2) as read. */
export interface TstInfo {
  /** node:crypto name of the imprint's hash, undefined when it is not one we accept. */
  hash?: string;
  imprint: Uint8Array;
  genTime: Date;
  /** Lower-case hex of the token's serial number. */
  serialHex: string;
  policy: string;
}

/** GeneralizedTime `YYYYMMDDhhmmss[.f]Z` (RFC 3161 §2.4.2: UTC, no trailing zeros in the fraction). */
export function parseGeneralizedTime(text: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.(\d{1,3})\d*)?Z$/.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second, fraction] = match;
  const ms = fraction ? Number(fraction.padEnd(3, '0')) : 0;
  const date = new Date(
    Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second), ms),
  );
  return Number.isNaN(date.getTime()) || date.getUTCDate() !== Number(day) ? undefined : date;
}

const isUniversal = (node: Asn1 | undefined, type: number): node is Asn1 =>
  node?.tagClass === Class.UNIVERSAL && node.type === type;

/** Read a DER TSTInfo; throws CmsStructureError (or forge's Error) when it is not one. */
export function readTstInfo(der: Uint8Array): TstInfo {
  const [version, policy, imprint, serial, genTime] = children(decodeDer(der));
  if (!isUniversal(version, Type.INTEGER) || primitiveBytes(version)[0] !== 1)
    throw new CmsStructureError('TSTInfo version must be 1');
  if (!isUniversal(policy, Type.OID) || !isUniversal(imprint, Type.SEQUENCE))
    throw new CmsStructureError('TSTInfo policy or messageImprint missing');
  if (!isUniversal(serial, Type.INTEGER) || !isUniversal(genTime, Type.GENERALIZEDTIME))
    throw new CmsStructureError('TSTInfo serialNumber or genTime missing');
  const [algorithm, hashed] = children(imprint);
  if (!isUniversal(hashed, Type.OCTETSTRING)) throw new CmsStructureError('messageImprint has no hash');
  const hash = IMPRINT_HASHES[oidOf(children(algorithm)[0])];
  const time = parseGeneralizedTime(Buffer.from(primitiveBytes(genTime)).toString('latin1'));
  if (!time) throw new CmsStructureError('genTime is not a GeneralizedTime in UTC');
  return {
    ...(hash ? { hash } : {}),
    imprint: primitiveBytes(hashed),
    genTime: time,
    serialHex: Buffer.from(primitiveBytes(serial)).toString('hex'),
    policy: oidOf(policy),
  };
}

/** The imprint `info` should carry for `data`, with the hash `info` names. */
export function imprintOf(info: TstInfo, data: Uint8Array[]): Uint8Array | undefined {
  if (!info.hash) return undefined;
  const hasher = createHash(info.hash);
  for (const part of data) hasher.update(part);
  return new Uint8Array(hasher.digest());
}
