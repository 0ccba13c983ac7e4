/**
 * The members of an object stream (ISO 32000-1 §7.5.7): /N pairs `objnum offset` in the header, each object
 * at /First + offset of the decoded data. Bounded by /N and the data's size.
 */
import { PdfNumber, PdfObjectReader, PdfReadError, type PdfValue } from '../pdf-object-reader.js';
import { MAX_STRING_BYTES, OBJECT_TOKENS, type PdfStream } from './indirect-object.js';
import { decodeStream } from './stream-filters.js';

const intOf = (value: PdfValue | undefined): number | undefined =>
  value instanceof PdfNumber && value.integer && value.value >= 0 ? value.value : undefined;

/** Object number → value; members that do not read are left out. Throws PdfReadError for a bad header. */
export function readObjectStream(stream: PdfStream): Map<number, PdfValue> {
  const count = intOf(stream.dict.get('N'));
  const first = intOf(stream.dict.get('First'));
  const data = decodeStream(stream);
  if (count === undefined || first === undefined || first > data.length || count > data.length / 2)
    throw new PdfReadError('bad object stream header');
  const header = Buffer.from(data.buffer, data.byteOffset, first).toString('latin1').trim().split(/\s+/);
  const members = new Map<number, PdfValue>();
  for (let index = 0; index < count; index++) {
    const num = Number(header[2 * index]);
    const offset = Number(header[2 * index + 1]);
    if (!Number.isInteger(num) || !Number.isInteger(offset) || first + offset >= data.length) continue;
    if (members.has(num)) continue;
    try {
      const reader = new PdfObjectReader(data, first + offset, {
        tokens: OBJECT_TOKENS,
        maxStringBytes: MAX_STRING_BYTES,
      });
      members.set(num, reader.readValue());
    } catch (error) {
      if (!(error instanceof PdfReadError)) throw error;
    }
  }
  return members;
}
