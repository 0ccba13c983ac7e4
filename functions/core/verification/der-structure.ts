/**
 * A linear, iterative walk over DER (X.690 §10) before anything recursive touches it. It measures the first
 * element (so the /Contents padding after it can be checked), and rejects what a recursive parser would choke
 * on or what DER forbids: indefinite or non-minimal lengths, high tag numbers, lengths past the end, absurd
 * nesting or element counts.
 */

/** The bytes are not DER this verifier accepts. */
export class DerStructureError extends Error {
  override readonly name = 'DerStructureError';
}

/** Limits of one walk. */
export interface DerLimits {
  maxDepth: number;
  maxElements: number;
}

/** Header of one TLV: where its content starts and how long it is. */
function readHeader(
  der: Uint8Array,
  at: number,
  end: number,
): { constructed: boolean; start: number; length: number } {
  const tag = der[at];
  const first = der[at + 1];
  if (tag === undefined || first === undefined || at + 2 > end)
    throw new DerStructureError('truncated header');
  if ((tag & 0x1f) === 0x1f) throw new DerStructureError('high tag numbers are not used in CMS');
  if (first < 0x80) return { constructed: (tag & 0x20) !== 0, start: at + 2, length: first };
  const count = first & 0x7f;
  // 0x80 is BER's indefinite length; more than 4 length bytes is beyond any file we accept.
  if (count === 0 || count > 4 || at + 2 + count > end) throw new DerStructureError('unsupported length');
  let length = 0;
  for (let index = 0; index < count; index++) length = length * 256 + (der[at + 2 + index] ?? 0);
  if (der[at + 2] === 0 || length < 0x80) throw new DerStructureError('non-minimal length');
  return { constructed: (tag & 0x20) !== 0, start: at + 2 + count, length };
}

/**
 * Walk the DER element at the start of `der` and return its total length. Throws DerStructureError if it is
 * not well-formed DER within `limits` (trailing bytes after it are the caller's business).
 */
export function measureDer(der: Uint8Array, limits: DerLimits): number {
  const first = readHeader(der, 0, der.length);
  const total = first.start + first.length;
  if (total > der.length) throw new DerStructureError('length beyond the data');
  const ends: number[] = [];
  let at = 0;
  let elements = 0;
  while (at < total) {
    while (ends.length > 0 && at === ends[ends.length - 1]) ends.pop();
    if (at >= total) break;
    const parentEnd = ends[ends.length - 1] ?? total;
    const header = readHeader(der, at, parentEnd);
    const end = header.start + header.length;
    if (end > parentEnd) throw new DerStructureError('element longer than its parent');
    if (++elements > limits.maxElements) throw new DerStructureError('too many elements');
    if (header.constructed && header.length > 0) {
      if (ends.length >= limits.maxDepth) throw new DerStructureError('nesting too deep');
      ends.push(end);
      at = header.start;
    } else at = end;
  }
  return total;
}
