/**
 * Identifiers: time-ordered (48-bit milliseconds) + 80 random bits, Crockford base32 (ULID layout), with a
 * readable prefix. Ids are not secrets — access is checked separately — but they are unguessable anyway.
 */
import type { Clock } from '../ports/clock.js';
import type { Random } from '../ports/random.js';

const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Encode bytes as Crockford base32 (5 bits per character, most significant first). */
export function base32(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return out;
}

/** A new id such as `CASE-01J9Z3…`: 10 characters of time, 16 of randomness. */
export function newId(prefix: string, clock: Clock, random: Random): string {
  let ms = clock.now().getTime();
  let time = '';
  for (let i = 0; i < 10; i++) {
    time = alphabet[ms % 32] + time;
    ms = Math.floor(ms / 32);
  }
  return `${prefix}-${time}${base32(random.bytes(10))}`;
}

/** Pattern matching ids made by `newId` with the given prefix. */
export const idPattern = (prefix: string): RegExp => new RegExp(`^${prefix}-[0-9A-HJKMNP-TV-Z]{26}$`);
