/**
 * Base45 (RFC 9285): two bytes as three characters of the QR code's alphanumeric alphabet, so a binary
 * payload fills a QR code in alphanumeric mode (5.5 bits per character) instead of byte mode.
 */

/** RFC 9285 §4: the 45 characters, each one's value its index. */
export const BASE45_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';

const VALUES = new Map([...BASE45_ALPHABET].map((char, value) => [char, value]));

/** Encode bytes (RFC 9285 §4.1: each pair as c + 45·d + 45²·e, written c d e; a last single byte as c d). */
export function encodeBase45(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    let n = (bytes[i] ?? 0) * 256 + (bytes[i + 1] ?? 0);
    for (let k = 0; k < 3; k++) {
      out += BASE45_ALPHABET[n % 45];
      n = Math.floor(n / 45);
    }
  }
  if (bytes.length % 2 === 1) {
    const n = bytes[bytes.length - 1] ?? 0;
    out += `${BASE45_ALPHABET[n % 45]}${BASE45_ALPHABET[Math.floor(n / 45)]}`;
  }
  return out;
}

/** Thrown for text that is not base45 (RFC 9285 §4.2: a bad character, length, or a group's value too large). */
export class Base45Error extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Base45Error';
  }
}

/** Decode base45 text; rejects what RFC 9285 §4.2 says a decoder must reject. */
export function decodeBase45(text: string): Uint8Array {
  if (text.length % 3 === 1) throw new Base45Error(`base45 text of length ${text.length} (3n+1)`);
  const out = new Uint8Array(Math.floor(text.length / 3) * 2 + (text.length % 3 === 2 ? 1 : 0));
  let o = 0;
  for (let i = 0; i < text.length; i += 3) {
    const group = text.slice(i, i + 3);
    let n = 0;
    for (let k = group.length - 1; k >= 0; k--) {
      const value = VALUES.get(group[k] as string);
      if (value === undefined) throw new Base45Error(`character ${JSON.stringify(group[k])} is not base45`);
      n = n * 45 + value;
    }
    if (group.length === 3) {
      if (n > 0xffff) throw new Base45Error(`group ${JSON.stringify(group)} is over 65535`);
      out[o++] = n >> 8;
      out[o++] = n & 0xff;
    } else {
      if (n > 0xff) throw new Base45Error(`final group ${JSON.stringify(group)} is over 255`);
      out[o++] = n;
    }
  }
  return out;
}
