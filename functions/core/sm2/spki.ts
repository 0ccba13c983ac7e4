/**
 * SubjectPublicKeyInfo of an SM2 key (GM/T 0015 / RFC 5480 form): algorithm id-ecPublicKey with the namedCurve
 * SM2 (1.2.156.10197.1.301), subjectPublicKey the uncompressed point 04‖X‖Y — as AWS KMS GetPublicKey and
 * OpenSSL write it.
 */
import { sm2 } from 'sm-crypto-v2';
import { SM_OIDS } from './constants.js';
import { bytesToHex } from './sm3.js';

// DER of SEQUENCE { SEQUENCE { OID id-ecPublicKey, OID sm2 }, BIT STRING (0 unused bits) 04‖X‖Y }: with a
// 65-byte point every length is fixed, so the whole header is a constant 27 bytes.
const SPKI_HEADER = Uint8Array.from(
  Buffer.from('3059301306072a8648ce3d020106082a811ccf5501822d03420004', 'hex'),
);
const POINT_LENGTH = 65;

/** The uncompressed point (65 bytes, 04‖X‖Y) of an SM2 public key, checked to be on the curve. */
export type Sm2PublicPoint = Uint8Array;

/** True when `point` is an uncompressed point on the SM2 curve (not the identity). */
export function isSm2Point(point: Uint8Array): boolean {
  if (point.length !== POINT_LENGTH || point[0] !== 0x04) return false;
  try {
    return sm2.verifyPublicKey(bytesToHex(point));
  } catch {
    return false;
  }
}

/** DER SubjectPublicKeyInfo for an SM2 public point. */
export function encodeSm2Spki(point: Sm2PublicPoint): Uint8Array {
  if (!isSm2Point(point)) throw new TypeError('not an uncompressed SM2 public point');
  const out = new Uint8Array(SPKI_HEADER.length + POINT_LENGTH - 1);
  out.set(SPKI_HEADER);
  out.set(point.subarray(1), SPKI_HEADER.length);
  return out;
}

/**
 * The public point of a DER SM2 SubjectPublicKeyInfo. Only the one DER form is accepted (id-ecPublicKey +
 * the SM2 curve OID, uncompressed point on the curve); throws TypeError otherwise, e.g. for a P-256 key.
 */
export function decodeSm2Spki(spki: Uint8Array): Sm2PublicPoint {
  const header = spki.subarray(0, SPKI_HEADER.length);
  if (spki.length !== SPKI_HEADER.length + POINT_LENGTH - 1 || Buffer.compare(header, SPKI_HEADER) !== 0) {
    throw new TypeError(`not an SM2 SubjectPublicKeyInfo (id-ecPublicKey with ${SM_OIDS.sm2Curve})`);
  }
  const point = Uint8Array.of(0x04, ...spki.subarray(SPKI_HEADER.length));
  if (!isSm2Point(point)) throw new TypeError('SM2 public key is not a point on the curve');
  return point;
}
