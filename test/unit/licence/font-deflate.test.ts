import { randomBytes } from 'node:crypto';
import { deflateSync, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { adler32, deflateFontProgram } from '../../../functions/core/licence/render/font-deflate.js';

/** Bytes that deflate a little, like TrueType outlines: random with repeats. */
const outlineLike = (length: number, seed: number): Uint8Array => {
  const bytes = new Uint8Array(length);
  const noise = randomBytes(length);
  for (let i = 0; i < length; i++) bytes[i] = i % 7 === 0 ? (seed + i) & 0xff : (noise[i] as number) & 0x3f;
  return bytes;
};

describe('font program deflate', () => {
  it('computes Adler-32 as zlib does, across its 5552-byte reduction steps', () => {
    // Arrange
    for (const length of [0, 1, 5551, 5552, 5553, 70_000]) {
      const bytes = new Uint8Array(length).fill(0xff);
      // Act
      const ours = adler32(bytes);
      // Assess: a zlib stream ends in the Adler-32 of its data (RFC 1950)
      expect(ours).toBe(deflateSync(bytes).readUInt32BE(deflateSync(bytes).length - 4));
    }
    const random = randomBytes(40_000);
    expect(adler32(random)).toBe(deflateSync(random).readUInt32BE(deflateSync(random).length - 4));
  });

  it('makes one zlib stream that inflates to the font, whether its shared part was cached or not', () => {
    // Arrange
    const font = outlineLike(45_000, 1);
    // Act
    const first = deflateFontProgram(font, 1000, 30_000);
    const second = deflateFontProgram(font, 1000, 30_000);
    // Assess
    expect(Buffer.from(inflateSync(first)).equals(Buffer.from(font))).toBe(true);
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
  });

  it('joins a cached shared part with another licence’s own glyphs into a correct stream', () => {
    // Arrange: the same first 30 000 bytes (the template's glyphs), different tails (the licence's own)
    const shared = outlineLike(30_000, 2);
    const withTail = (tail: Uint8Array) => {
      const font = new Uint8Array(shared.length + tail.length);
      font.set(shared);
      font.set(tail, shared.length);
      return font;
    };
    const a = withTail(outlineLike(12_000, 3));
    const b = withTail(outlineLike(9_000, 4));
    // Act
    const deflatedA = deflateFontProgram(a, 800, 30_000);
    const deflatedB = deflateFontProgram(b, 800, 30_000);
    // Assess
    expect(Buffer.from(inflateSync(deflatedA)).equals(Buffer.from(a))).toBe(true);
    expect(Buffer.from(inflateSync(deflatedB)).equals(Buffer.from(b))).toBe(true);
    // Within a few bytes per piece of deflating the whole font in one pass.
    expect(deflatedB.length).toBeLessThan(deflateSync(b).length * 1.02 + 64);
  });
});
