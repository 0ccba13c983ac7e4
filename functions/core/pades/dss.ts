/**
 * PAdES B-LT (ETSI EN 319 142-1 §5.4.2): the Document Security Store, appended to a sealed PDF as one
 * incremental update after the signature — a new version of the catalog with /DSS, the DSS dictionary with its
 * VRI entry, one stream per certificate, OCSP response and CRL, an xref table and a trailer with /Prev. Nothing
 * the signature covers changes, so the seal stays intact; a validator then needs no network.
 */
import { createHash } from 'node:crypto';

/** Where the saved document's catalog and cross-reference section are (read off pdf-lib after `save`). */
export interface PdfTail {
  catalog: { objectNumber: number; generation: number /** `<< … >>` as pdf-lib writes it */; text: string };
  /** The trailer's /Size: the next free object number. */
  size: number;
  /** Trailer entries to carry over (e.g. `/Info 9 0 R /ID [<…> <…>]`), without /Size, /Root and /Prev. */
  trailerEntries: string;
}

/** The validation material of a signature: DER certificates, OCSP responses and CRLs. */
export interface ValidationMaterial {
  certificates: Uint8Array[];
  ocspResponses: Uint8Array[];
  crls: Uint8Array[];
}

/**
 * The VRI key of a signature (ETSI EN 319 142-1 §5.4.2.2): upper-case hex SHA-1 of its /Contents value —
 * the bytes of the hex string as decoded, zero padding included, as iText, PDFBox and EU DSS compute it.
 */
export function vriKey(contents: Uint8Array): string {
  return createHash('sha1').update(contents).digest('hex').toUpperCase();
}

/** The offset of the last cross-reference section: the number after the last `startxref`. */
export function lastStartXref(pdf: Uint8Array): number {
  const tail = Buffer.from(pdf.subarray(Math.max(0, pdf.length - 1024))).toString('latin1');
  const match = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
  if (!match?.[1]) throw new Error('no startxref at the end of the document');
  return Number(match[1]);
}

const latin1 = (text: string) => Buffer.from(text, 'latin1');

class UpdateWriter {
  readonly parts: Buffer[] = [];
  readonly offsets = new Map<number, number>();
  length: number;

  constructor(start: number) {
    this.length = start;
  }

  write(bytes: Buffer): void {
    this.parts.push(bytes);
    this.length += bytes.length;
  }

  object(objectNumber: number, generation: number, body: Buffer | string): void {
    this.offsets.set(objectNumber, this.length);
    this.write(latin1(`${objectNumber} ${generation} obj\n`));
    this.write(typeof body === 'string' ? latin1(body) : body);
    this.write(latin1('\nendobj\n'));
  }

  stream(objectNumber: number, data: Uint8Array): void {
    this.object(
      objectNumber,
      0,
      Buffer.concat([latin1(`<< /Length ${data.length} >>\nstream\n`), data, latin1('\nendstream')]),
    );
  }
}

/** `n 0 R` for each number. */
const refs = (numbers: number[]) => `[${numbers.map((n) => `${n} 0 R`).join(' ')}]`;

/** The xref table of an update: one subsection per run of consecutive object numbers (ISO 32000-1 §7.5.4). */
function xrefTable(offsets: Map<number, number>, generations: Map<number, number>): string {
  const numbers = [...offsets.keys()].sort((a, b) => a - b);
  let text = 'xref\n';
  for (let index = 0; index < numbers.length; ) {
    let end = index;
    while (numbers[end + 1] === (numbers[end] ?? 0) + 1) end++;
    text += `${numbers[index]} ${end - index + 1}\n`;
    for (let at = index; at <= end; at++) {
      const n = numbers[at] ?? 0;
      const offset = String(offsets.get(n)).padStart(10, '0');
      text += `${offset} ${String(generations.get(n) ?? 0).padStart(5, '0')} n\r\n`;
    }
    index = end + 1;
  }
  return text;
}

/**
 * Append the DSS for the one signature whose /Contents value is `contents` (its VRI key) to `pdf`. Returns
 * the new file: `pdf` unchanged, then the update.
 */
export function appendDss(
  pdf: Uint8Array,
  tail: PdfTail,
  contents: Uint8Array,
  material: ValidationMaterial,
): Uint8Array {
  const catalogText = tail.catalog.text.trimEnd();
  if (!catalogText.endsWith('>>') || /\/DSS\b/.test(catalogText))
    throw new Error('the catalog cannot take a DSS');
  const prev = lastStartXref(pdf);
  const needsNewline = pdf[pdf.length - 1] !== 0x0a;
  const writer = new UpdateWriter(pdf.length + (needsNewline ? 1 : 0));
  let next = tail.size;
  const streams = (items: Uint8Array[]) =>
    items.map((data) => {
      const n = next++;
      writer.stream(n, data);
      return n;
    });
  const certs = streams(material.certificates);
  const ocsps = streams(material.ocspResponses);
  const crls = streams(material.crls);
  const vri = `<< /Cert ${refs(certs)} /OCSP ${refs(ocsps)} /CRL ${refs(crls)} >>`;
  const dss = next++;
  writer.object(
    dss,
    0,
    `<< /Type /DSS /Certs ${refs(certs)} /OCSPs ${refs(ocsps)} /CRLs ${refs(crls)} /VRI << /${vriKey(contents)} ${vri} >> >>`,
  );
  const { objectNumber, generation } = tail.catalog;
  writer.object(objectNumber, generation, `${catalogText.slice(0, -2).trimEnd()}\n/DSS ${dss} 0 R\n>>`);
  const generations = new Map([[objectNumber, generation]]);
  const xrefAt = writer.length;
  writer.write(latin1(xrefTable(writer.offsets, generations)));
  const root = `${objectNumber} ${generation} R`;
  writer.write(
    latin1(
      `trailer\n<< /Size ${next} /Root ${root} ${tail.trailerEntries} /Prev ${prev} >>\nstartxref\n${xrefAt}\n%%EOF\n`,
    ),
  );
  return Buffer.concat([pdf, ...(needsNewline ? [latin1('\n')] : []), ...writer.parts]);
}
