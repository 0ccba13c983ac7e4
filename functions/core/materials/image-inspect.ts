/**
 * Inspection of uploaded images: dimensions read from the header first (cheap, and lets absurd sizes be
 * refused before any pixel memory is allocated), then a full decode — a header can be intact while the
 * pixel data is truncated, and a reviewer cannot read an image that does not decode.
 */
import { inflateSync } from 'node:zlib';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

/**
 * Most pixels an image may have: an A4 page scanned at 600 dpi is ≈35 MP. Decoding costs up to ≈12 bytes
 * per pixel (jpeg-js keeps 32-bit coefficients per component), so this also caps memory near 500 MB.
 */
export const MAX_IMAGE_PIXELS = 40_000_000;

/** What inspecting an image found. `width`/`height` come from the header, even when decoding fails. */
export type ImageInspection =
  | { kind: 'decoded'; width: number; height: number }
  | { kind: 'too-many-pixels'; width: number; height: number }
  | { kind: 'corrupt'; width?: number; height?: number; reason: string };

interface PngHeader {
  width: number;
  height: number;
  bitsPerPixel: number;
  interlaced: boolean;
  /** The concatenated IDAT payloads. */
  idat: Buffer;
}

const PNG_CHANNELS: Readonly<Record<number, number>> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/** Reads the IHDR and collects IDAT data by walking the chunk list (§5.3 of the PNG specification). */
function readPngHeader(bytes: Buffer): PngHeader | undefined {
  if (bytes.length < 33 || bytes.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  const channels = PNG_CHANNELS[bytes.readUInt8(25)];
  if (channels === undefined) return undefined;
  const idat: Buffer[] = [];
  for (let p = 8; p + 12 <= bytes.length; ) {
    const length = bytes.readUInt32BE(p);
    const type = bytes.toString('latin1', p + 4, p + 8);
    if (type === 'IDAT') idat.push(bytes.subarray(p + 8, Math.min(bytes.length, p + 8 + length)));
    if (type === 'IEND') break;
    p += 12 + length;
  }
  return {
    width: bytes.readUInt32BE(16),
    height: bytes.readUInt32BE(20),
    bitsPerPixel: channels * bytes.readUInt8(24),
    interlaced: bytes.readUInt8(28) === 1,
    idat: Buffer.concat(idat),
  };
}

/** Size of the filtered, uninflated scanlines of all seven Adam7 passes (PNG §8.2). */
function adam7DataSize(width: number, height: number, bitsPerPixel: number): number {
  const passes: Array<[number, number, number, number]> = [
    [0, 0, 8, 8],
    [4, 0, 8, 8],
    [0, 4, 4, 8],
    [2, 0, 4, 4],
    [0, 2, 2, 4],
    [1, 0, 2, 2],
    [0, 1, 1, 2],
  ];
  let total = 0;
  for (const [x0, y0, dx, dy] of passes) {
    const columns = Math.ceil((width - x0) / dx);
    const rows = Math.ceil((height - y0) / dy);
    if (columns > 0 && rows > 0) total += rows * (1 + Math.ceil((columns * bitsPerPixel) / 8));
  }
  return total;
}

/** Inspects PNG bytes within bounded memory; never throws. */
export function inspectPng(bytes: Uint8Array): ImageInspection {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const header = readPngHeader(buffer);
  if (header === undefined) return { kind: 'corrupt', reason: 'no valid IHDR chunk' };
  const { width, height } = header;
  if (width === 0 || height === 0) return { kind: 'corrupt', width, height, reason: 'zero dimension' };
  if (width * height > MAX_IMAGE_PIXELS) return { kind: 'too-many-pixels', width, height };
  try {
    if (header.interlaced) {
      // pngjs inflates interlaced data without an output limit: prove first that it stays in bounds.
      const expected = adam7DataSize(width, height, header.bitsPerPixel);
      inflateSync(header.idat, { maxOutputLength: expected + 1 });
    }
    const image = PNG.sync.read(buffer, { checkCRC: true });
    return { kind: 'decoded', width: image.width, height: image.height };
  } catch (error) {
    return { kind: 'corrupt', width, height, reason: describe(error) };
  }
}

/** Start-of-frame markers carrying dimensions: SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC). */
const isStartOfFrame = (marker: number): boolean =>
  marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;

/** Finds the frame header by walking marker segments (ITU T.81 §B.1); undefined when there is none. */
function readJpegSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let p = 2;
  while (p + 4 <= bytes.length) {
    if (bytes[p] !== 0xff) return undefined;
    const marker = bytes[p + 1] ?? 0;
    if (marker === 0xff) {
      p += 1; // fill byte
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      p += 2; // markers without a length
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return undefined; // image ends or data starts before a frame
    if (isStartOfFrame(marker)) {
      if (p + 9 > bytes.length) return undefined;
      return { height: view.getUint16(p + 5), width: view.getUint16(p + 7) };
    }
    p += 2 + view.getUint16(p + 2);
  }
  return undefined;
}

/** Inspects JPEG bytes within bounded memory; never throws. */
export function inspectJpeg(bytes: Uint8Array): ImageInspection {
  const size = readJpegSize(bytes);
  if (size === undefined) return { kind: 'corrupt', reason: 'no frame header' };
  const { width, height } = size;
  // Height 0 means "defined later by a DNL marker", which jpeg-js does not support.
  if (width === 0 || height === 0) return { kind: 'corrupt', width, height, reason: 'zero dimension' };
  if (width * height > MAX_IMAGE_PIXELS) return { kind: 'too-many-pixels', width, height };
  try {
    const image = jpeg.decode(bytes, {
      useTArray: true,
      formatAsRGBA: false,
      // The default (tolerant) fills missing scan data with grey: a truncated photo would pass.
      tolerantDecoding: false,
      maxResolutionInMP: MAX_IMAGE_PIXELS / 1_000_000,
      maxMemoryUsageInMB: 512,
    });
    return { kind: 'decoded', width: image.width, height: image.height };
  } catch (error) {
    return { kind: 'corrupt', width, height, reason: describe(error) };
  }
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));
