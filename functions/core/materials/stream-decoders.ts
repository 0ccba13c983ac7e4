/**
 * Bounded decoding of PDF stream filters (ISO 32000-1 §7.4), to learn how large a stream's data becomes
 * without ever holding it: the last filter of a chain is only counted, earlier ones are held up to the cap,
 * and decoding stops as soon as the count passes the cap. A 200 KB deflate bomb therefore costs at most
 * `cap` bytes of work and a few 64 KiB chunks of memory, never the 200 MiB it would expand to.
 */
import { createInflate, inflateSync, constants as zlibConstants } from 'node:zlib';

/** A filter this module can decode; image codecs (DCT, JPX, JBIG2, CCITT) end a chain's measurement. */
export type StreamFilter =
  | { kind: 'flate' }
  | { kind: 'lzw'; earlyChange: boolean }
  | { kind: 'asciiHex' }
  | { kind: 'ascii85' }
  | { kind: 'runLength' };

/** How much a chain of filters produced, counted up to a cap. */
export interface DecodedSize {
  /** Bytes decoded; when `overCap`, the count at which decoding stopped (just over the cap). */
  bytes: number;
  overCap: boolean;
  /** The first bytes of the decoded data: what an embedded file really is. */
  head: Uint8Array;
}

/** Bytes of decoded data kept for sniffing: enough to follow a PE's DOS header to its `PE\0\0`. */
const HEAD_BYTES = 1024;
/** Below this a deflate stream is inflated in one synchronous call (it holds at most this much). */
const SYNC_INFLATE_BYTES = 1024 * 1024;
const CHUNK_BYTES = 64 * 1024;

/** Collects decoded bytes: counts them, keeps the head, and keeps everything only when asked to. */
class Sink {
  bytes = 0;
  readonly head = new Uint8Array(HEAD_BYTES);
  private readonly chunks: Uint8Array[] = [];

  constructor(
    readonly cap: number,
    private readonly keep: boolean,
  ) {}

  get overCap(): boolean {
    return this.bytes > this.cap;
  }

  /** Takes `data` (which the caller may reuse afterwards); false once over the cap. */
  write(data: Uint8Array): boolean {
    if (this.bytes < HEAD_BYTES) this.head.set(data.subarray(0, HEAD_BYTES - this.bytes), this.bytes);
    this.bytes += data.byteLength;
    if (this.keep && !this.overCap) this.chunks.push(Uint8Array.from(data));
    return !this.overCap;
  }

  /** Records that the data goes on past the cap, without holding it. */
  markOverCap(): void {
    this.bytes = Math.max(this.bytes, this.cap + 1);
  }

  result(): DecodedSize {
    return {
      bytes: this.bytes,
      overCap: this.overCap,
      head: this.head.slice(0, Math.min(this.bytes, HEAD_BYTES)),
    };
  }

  data(): Uint8Array {
    return Buffer.concat(this.chunks);
  }
}

/**
 * Decodes `raw` through `filters` and counts the result, stopping once it passes `cap`. Never throws:
 * data a filter cannot decode (truncated, corrupt) counts for what it yielded before the damage, as a
 * viewer would render that much.
 */
export async function measureDecoded(
  raw: Uint8Array,
  filters: readonly StreamFilter[],
  cap: number,
): Promise<DecodedSize> {
  let data = raw;
  for (const [i, filter] of filters.entries()) {
    const last = i === filters.length - 1;
    if (last && filter.kind === 'flate') return countInflated(data, cap);
    const sink = new Sink(cap, !last);
    if (filter.kind === 'flate') inflateInto(data, sink);
    else decodeInto(filter, data, sink);
    if (last || sink.overCap) return sink.result();
    data = sink.data();
  }
  const sink = new Sink(cap, false);
  sink.write(data);
  return sink.result();
}

const isTooLarge = (error: unknown): boolean =>
  error instanceof Error && (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';

/** Inflates into a sink that keeps the data (an intermediate stage: it holds at most `cap` bytes). */
function inflateInto(data: Uint8Array, sink: Sink): void {
  try {
    const maxOutputLength = Math.max(1, sink.cap);
    sink.write(inflateSync(data, { finishFlush: zlibConstants.Z_SYNC_FLUSH, maxOutputLength }));
  } catch (error) {
    // Corrupt data yields nothing here (a viewer could not use it either); too much is over the cap.
    if (isTooLarge(error)) sink.markOverCap();
  }
}

/**
 * Counts inflated bytes: small outputs in one synchronous call, larger ones streamed in 64 KiB chunks that
 * are counted and dropped, the inflater destroyed as soon as the count passes `cap`.
 */
export async function countInflated(data: Uint8Array, cap: number): Promise<DecodedSize> {
  try {
    const limit = Math.max(1, Math.min(cap, SYNC_INFLATE_BYTES));
    const out = inflateSync(data, { finishFlush: zlibConstants.Z_SYNC_FLUSH, maxOutputLength: limit });
    const sink = new Sink(cap, false);
    sink.write(out);
    return sink.result();
  } catch (error) {
    if (isTooLarge(error) && cap <= SYNC_INFLATE_BYTES) {
      return { bytes: cap + 1, overCap: true, head: new Uint8Array(0) };
    }
    // Too large for the synchronous call, or damaged (streaming yields what precedes the damage).
    return streamInflated(data, cap);
  }
}

function streamInflated(data: Uint8Array, cap: number): Promise<DecodedSize> {
  return new Promise((resolve) => {
    const sink = new Sink(cap, false);
    const inflater = createInflate({ finishFlush: zlibConstants.Z_SYNC_FLUSH, chunkSize: CHUNK_BYTES });
    let settled = false;
    const settle = () => {
      if (settled) return;
      settled = true;
      resolve(sink.result());
    };
    inflater.on('data', (chunk: Buffer) => {
      if (!sink.write(chunk)) {
        inflater.destroy();
        settle();
      }
    });
    inflater.on('end', settle);
    inflater.on('close', settle);
    inflater.on('error', settle);
    inflater.end(data);
  });
}

function decodeInto(filter: Exclude<StreamFilter, { kind: 'flate' }>, data: Uint8Array, sink: Sink): void {
  if (filter.kind === 'asciiHex') sink.write(decodeAsciiHex(data));
  else if (filter.kind === 'ascii85') sink.write(decodeAscii85(data));
  else if (filter.kind === 'runLength') decodeRunLength(data, sink);
  else decodeLzw(data, sink, filter.earlyChange);
}

const isPdfWhitespace = (c: number): boolean =>
  c === 0 || c === 9 || c === 10 || c === 12 || c === 13 || c === 32;

/** §7.4.2: pairs of hex digits up to `>`; white space ignored; an odd last digit is followed by 0. */
export function decodeAsciiHex(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.ceil(data.length / 2));
  let n = 0;
  let high = -1;
  for (const c of data) {
    if (c === 0x3e) break;
    if (isPdfWhitespace(c)) continue;
    const digit = Number.parseInt(String.fromCharCode(c), 16);
    if (Number.isNaN(digit)) break;
    if (high < 0) high = digit;
    else {
      out[n++] = (high << 4) | digit;
      high = -1;
    }
  }
  if (high >= 0) out[n++] = high << 4;
  return out.subarray(0, n);
}

/** §7.4.3: base-85 groups of five characters, `z` for four zero bytes, `~>` ends. */
export function decodeAscii85(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(data.length * 4 + 4);
  let n = 0;
  let group = 0;
  let count = 0;
  for (const c of data) {
    if (c === 0x7e) break;
    if (isPdfWhitespace(c)) continue;
    if (c === 0x7a && count === 0) {
      n += 4;
      continue;
    }
    if (c < 0x21 || c > 0x75) break;
    group = group * 85 + (c - 0x21);
    count += 1;
    if (count === 5) {
      for (let shift = 24; shift >= 0; shift -= 8) out[n++] = (group >>> shift) & 0xff;
      group = 0;
      count = 0;
    }
  }
  if (count > 1) {
    for (let i = count; i < 5; i += 1) group = group * 85 + 84;
    for (let i = 0; i < count - 1; i += 1) out[n++] = (group >>> (24 - 8 * i)) & 0xff;
  }
  return out.subarray(0, n);
}

/** §7.4.5: a length byte 0–127 copies that many + 1 bytes, 129–255 repeats the next byte 257 − length times. */
function decodeRunLength(data: Uint8Array, sink: Sink): void {
  const run = new Uint8Array(128);
  for (let p = 0; p < data.length; ) {
    const length = data[p] ?? 128;
    if (length === 128) return;
    if (length < 128) {
      if (!sink.write(data.subarray(p + 1, p + 2 + length))) return;
      p += 2 + length;
    } else {
      run.fill(data[p + 1] ?? 0, 0, 257 - length);
      if (!sink.write(run.subarray(0, 257 - length))) return;
      p += 2;
    }
  }
}

/** §7.4.4: variable-width (9–12 bit) LZW with clear code 256 and end code 257. */
function decodeLzw(data: Uint8Array, sink: Sink, earlyChange: boolean): void {
  const prefix = new Int32Array(4096).fill(-1);
  const suffix = new Uint8Array(4096);
  const length = new Uint16Array(4096);
  const first = new Uint8Array(4096);
  for (let i = 0; i < 256; i += 1) {
    suffix[i] = i;
    first[i] = i;
    length[i] = 1;
  }
  const scratch = new Uint8Array(4096);
  const reader = bitReader(data);
  let next = 258;
  let width = 9;
  let previous = -1;
  for (let code = reader(width); code >= 0 && code !== 257; code = reader(width)) {
    if (code === 256) {
      next = 258;
      width = 9;
      previous = -1;
      continue;
    }
    if (code > next || (previous < 0 && code > 255)) return; // corrupt: a viewer stops here too
    if (previous >= 0 && next < 4096) {
      prefix[next] = previous;
      suffix[next] = code === next ? (first[previous] ?? 0) : (first[code] ?? 0);
      length[next] = (length[previous] ?? 0) + 1;
      first[next] = first[previous] ?? 0;
      next += 1;
      if (next + (earlyChange ? 1 : 0) >= 1 << width && width < 12) width += 1;
    }
    const size = length[code] ?? 0;
    for (let c = code, i = size - 1; i >= 0; i -= 1, c = prefix[c] ?? 0) scratch[i] = suffix[c] ?? 0;
    if (!sink.write(scratch.subarray(0, size))) return;
    previous = code;
  }
}

/** Reads big-endian codes of a given width; -1 at the end of the data. */
function bitReader(data: Uint8Array): (width: number) => number {
  let position = 0;
  let buffer = 0;
  let bits = 0;
  return (width) => {
    while (bits < width) {
      if (position >= data.length) return -1;
      buffer = ((buffer << 8) | (data[position++] ?? 0)) & 0xffffff;
      bits += 8;
    }
    bits -= width;
    return (buffer >>> bits) & ((1 << width) - 1);
  };
}
