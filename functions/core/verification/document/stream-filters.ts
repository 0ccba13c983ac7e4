/**
 * Decoding of the streams the structure of a PDF lives in: cross-reference streams and object streams are
 * FlateDecode with an optional PNG or TIFF predictor (ISO 32000-1 §7.4.4). Output is capped, so a deflate
 * bomb costs bounded memory; any other filter is not needed for structure and is refused.
 */
import { inflateSync } from 'node:zlib';
import { PdfDict, PdfName, PdfNumber, PdfReadError, type PdfValue } from '../pdf-object-reader.js';
import type { PdfStream } from './indirect-object.js';

/** Largest decoded structure stream: far above any real xref or object stream. */
export const MAX_DECODED_BYTES = 64 * 1024 * 1024;

const numberOf = (value: PdfValue | undefined, fallback: number): number =>
  value instanceof PdfNumber && value.integer ? value.value : fallback;

function inflate(data: Uint8Array, maxBytes: number): Uint8Array {
  try {
    return new Uint8Array(
      inflateSync(data, { maxOutputLength: maxBytes, finishFlush: 2 /* Z_SYNC_FLUSH */ }),
    );
  } catch {
    throw new PdfReadError('FlateDecode data cannot be inflated');
  }
}

const paeth = (a: number, b: number, c: number): number => {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
};

/** Undo a PNG predictor (§7.4.4.4): rows of 1 + columns·bpp bytes, each with its own filter type. */
function unpredictPng(data: Uint8Array, columns: number, bpp: number): Uint8Array {
  const rowLength = columns * bpp;
  const rows = Math.floor(data.length / (rowLength + 1));
  const out = new Uint8Array(rows * rowLength);
  for (let row = 0; row < rows; row++) {
    const type = data[row * (rowLength + 1)] ?? 0;
    const source = row * (rowLength + 1) + 1;
    const target = row * rowLength;
    for (let index = 0; index < rowLength; index++) {
      const raw = data[source + index] ?? 0;
      const left = index >= bpp ? (out[target + index - bpp] ?? 0) : 0;
      const up = row > 0 ? (out[target - rowLength + index] ?? 0) : 0;
      const upLeft = row > 0 && index >= bpp ? (out[target - rowLength + index - bpp] ?? 0) : 0;
      const predicted =
        type === 1
          ? left
          : type === 2
            ? up
            : type === 3
              ? (left + up) >> 1
              : type === 4
                ? paeth(left, up, upLeft)
                : 0;
      out[target + index] = (raw + predicted) & 0xff;
    }
  }
  return out;
}

/** Undo TIFF predictor 2 for 8-bit components. */
function unpredictTiff(data: Uint8Array, columns: number, bpp: number): Uint8Array {
  const out = Uint8Array.from(data);
  const rowLength = columns * bpp;
  for (let index = 0; index < out.length; index++)
    if (index % rowLength >= bpp) out[index] = ((out[index] ?? 0) + (out[index - bpp] ?? 0)) & 0xff;
  return out;
}

function unpredict(data: Uint8Array, parameters: PdfValue | undefined): Uint8Array {
  if (!(parameters instanceof PdfDict)) return data;
  const predictor = numberOf(parameters.get('Predictor'), 1);
  if (predictor <= 1) return data;
  const columns = Math.max(1, numberOf(parameters.get('Columns'), 1));
  const colors = Math.max(1, numberOf(parameters.get('Colors'), 1));
  const bits = Math.max(1, numberOf(parameters.get('BitsPerComponent'), 8));
  const bpp = Math.max(1, Math.ceil((colors * bits) / 8));
  if (columns * bpp > 1 << 20) throw new PdfReadError('predictor row too long');
  return predictor >= 10 ? unpredictPng(data, columns, bpp) : unpredictTiff(data, columns, bpp);
}

const asList = (value: PdfValue | undefined): PdfValue[] =>
  value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];

/** The decoded data of a structure stream; throws PdfReadError for filters other than FlateDecode. */
export function decodeStream(stream: PdfStream, maxBytes = MAX_DECODED_BYTES): Uint8Array {
  const filters = asList(stream.dict.get('Filter'));
  const parameters = asList(stream.dict.get('DecodeParms'));
  let data = stream.data;
  for (const [index, filter] of filters.entries()) {
    const name = filter instanceof PdfName ? filter.name : '';
    if (name !== 'FlateDecode' && name !== 'Fl') throw new PdfReadError(`filter ${name} not supported`);
    data = unpredict(inflate(data, maxBytes), parameters[index]);
  }
  return data;
}
