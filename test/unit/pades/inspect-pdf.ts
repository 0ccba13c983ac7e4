/**
 * Test-side reading of a signed PDF, independent of the sealing code: the /ByteRange numbers by regular
 * expression, the /Contents hex between them, the DER inside it (by its own length header) and the padding.
 */
export interface SignatureParts {
  byteRange: [number, number, number, number];
  /** Bytes covered by the ByteRange, concatenated. */
  signedBytes: Buffer;
  /** The whole /Contents value, decoded from hex. */
  contents: Buffer;
  /** The CMS DER at the start of /Contents. */
  cms: Buffer;
  /** What follows the DER inside /Contents. */
  padding: Buffer;
}

/** Length of the DER TLV at the start of `bytes` (definite lengths only, as DER requires). */
export function derLength(bytes: Buffer): number {
  const first = bytes[1] ?? 0;
  if (first < 0x80) return 2 + first;
  const count = first & 0x7f;
  let length = 0;
  for (let index = 0; index < count; index++) length = length * 256 + (bytes[2 + index] ?? 0);
  return 2 + count + length;
}

/** Find the (single) signature's parts in `pdf`. */
export function inspectSignature(pdf: Uint8Array): SignatureParts {
  const buffer = Buffer.from(pdf);
  const match = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/.exec(buffer.toString('latin1'));
  if (!match) throw new Error('no /ByteRange');
  const byteRange = match.slice(1, 5).map(Number) as [number, number, number, number];
  const [start1, length1, start2, length2] = byteRange;
  const hex = buffer.subarray(start1 + length1 + 1, start2 - 1).toString('latin1');
  const contents = Buffer.from(hex, 'hex');
  const cms = contents.subarray(0, derLength(contents));
  return {
    byteRange,
    signedBytes: Buffer.concat([
      buffer.subarray(start1, start1 + length1),
      buffer.subarray(start2, start2 + length2),
    ]),
    contents,
    cms,
    padding: contents.subarray(cms.length),
  };
}
