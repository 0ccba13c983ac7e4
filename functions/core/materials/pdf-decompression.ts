/**
 * How far a PDF's streams expand when a viewer decodes them, judged without ever holding the expansion.
 *
 * Policy:
 * - One stream may expand to at most `streamRatio` times its encoded size once past `streamGraceBytes`
 *   (the 100:1 ratio and grace of Apache POI's zip-bomb guard, ZipSecureFile, which Office files with their
 *   images pass). An image XObject may in any case expand to what its own dimensions need (a blank scanned
 *   page compresses 1000:1 and is no bomb), for images of at most `imagePixels` pixels.
 * - All streams together may expand to `totalPerFileByte` times the file's size, at least `totalFloorBytes`
 *   — what a reviewer's viewer may have to hold for one material. A bomb split into many small streams,
 *   each under the grace, is caught here.
 * - What a decoded stream (an image's samples aside) begins with is checked for archives and executables:
 *   an attached file (`/EmbeddedFile`) is deflated, so the raw bytes do not show it.
 * - Chains of filters are followed (`[/FlateDecode /FlateDecode]` squares the ratio); every stage is held to
 *   the same limit. Image codecs (DCT, JPX, JBIG2, CCITT) and encryption end a chain's measurement.
 */
import { findHiddenContent, type HiddenContent, hiddenContentAtStart } from './hidden-content.js';
import type { PdfObjectIndex, PdfStreamObject } from './pdf-objects.js';
import { PdfDict, PdfName, type PdfValue } from './pdf-syntax.js';
import { measureDecoded, type StreamFilter } from './stream-decoders.js';

/** Limits on decompression; see the module comment for why these values. */
export interface DecompressionLimits {
  streamRatio: number;
  streamGraceBytes: number;
  totalFloorBytes: number;
  totalPerFileByte: number;
  imagePixels: number;
}

export const DEFAULT_DECOMPRESSION_LIMITS: DecompressionLimits = {
  streamRatio: 100,
  streamGraceBytes: 1024 * 1024,
  totalFloorBytes: 64 * 1024 * 1024,
  totalPerFileByte: 16,
  // An A3 page scanned at 600 dpi (≈70 MP) with room to spare.
  imagePixels: 100_000_000,
};

/** What decoding the streams found. */
export type StreamAudit =
  | { kind: 'bounded'; decodedBytes: number; hidden?: HiddenContent }
  | { kind: 'bomb'; scope: 'stream' | 'total'; encodedBytes: number; decodedBytes: number };

/**
 * Decodes every stream of the document (each counted, none held) and checks the limits; also looks at what
 * each decoded stream begins with, where an embedded file hides its real type.
 */
export async function auditPdfStreams(
  bytes: Uint8Array,
  index: PdfObjectIndex,
  streams: readonly PdfStreamObject[],
  limits: DecompressionLimits = DEFAULT_DECOMPRESSION_LIMITS,
): Promise<StreamAudit> {
  const totalCap = Math.max(limits.totalFloorBytes, limits.totalPerFileByte * bytes.length);
  let total = 0;
  let encodedTotal = 0;
  let hidden: HiddenContent | undefined;
  for (const stream of streams) {
    const filters = filtersOf(index, stream.dict);
    if (filters === undefined || filters.length === 0) continue; // stored as is, or not decodable by anyone
    const encoded = bytes.subarray(stream.start, Math.max(stream.start, stream.end));
    const allowed = Math.max(
      limits.streamGraceBytes,
      limits.streamRatio * encoded.length,
      imageBytes(index, stream.dict, limits.imagePixels),
    );
    const measured = await measureDecoded(encoded, filters, Math.min(allowed, totalCap - total));
    encodedTotal += encoded.length;
    if (measured.overCap) {
      return allowed <= totalCap - total
        ? { kind: 'bomb', scope: 'stream', encodedBytes: encoded.length, decodedBytes: allowed }
        : { kind: 'bomb', scope: 'total', encodedBytes: encodedTotal, decodedBytes: totalCap };
    }
    total += measured.bytes;
    // An image's samples are arbitrary bytes (a pixel can read `MZ`); what a file is shows in other streams.
    if (stream.dict.name('Subtype') !== 'Image') {
      hidden ??= hiddenContentAtStart(measured.head) ?? findHiddenContent(measured.head);
    }
  }
  return hidden ? { kind: 'bounded', decodedBytes: total, hidden } : { kind: 'bounded', decodedBytes: total };
}

const FILTERS: Readonly<Record<string, StreamFilter['kind']>> = {
  FlateDecode: 'flate',
  Fl: 'flate',
  LZWDecode: 'lzw',
  LZW: 'lzw',
  ASCIIHexDecode: 'asciiHex',
  AHx: 'asciiHex',
  ASCII85Decode: 'ascii85',
  A85: 'ascii85',
  RunLengthDecode: 'runLength',
  RL: 'runLength',
};

/**
 * The decodable prefix of a stream's filter chain (§7.3.8.2 Table 5: /Filter a name or an array, /DecodeParms
 * a dictionary or a parallel array). Undefined when the stream is encrypted by a /Crypt filter.
 */
function filtersOf(index: PdfObjectIndex, dict: PdfDict): StreamFilter[] | undefined {
  const filter = index.resolve(dict.get('Filter'));
  const names = Array.isArray(filter) ? filter.map((f) => index.resolve(f)) : [filter];
  const parms = index.resolve(dict.get('DecodeParms'));
  const chain: StreamFilter[] = [];
  for (const [i, name] of names.entries()) {
    if (!(name instanceof PdfName)) break;
    if (name.name === 'Crypt') return undefined;
    const kind = FILTERS[name.name];
    if (kind === undefined) break;
    if (kind !== 'lzw') chain.push({ kind });
    else {
      const parm = index.resolve(Array.isArray(parms) ? parms[i] : parms);
      const early = parm instanceof PdfDict ? index.resolve(parm.get('EarlyChange')) : 1;
      chain.push({ kind, earlyChange: early !== 0 });
    }
  }
  return chain;
}

const COMPONENTS: Readonly<Record<string, number>> = {
  DeviceGray: 1,
  G: 1,
  CalGray: 1,
  Indexed: 1,
  I: 1,
  Separation: 1,
  DeviceRGB: 3,
  RGB: 3,
  CalRGB: 3,
  Lab: 3,
  DeviceCMYK: 4,
  CMYK: 4,
};

/** Bytes an image XObject's samples take (rows with a predictor byte each, §8.9.5), 0 for anything else. */
function imageBytes(index: PdfObjectIndex, dict: PdfDict, maxPixels: number): number {
  if (dict.name('Subtype') !== 'Image') return 0;
  const width = index.resolve(dict.get('Width'));
  const height = index.resolve(dict.get('Height'));
  if (!isPositiveInteger(width) || !isPositiveInteger(height) || width * height > maxPixels) return 0;
  const mask = index.resolve(dict.get('ImageMask')) === true;
  const bits = mask ? 1 : index.resolve(dict.get('BitsPerComponent'));
  const components = mask ? 1 : componentsOf(index, dict.get('ColorSpace'));
  if (!isPositiveInteger(bits) || bits > 16) return 0;
  return height * (Math.ceil((width * components * bits) / 8) + 1);
}

/** Colour components of a colour space; 4 (the most a common space has) when it cannot be told. */
function componentsOf(index: PdfObjectIndex, value: PdfValue | undefined): number {
  const space = index.resolve(value);
  const family = Array.isArray(space) ? index.resolve(space[0]) : space;
  if (!(family instanceof PdfName)) return 4;
  if (family.name === 'ICCBased' && Array.isArray(space)) {
    const profile = index.resolve(space[1]);
    const n = profile instanceof PdfDict ? index.resolve(profile.get('N')) : undefined;
    return isPositiveInteger(n) && n <= 4 ? n : 4;
  }
  if (family.name === 'DeviceN' && Array.isArray(space)) {
    const names = index.resolve(space[1]);
    return Array.isArray(names) && names.length > 0 && names.length <= 32 ? names.length : 4;
  }
  return COMPONENTS[family.name] ?? 4;
}

const isPositiveInteger = (value: PdfValue | undefined): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value > 0;
