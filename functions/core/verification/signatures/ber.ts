/**
 * A small BER reader (ITU-T X.690) that keeps every element's exact byte span, for the CMS of other issuers:
 * they are often BER (indefinite lengths) rather than DER, and a signature over signed attributes must be
 * checked over their bytes as sent. Depth and element count are bounded; bad input throws BerError.
 */

export class BerError extends Error {
  override readonly name = 'BerError';
}

/** One element: tag class/number, its span in the input, and its content (children when constructed). */
export interface BerNode {
  tagClass: number;
  tag: number;
  constructed: boolean;
  /** Offset of the identifier octet. */
  start: number;
  /** Offset just after the element (after the end-of-contents octets for an indefinite length). */
  end: number;
  contentStart: number;
  contentEnd: number;
  children: BerNode[];
}

const MAX_DEPTH = 64;

class Reader {
  elements = 0;
  constructor(
    readonly bytes: Uint8Array,
    readonly maxElements: number,
  ) {}

  node(at: number, limit: number, depth: number): BerNode {
    if (depth > MAX_DEPTH || ++this.elements > this.maxElements) throw new BerError('too deep or too many');
    const { bytes } = this;
    let cursor = at;
    const first = this.byte(cursor++, limit);
    let tag = first & 0x1f;
    if (tag === 0x1f) {
      tag = 0;
      for (let count = 0; ; count++) {
        const next = this.byte(cursor++, limit);
        tag = tag * 128 + (next & 0x7f);
        if (!(next & 0x80)) break;
        if (count > 3) throw new BerError('tag too long');
      }
    }
    const lengthByte = this.byte(cursor++, limit);
    const constructed = (first & 0x20) !== 0;
    const base = { tagClass: first >> 6, tag, constructed, start: at };
    if (lengthByte === 0x80) {
      if (!constructed) throw new BerError('indefinite primitive');
      const children: BerNode[] = [];
      for (;;) {
        if (bytes[cursor] === 0 && bytes[cursor + 1] === 0 && cursor + 2 <= limit) {
          return { ...base, end: cursor + 2, contentStart: at + 2, contentEnd: cursor, children };
        }
        const child = this.node(cursor, limit, depth + 1);
        children.push(child);
        cursor = child.end;
      }
    }
    let length = lengthByte;
    if (lengthByte & 0x80) {
      const count = lengthByte & 0x7f;
      if (count > 4) throw new BerError('length too long');
      length = 0;
      for (let index = 0; index < count; index++) length = length * 256 + this.byte(cursor++, limit);
    }
    const contentStart = cursor;
    const contentEnd = contentStart + length;
    if (contentEnd > limit) throw new BerError('element beyond its parent');
    const children: BerNode[] = [];
    if (constructed) {
      for (let child = contentStart; child < contentEnd; ) {
        const node = this.node(child, contentEnd, depth + 1);
        children.push(node);
        child = node.end;
      }
    }
    return { ...base, end: contentEnd, contentStart, contentEnd, children };
  }

  private byte(at: number, limit: number): number {
    const value = this.bytes[at];
    if (at >= limit || value === undefined) throw new BerError('unexpected end');
    return value;
  }
}

/** Parse the element at the start of `bytes` (trailing bytes are ignored: /Contents is zero-padded). */
export function readBer(bytes: Uint8Array, maxElements = 200_000): BerNode {
  return new Reader(bytes, maxElements).node(0, bytes.length, 0);
}

/** Content bytes of a primitive node (constructed strings are concatenated). */
export function contentOf(bytes: Uint8Array, node: BerNode): Uint8Array {
  if (!node.constructed) return bytes.subarray(node.contentStart, node.contentEnd);
  return Buffer.concat(node.children.map((child) => contentOf(bytes, child)));
}

/** Dotted text of an OBJECT IDENTIFIER node. */
export function oidText(bytes: Uint8Array, node: BerNode | undefined): string {
  if (node?.tag !== 6 || node.tagClass !== 0) return '';
  const content = bytes.subarray(node.contentStart, node.contentEnd);
  const parts: number[] = [];
  let value = 0;
  for (const byte of content) {
    value = value * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) {
      if (parts.length === 0)
        parts.push(value < 80 ? Math.floor(value / 40) : 2, value < 80 ? value % 40 : value - 80);
      else parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}

/** The element's bytes as sent. */
export const rawOf = (bytes: Uint8Array, node: BerNode): Uint8Array => bytes.subarray(node.start, node.end);
