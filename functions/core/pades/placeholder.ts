/**
 * Placeholders for /ByteRange and /Contents that remember where pdf-lib wrote them. pdf-lib's writer hands
 * every object the absolute output offset in `copyBytesInto`, so after one save we know both positions
 * without searching or re-parsing the file. This only holds for objects written in clear, which is why the
 * document is saved without object streams.
 */
import { PDFObject } from 'pdf-lib';

/** Digits reserved for each ByteRange number: up to 9,999,999,999 bytes. */
const BYTE_RANGE_DIGITS = 10;

/** Fixed-width PDF text written verbatim; records its offset in the saved file. */
class RecordingPlaceholder extends PDFObject {
  /** Absolute offset of the first byte in the saved file, once written. */
  offset: number | undefined;

  constructor(readonly text: string) {
    super();
  }

  override clone(): RecordingPlaceholder {
    return new RecordingPlaceholder(this.text);
  }

  override toString(): string {
    return this.text;
  }

  override sizeInBytes(): number {
    return this.text.length;
  }

  override copyBytesInto(buffer: Uint8Array, offset: number): number {
    this.offset = offset;
    for (let index = 0; index < this.text.length; index++)
      buffer[offset + index] = this.text.charCodeAt(index);
    return this.text.length;
  }

  /** The recorded offset; throws if the object was never written (e.g. it ended up in an object stream). */
  writtenAt(): number {
    if (this.offset === undefined) throw new Error('signature placeholder was not written in clear');
    return this.offset;
  }
}

/** `/Contents <00…00>`: room for `capacity` bytes of CMS as hex. */
export class ContentsPlaceholder extends RecordingPlaceholder {
  constructor(readonly capacity: number) {
    super(`<${'0'.repeat(capacity * 2)}>`);
  }

  /** Offsets of the `<` and just after the `>`: the one gap the ByteRange leaves out. */
  gap(): { start: number; end: number } {
    const start = this.writtenAt();
    return { start, end: start + this.text.length };
  }
}

/** `/ByteRange [0 0 0 0 ␠…]`: a valid array even before it is filled in, wide enough for the real numbers. */
export class ByteRangePlaceholder extends RecordingPlaceholder {
  constructor() {
    super(`[0 0 0 0${' '.repeat(3 * (BYTE_RANGE_DIGITS + 1) - 6)}]`);
  }

  /** Write `[0 a b c]` over the placeholder in `pdf`, padded with spaces to the same width. */
  fill(pdf: Uint8Array, byteRange: readonly [number, number, number, number]): void {
    const text = `[${byteRange.join(' ')}`.padEnd(this.text.length - 1, ' ');
    if (text.length >= this.text.length) throw new RangeError('document too large for the ByteRange field');
    const start = this.writtenAt();
    for (let index = 0; index < text.length; index++) pdf[start + index] = text.charCodeAt(index);
  }
}
