/**
 * SM3 (GB/T 32905-2016), bytes in, bytes out.
 */
import { sm3 as sm3Hex } from 'sm-crypto-v2';

/** The 32-byte SM3 digest of `data`. */
export function sm3(data: Uint8Array): Uint8Array {
  return hexToBytes(sm3Hex(data));
}

/** Lower-case hex of `bytes`. */
export const bytesToHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/** Bytes of an even-length hex string. */
export function hexToBytes(hex: string): Uint8Array {
  if (hex.length % 2 !== 0 || !/^[0-9a-f]*$/i.test(hex)) throw new TypeError('not a hex string');
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

/** Big-endian unsigned bytes of `value`, left-padded to `length`. */
export function bigintToBytes(value: bigint, length: number): Uint8Array {
  const hex = value.toString(16).padStart(length * 2, '0');
  if (hex.length > length * 2) throw new RangeError('value does not fit');
  return hexToBytes(hex);
}

/** The unsigned big-endian integer `bytes`. */
export const bytesToBigint = (bytes: Uint8Array): bigint =>
  bytes.length === 0 ? 0n : BigInt(`0x${bytesToHex(bytes)}`);
