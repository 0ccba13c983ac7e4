/**
 * Test helper: appends an incremental update (ISO 32000-1 §7.5.6) to a PDF — new or redefined objects, a
 * classic cross-reference section and a trailer whose /Prev points at the file's last section — written
 * independently of the verifier's reader, so tests can make the later revisions the verifier must judge.
 */
import {
  PdfDict,
  PdfName,
  PdfNumber,
  PdfRef,
  PdfString,
  type PdfValue,
} from '../../../functions/core/verification/pdf-object-reader.js';

/** PDF syntax of a value (strings as hex). */
export function serialize(value: PdfValue): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return String(value);
  if (value instanceof PdfName) return `/${value.name}`;
  if (value instanceof PdfNumber) return String(value.value);
  if (value instanceof PdfRef) return `${value.num} ${value.gen} R`;
  if (value instanceof PdfString) return `<${Buffer.from(value.bytes ?? []).toString('hex')}>`;
  if (Array.isArray(value)) return `[${value.map(serialize).join(' ')}]`;
  return `<<${[...value.entries].map(([key, item]) => `/${key} ${serialize(item)}`).join(' ')}>>`;
}

/** A dictionary from plain entries. */
export const dict = (entries: Record<string, PdfValue>): PdfDict =>
  new PdfDict(new Map(Object.entries(entries)), new Map());

/** Copy of `base` with entries set or (undefined) removed. */
export function edit(base: PdfDict, changes: Record<string, PdfValue | undefined>): PdfDict {
  const entries = new Map(base.entries);
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) entries.delete(key);
    else entries.set(key, value);
  }
  return new PdfDict(entries, new Map());
}

export const ref = (num: number) => new PdfRef(num, 0);
export const name = (text: string) => new PdfName(text);
export const int = (value: number) => new PdfNumber(value, true);

/** One object of an update: its number and body (a value, or a stream as dictionary + data). */
export interface UpdateObject {
  num: number;
  value?: PdfValue;
  stream?: { dict: PdfDict; data: string };
}

/** Append the objects as one incremental update; `root` and `size` go into the new trailer. */
export function appendUpdate(
  pdf: Uint8Array,
  objects: UpdateObject[],
  root: number,
  size: number,
): Uint8Array {
  const text = Buffer.from(pdf).toString('latin1');
  const prev = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(text)?.[1]);
  let body = pdf[pdf.length - 1] === 0x0a ? '' : '\n';
  const offsets = new Map<number, number>();
  for (const object of objects) {
    offsets.set(object.num, pdf.length + Buffer.byteLength(body, 'latin1'));
    const content = object.stream
      ? `${serialize(edit(object.stream.dict, { Length: int(object.stream.data.length) }))}\nstream\n${object.stream.data}\nendstream`
      : serialize(object.value ?? null);
    body += `${object.num} 0 obj\n${content}\nendobj\n`;
  }
  const xrefAt = pdf.length + Buffer.byteLength(body, 'latin1');
  body += 'xref\n';
  for (const [num, offset] of [...offsets].sort((a, b) => a[0] - b[0]))
    body += `${num} 1\n${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<</Size ${size} /Root ${root} 0 R /Prev ${prev}>>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.concat([Buffer.from(pdf), Buffer.from(body, 'latin1')]);
}
