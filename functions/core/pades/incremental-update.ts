/**
 * Writing an incremental update (ISO 32000-1 §7.5.6) from values read by the verifier's PDF reader: objects
 * in PDF syntax, a classic cross-reference table and a trailer whose /Prev points at the previous section.
 * Everything before the update stays byte for byte as it was, so every earlier signature stays intact.
 */
import {
  PdfDict,
  PdfName,
  PdfNumber,
  PdfRef,
  PdfString,
  type PdfValue,
} from '../verification/pdf-object-reader.js';

const REGULAR = /^[!-~]$/;
const DELIMITERS = new Set(['(', ')', '<', '>', '[', ']', '{', '}', '/', '%', '#']);

/** A name with the characters §7.3.5 does not allow written as `#xx`. */
function nameSyntax(name: string): string {
  let out = '/';
  for (const byte of Buffer.from(name, 'latin1')) {
    const char = String.fromCharCode(byte);
    out += REGULAR.test(char) && !DELIMITERS.has(char) ? char : `#${byte.toString(16).padStart(2, '0')}`;
  }
  return out;
}

/** PDF syntax of a value (strings as hex, so no escaping is needed). */
export function pdfSyntax(value: PdfValue): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return String(value);
  if (value instanceof PdfName) return nameSyntax(value.name);
  if (value instanceof PdfNumber)
    return value.integer ? String(Math.trunc(value.value)) : String(Number(value.value.toFixed(6)));
  if (value instanceof PdfRef) return `${value.num} ${value.gen} R`;
  if (value instanceof PdfString) return `<${Buffer.from(value.bytes ?? []).toString('hex')}>`;
  if (Array.isArray(value)) return `[${value.map(pdfSyntax).join(' ')}]`;
  if (value instanceof PdfDict)
    return `<<${[...value.entries].map(([key, item]) => `${nameSyntax(key)} ${pdfSyntax(item)}`).join(' ')}>>`;
  return 'null';
}

/** A dictionary from plain entries. */
export const pdfDict = (entries: Record<string, PdfValue>): PdfDict =>
  new PdfDict(new Map(Object.entries(entries)), new Map());

/** Copy of `base` with `changes` set. */
export const withEntries = (base: PdfDict, changes: Record<string, PdfValue>): PdfDict =>
  new PdfDict(new Map([...base.entries, ...Object.entries(changes)]), new Map());

export const pdfName = (text: string) => new PdfName(text);
export const pdfInt = (value: number) => new PdfNumber(value, true);
export const pdfRef = (num: number, gen = 0) => new PdfRef(num, gen);

/** One object of an update: a value, or raw bytes of its body (e.g. a stream with its dictionary). */
export interface UpdateObject {
  num: number;
  gen?: number;
  body: string | Buffer;
}

/** A stream object's body: its dictionary with /Length, and the data. */
export const streamBody = (dict: PdfDict, data: Uint8Array): Buffer =>
  Buffer.concat([
    Buffer.from(`${pdfSyntax(withEntries(dict, { Length: pdfInt(data.length) }))}\nstream\n`, 'latin1'),
    data,
    Buffer.from('\nendstream', 'latin1'),
  ]);

/** The xref table of an update: one subsection per run of consecutive object numbers (§7.5.4). */
function xrefTable(offsets: Map<number, { offset: number; gen: number }>): string {
  const numbers = [...offsets.keys()].sort((a, b) => a - b);
  let text = 'xref\n';
  for (let index = 0; index < numbers.length; ) {
    let end = index;
    while (numbers[end + 1] === (numbers[end] ?? 0) + 1) end++;
    text += `${numbers[index]} ${end - index + 1}\n`;
    for (let at = index; at <= end; at++) {
      const entry = offsets.get(numbers[at] ?? 0) ?? { offset: 0, gen: 0 };
      text += `${String(entry.offset).padStart(10, '0')} ${String(entry.gen).padStart(5, '0')} n\r\n`;
    }
    index = end + 1;
  }
  return text;
}

/**
 * Append `objects` to `pdf` as one update. `trailer` holds the new trailer's entries besides /Prev (/Size,
 * /Root, /Info, /ID …); `prev` is the offset of the previous cross-reference section. Returns the new file and
 * where each object starts.
 */
export function appendIncrementalUpdate(
  pdf: Uint8Array,
  objects: UpdateObject[],
  trailer: PdfDict,
  prev: number,
): { pdf: Buffer; offsets: Map<number, number> } {
  const parts: Buffer[] = [Buffer.from(pdf)];
  let length = pdf.length;
  const write = (bytes: Buffer) => {
    parts.push(bytes);
    length += bytes.length;
  };
  if (pdf[pdf.length - 1] !== 0x0a) write(Buffer.from('\n'));
  const offsets = new Map<number, { offset: number; gen: number }>();
  for (const object of objects) {
    offsets.set(object.num, { offset: length, gen: object.gen ?? 0 });
    write(Buffer.from(`${object.num} ${object.gen ?? 0} obj\n`, 'latin1'));
    write(typeof object.body === 'string' ? Buffer.from(object.body, 'latin1') : object.body);
    write(Buffer.from('\nendobj\n', 'latin1'));
  }
  const xrefAt = length;
  const entries = withEntries(trailer, { Prev: pdfInt(prev) });
  write(
    Buffer.from(
      `${xrefTable(offsets)}trailer\n${pdfSyntax(entries)}\nstartxref\n${xrefAt}\n%%EOF\n`,
      'latin1',
    ),
  );
  return {
    pdf: Buffer.concat(parts),
    offsets: new Map([...offsets].map(([num, entry]) => [num, entry.offset])),
  };
}
