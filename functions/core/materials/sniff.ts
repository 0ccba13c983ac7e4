/**
 * What a file really is, decided from its bytes (magic numbers) rather than from what the sender claims.
 * Declared types and file names are only hints an applicant's system can get wrong (or lie about).
 */
import type { MediaType } from '../catalogue/types.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const startsWith = (bytes: Uint8Array, prefix: readonly number[], at = 0): boolean =>
  bytes.length >= at + prefix.length && prefix.every((b, i) => bytes[at + i] === b);

const ascii = (text: string): number[] => [...text].map((c) => c.charCodeAt(0));

/**
 * Sniffs one of the media types materials may have from the first bytes.
 * `%PDF-` must be at offset 0 (as in the WHATWG MIME sniffing standard): a header further in is how
 * polyglot files (HTML or ZIP that also opens as a PDF) get past lenient readers.
 */
export function sniffMediaType(bytes: Uint8Array): MediaType | undefined {
  if (startsWith(bytes, ascii('%PDF-'))) return 'application/pdf';
  if (startsWith(bytes, PNG_SIGNATURE)) return 'image/png';
  // JPEG: SOI marker followed by the start of another marker.
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  return undefined;
}

/** Well-known formats that are not materials, named in messages so the applicant understands the mix-up. */
const OTHER_FORMATS: ReadonlyArray<{ label: string; test: (bytes: Uint8Array) => boolean }> = [
  { label: 'ZIP/Office', test: (b) => startsWith(b, [0x50, 0x4b, 0x03, 0x04]) },
  { label: 'EXE', test: (b) => startsWith(b, ascii('MZ')) },
  { label: 'ELF', test: (b) => startsWith(b, [0x7f, 0x45, 0x4c, 0x46]) },
  { label: 'GIF', test: (b) => startsWith(b, ascii('GIF8')) },
  { label: 'WebP', test: (b) => startsWith(b, ascii('RIFF')) && startsWith(b, ascii('WEBP'), 8) },
  { label: 'TIFF', test: (b) => startsWith(b, ascii('II*\0')) || startsWith(b, ascii('MM\0*')) },
  { label: 'BMP', test: (b) => startsWith(b, ascii('BM')) },
  { label: 'HEIC', test: (b) => startsWith(b, ascii('ftyp'), 4) },
  { label: 'OLE/Office 97', test: (b) => startsWith(b, [0xd0, 0xcf, 0x11, 0xe0]) },
  {
    label: 'HTML',
    test: (b) => /^\s*<(!doctype html|html|head|body|script)/i.test(latin1Prefix(b, 256)),
  },
];

function latin1Prefix(bytes: Uint8Array, length: number): string {
  let text = '';
  for (let i = 0; i < Math.min(length, bytes.length); i += 1) text += String.fromCharCode(bytes[i] ?? 0);
  // A UTF-8 byte-order mark reads as these three characters in latin1.
  return text.replace(/^\xEF\xBB\xBF/, '');
}

/** Names the format of bytes for a message: a media type, a well-known other format, or undefined. */
export function describeContent(bytes: Uint8Array): string | undefined {
  return sniffMediaType(bytes) ?? OTHER_FORMATS.find((f) => f.test(bytes))?.label;
}

/** Non-standard JPEG spellings senders really use; mapping them avoids a pointless reject. */
const ALIASES: Readonly<Record<string, string>> = { 'image/jpg': 'image/jpeg', 'image/pjpeg': 'image/jpeg' };

/**
 * Normalises a `Content-Type` value: parameters (`; charset=…`) dropped, lower case, aliases mapped.
 * Returns the bare type, which may be anything the sender wrote (or '' when nothing was declared).
 */
export function normaliseDeclaredType(declaredType: string): string {
  const bare = (declaredType.split(';')[0] ?? '').trim().toLowerCase();
  return ALIASES[bare] ?? bare;
}

const EXTENSIONS: Readonly<Record<string, MediaType>> = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  jpe: 'image/jpeg',
  png: 'image/png',
};

/**
 * The extension of a file name, lower case without the dot, or undefined when the name has none.
 * Both `/` and `\` count as separators: names come from Windows systems too.
 */
export function fileExtension(fileName: string): string | undefined {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot > 0 && dot < base.length - 1 ? base.slice(dot + 1).toLowerCase() : undefined;
}

/** The media type a file extension stands for, or undefined for extensions materials never have. */
export function mediaTypeOfExtension(extension: string): MediaType | undefined {
  return EXTENSIONS[extension];
}
