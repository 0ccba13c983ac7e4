/**
 * Archives and executables hidden in a material: a polyglot (a PDF or image that is also a ZIP, an EXE…)
 * opens as a harmless document in the reviewer's viewer and as something else in another program.
 *
 * Two strengths of evidence, to stay clear of false alarms in compressed data (where any short byte pattern
 * turns up by chance):
 * - anywhere in the file, only structures that cannot occur by chance: a ZIP end record whose central
 *   directory is really there, a ZIP local header with plausible fields and a printable name, the 6–10 byte
 *   signatures of RAR, 7z, xz, CAB and bzip2, a PE header that the DOS header points to, ELF and Mach-O
 *   headers with valid fields;
 * - where data should end (after `%%EOF`, after PNG's IEND) or where an embedded file begins (the start of
 *   a decoded PDF stream), also the short signatures: gzip, zstd, a script's `#!`.
 */

/** What was found, and where (byte offset in the scanned data). */
export interface HiddenContent {
  kind: 'archive' | 'executable';
  format: string;
  at: number;
}

type Probe = (bytes: Uint8Array, at: number) => boolean;

interface Signature {
  kind: HiddenContent['kind'];
  format: string;
  magic: number[];
  /** Checks beyond the magic bytes; the magic alone is enough when absent. */
  valid?: Probe;
}

const ascii = (text: string): number[] => [...text].map((c) => c.charCodeAt(0));
const u16le = (b: Uint8Array, at: number): number => (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8);
const u32le = (b: Uint8Array, at: number): number => (u16le(b, at) + u16le(b, at + 2) * 0x10000) >>> 0;
const u32be = (b: Uint8Array, at: number): number =>
  (((b[at] ?? 0) << 24) | ((b[at + 1] ?? 0) << 16) | ((b[at + 2] ?? 0) << 8) | (b[at + 3] ?? 0)) >>> 0;
const matches = (b: Uint8Array, at: number, magic: readonly number[]): boolean =>
  at >= 0 && at + magic.length <= b.length && magic.every((m, i) => b[at + i] === m);

const ZIP_CENTRAL = [0x50, 0x4b, 0x01, 0x02];

/** APPNOTE 4.3.16: the end record's central directory must really precede it (readers locate it so). */
const zipEndRecord: Probe = (b, at) => {
  if (at + 22 > b.length) return false;
  const entries = u16le(b, at + 10);
  const directoryBytes = u32le(b, at + 12);
  return entries > 0 && directoryBytes >= 46 && matches(b, at - directoryBytes, ZIP_CENTRAL);
};

/** APPNOTE 4.3.7: version, method and a file name that a real archiver writes. */
const zipLocalHeader: Probe = (b, at) => {
  if (at + 30 > b.length) return false;
  const version = u16le(b, at + 4);
  const method = u16le(b, at + 8);
  const nameLength = u16le(b, at + 26);
  if (version > 63 || ![0, 8, 9, 12, 14, 93, 95, 98, 99].includes(method)) return false;
  if (nameLength === 0 || nameLength > 1024 || at + 30 + nameLength > b.length) return false;
  for (let i = at + 30; i < at + 30 + nameLength; i += 1) {
    if ((b[i] ?? 0) < 0x20 || b[i] === 0x7f) return false;
  }
  return true;
};

/** The DOS header's e_lfanew (offset 0x3C) points to `PE\0\0`. */
const portableExecutable: Probe = (b, at) => {
  const peAt = at + u32le(b, at + 0x3c);
  return u32le(b, at + 0x3c) >= 0x40 && matches(b, peAt, [0x50, 0x45, 0, 0]);
};

/** ELF class, byte order and both version fields as the System V ABI fixes them. */
const elf: Probe = (b, at) => {
  const elfClass = b[at + 4];
  const order = b[at + 5];
  if ((elfClass !== 1 && elfClass !== 2) || (order !== 1 && order !== 2) || b[at + 6] !== 1) return false;
  return (order === 1 ? u32le(b, at + 20) : u32be(b, at + 20)) === 1;
};

const MACH_CPU_TYPES = new Set([7, 0x01000007, 12, 0x0100000c, 18, 0x01000012]);
const machO =
  (littleEndian: boolean): Probe =>
  (b, at) => {
    const read = littleEndian ? u32le : u32be;
    const fileType = read(b, at + 12);
    return MACH_CPU_TYPES.has(read(b, at + 4)) && fileType >= 1 && fileType <= 12;
  };

/** Signatures that cannot turn up by chance, searched for anywhere. */
const STRONG: readonly Signature[] = [
  { kind: 'archive', format: 'ZIP', magic: [0x50, 0x4b, 0x05, 0x06], valid: zipEndRecord },
  { kind: 'archive', format: 'ZIP', magic: [0x50, 0x4b, 0x03, 0x04], valid: zipLocalHeader },
  { kind: 'archive', format: 'RAR', magic: [...ascii('Rar!'), 0x1a, 0x07] },
  { kind: 'archive', format: '7z', magic: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c] },
  { kind: 'archive', format: 'xz', magic: [0xfd, ...ascii('7zXZ'), 0x00] },
  { kind: 'archive', format: 'CAB', magic: [...ascii('MSCF'), 0, 0, 0, 0] },
  // bzip2's stream header followed by its block magic (the BCD digits of pi).
  {
    kind: 'archive',
    format: 'bzip2',
    magic: ascii('BZh'),
    valid: (b, at) => matches(b, at + 4, ascii('1AY&SY')),
  },
  { kind: 'executable', format: 'PE', magic: ascii('MZ'), valid: portableExecutable },
  { kind: 'executable', format: 'ELF', magic: [0x7f, ...ascii('ELF')], valid: elf },
  { kind: 'executable', format: 'Mach-O', magic: [0xfe, 0xed, 0xfa, 0xce], valid: machO(false) },
  { kind: 'executable', format: 'Mach-O', magic: [0xfe, 0xed, 0xfa, 0xcf], valid: machO(false) },
  { kind: 'executable', format: 'Mach-O', magic: [0xce, 0xfa, 0xed, 0xfe], valid: machO(true) },
  { kind: 'executable', format: 'Mach-O', magic: [0xcf, 0xfa, 0xed, 0xfe], valid: machO(true) },
];

/** Short signatures, only tested where other data begins. */
const AT_START: readonly Signature[] = [
  ...STRONG,
  { kind: 'archive', format: 'gzip', magic: [0x1f, 0x8b, 0x08] },
  { kind: 'archive', format: 'zstd', magic: [0x28, 0xb5, 0x2f, 0xfd] },
  { kind: 'archive', format: 'ZIP', magic: ascii('PK\x03\x04') },
  { kind: 'executable', format: 'script', magic: ascii('#!') },
  { kind: 'executable', format: 'PE', magic: ascii('MZ') },
];

/**
 * The first archive or executable anywhere in `bytes` (strong evidence only), or undefined. Linear in the
 * size: each magic is found with the native `indexOf` and checked where it occurs.
 */
export function findHiddenContent(bytes: Uint8Array): HiddenContent | undefined {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let found: HiddenContent | undefined;
  for (const signature of STRONG) {
    const magic = Buffer.from(signature.magic);
    for (let at = buffer.indexOf(magic); at >= 0; at = buffer.indexOf(magic, at + 1)) {
      if (found !== undefined && at >= found.at) break;
      if (signature.valid === undefined || signature.valid(bytes, at)) {
        found = { kind: signature.kind, format: signature.format, at };
        break;
      }
    }
  }
  return found;
}

/** The archive or executable that `bytes` begins with (after white space), short signatures included. */
export function hiddenContentAtStart(bytes: Uint8Array, offset = 0): HiddenContent | undefined {
  let at = offset;
  while (at < bytes.length && isPdfWhitespace(bytes[at] ?? 0)) at += 1;
  const signature = AT_START.find(
    (s) => matches(bytes, at, s.magic) && (s.valid === undefined || s.valid(bytes, at)),
  );
  return signature ? { kind: signature.kind, format: signature.format, at } : undefined;
}

const isPdfWhitespace = (c: number): boolean =>
  c === 0 || c === 9 || c === 10 || c === 12 || c === 13 || c === 32;

/**
 * Offset of the first byte after a PDF's last `%%EOF` that is not white space, NUL or the DOS end-of-file
 * mark some writers add; undefined when nothing follows.
 */
export function pdfTrailingDataAt(bytes: Uint8Array): number | undefined {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eof = buffer.lastIndexOf('%%EOF');
  if (eof < 0) return undefined;
  for (let at = eof + 5; at < bytes.length; at += 1) {
    const c = bytes[at] ?? 0;
    if (!isPdfWhitespace(c) && c !== 0x1a) return at;
  }
  return undefined;
}

/** Offset just after a PNG's IEND chunk when anything follows it, else undefined. */
export function pngTrailingDataAt(bytes: Uint8Array): number | undefined {
  for (let p = 8; p + 12 <= bytes.length; ) {
    const length = u32be(bytes, p);
    if (matches(bytes, p + 4, ascii('IEND'))) return p + 12 < bytes.length ? p + 12 : undefined;
    p += 12 + length;
  }
  return undefined;
}

/**
 * Offset just after a JPEG's end-of-image marker when anything follows it, else undefined. Marker segments
 * are walked by their lengths (an EXIF thumbnail's own end marker lies inside APP1), and each scan's
 * entropy-coded data up to the next real marker (ITU T.81 §B.1.1.5: FF00 is data, RSTn within the scan).
 */
export function jpegTrailingDataAt(bytes: Uint8Array): number | undefined {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let p = 2;
  while (p + 4 <= bytes.length) {
    if (bytes[p] !== 0xff) return undefined; // out of step: where it ends cannot be told
    const marker = bytes[p + 1] ?? 0;
    if (marker === 0xd9) return p + 2 < bytes.length ? p + 2 : undefined;
    if (marker === 0xff || marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      p += marker === 0xff ? 1 : 2;
      continue;
    }
    p += 2 + (((bytes[p + 2] ?? 0) << 8) | (bytes[p + 3] ?? 0));
    if (marker === 0xda) p = endOfScan(buffer, p);
  }
  return undefined;
}

/** The first marker after entropy-coded data starting at `from` (or the end of the data). */
function endOfScan(buffer: Buffer, from: number): number {
  for (let p = buffer.indexOf(0xff, from); p >= 0; p = buffer.indexOf(0xff, p + 1)) {
    const next = buffer[p + 1];
    if (next === undefined) return buffer.length;
    if (next !== 0x00 && next !== 0xff && !(next >= 0xd0 && next <= 0xd7)) return p;
  }
  return buffer.length;
}
