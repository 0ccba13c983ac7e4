/**
 * The DER SM2Signature (GB/T 35276 §7.3, GM/T 0009): SEQUENCE { r INTEGER, s INTEGER } ⇄ (r, s).
 * Decoding is strict DER (minimal lengths and integers, nothing trailing) so that one signature has exactly
 * one encoding — a verifier must not accept a re-encoded (malleated) signature as the same bytes.
 */
import { SM2_CURVE } from './constants.js';
import { bigintToBytes, bytesToBigint } from './sm3.js';

/** An SM2 signature's two integers. */
export interface Sm2SignatureValues {
  r: bigint;
  s: bigint;
}

function integerContent(value: bigint): Uint8Array {
  if (value <= 0n) throw new RangeError('SM2 signature integers are positive');
  const length = Math.ceil(value.toString(16).length / 2);
  const bytes = bigintToBytes(value, length);
  // X.690 §8.3: a leading 1 bit would make the INTEGER negative.
  return ((bytes[0] ?? 0) & 0x80) !== 0 ? Uint8Array.of(0, ...bytes) : bytes;
}

/** DER SM2Signature of (r, s). */
export function encodeSm2Signature({ r, s }: Sm2SignatureValues): Uint8Array {
  const rBytes = integerContent(r);
  const sBytes = integerContent(s);
  // r, s < n < 2^256: each INTEGER is at most 2 + 33 bytes, so the SEQUENCE length fits one byte (≤ 70).
  const body = Uint8Array.of(0x02, rBytes.length, ...rBytes, 0x02, sBytes.length, ...sBytes);
  return Uint8Array.of(0x30, body.length, ...body);
}

/** (r, s) of a strict-DER SM2Signature with 1 ≤ r, s < n; throws TypeError for anything else. */
export function decodeSm2Signature(der: Uint8Array): Sm2SignatureValues {
  if (der.length < 8 || der[0] !== 0x30 || der[1] !== der.length - 2 || (der[1] ?? 0) >= 0x80) {
    throw new TypeError('SM2Signature: not a DER SEQUENCE');
  }
  let offset = 2;
  const readInteger = (): bigint => {
    if (der[offset] !== 0x02) throw new TypeError('SM2Signature: expected INTEGER');
    const length = der[offset + 1] ?? 0;
    const start = offset + 2;
    if (length === 0 || length > 33 || start + length > der.length) {
      throw new TypeError('SM2Signature: bad INTEGER length');
    }
    const content = der.subarray(start, start + length);
    const first = content[0] ?? 0;
    if ((first & 0x80) !== 0) throw new TypeError('SM2Signature: negative INTEGER');
    if (first === 0 && length > 1 && ((content[1] ?? 0) & 0x80) === 0) {
      throw new TypeError('SM2Signature: non-minimal INTEGER');
    }
    offset = start + length;
    const value = bytesToBigint(content);
    if (value < 1n || value >= SM2_CURVE.n) throw new TypeError('SM2Signature: integer out of range');
    return value;
  };
  const r = readInteger();
  const s = readInteger();
  if (offset !== der.length) throw new TypeError('SM2Signature: trailing bytes');
  return { r, s };
}
