/**
 * fast-check on the pieces of the PDF reader behind the verifier of other issuers' documents: cross-reference
 * streams (/W, /Index, PNG predictors) and object streams read back what was written; the BER reader keeps
 * exact spans and fails only with its own error; and random damage to real files of the EU DSS suite
 * (a cross-reference stream file, a hybrid file, a twice-signed classic file) never makes the verifier throw
 * or take long.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PdfStream } from '../../../functions/core/verification/document/indirect-object.js';
import { readObjectStream } from '../../../functions/core/verification/document/object-stream.js';
import { PdfDocument } from '../../../functions/core/verification/document/pdf-document.js';
import { readXrefStream, type XrefEntry } from '../../../functions/core/verification/document/xref.js';
import { verifyPdfSignature } from '../../../functions/core/verification/index.js';
import { PdfName, PdfNumber, PdfString } from '../../../functions/core/verification/pdf-object-reader.js';
import { BerError, readBer } from '../../../functions/core/verification/signatures/ber.js';
import { padesSuiteDir } from '../../support/corpus.js';
import { dict, int, name, serialize } from './incremental-update.js';

const entryArb: fc.Arbitrary<XrefEntry> = fc.oneof(
  fc.record({
    kind: fc.constant('offset' as const),
    offset: fc.integer({ min: 1, max: 0xffffff }),
    gen: fc.integer({ min: 0, max: 255 }),
  }),
  fc.record({
    kind: fc.constant('compressed' as const),
    stream: fc.integer({ min: 1, max: 0xffff }),
    index: fc.integer({ min: 0, max: 255 }),
  }),
  fc.constant({ kind: 'free' as const }),
);

const bytesOf = (value: number, width: number) =>
  Array.from({ length: width }, (_, index) => Math.floor(value / 256 ** (width - 1 - index)) % 256);

/** Rows as §7.5.8.2 lays them out, PNG-Up predicted (Predictor 12) and deflated, as writers do. */
function encodeXrefStream(sections: { start: number; entries: XrefEntry[] }[]): PdfStream {
  const widths = [1, 3, 1];
  const rows = sections.flatMap(({ entries }) =>
    entries.map((entry) =>
      entry.kind === 'offset'
        ? [1, ...bytesOf(entry.offset, 3), entry.gen]
        : entry.kind === 'compressed'
          ? [2, ...bytesOf(entry.stream, 3), entry.index]
          : [0, 0, 0, 0, 0],
    ),
  );
  const predicted: number[] = [];
  rows.forEach((row, index) => {
    const above = rows[index - 1] ?? row.map(() => 0);
    predicted.push(2, ...row.map((byte, column) => (byte - (above[column] ?? 0) + 256) % 256));
  });
  const streamDict = dict({
    Type: name('XRef'),
    W: widths.map(int),
    Index: sections.flatMap(({ start, entries }) => [int(start), int(entries.length)]),
    Size: int(Math.max(...sections.map(({ start, entries }) => start + entries.length))),
    Filter: name('FlateDecode'),
    DecodeParms: dict({ Predictor: int(12), Columns: int(5) }),
  });
  return new PdfStream(streamDict, new Uint8Array(deflateSync(Uint8Array.from(predicted))));
}

describe('cross-reference and object streams', () => {
  it('a cross-reference stream with /Index subsections reads back every entry', () => {
    const sectionsArb = fc
      .array(fc.array(entryArb, { minLength: 1, maxLength: 20 }), { minLength: 1, maxLength: 4 })
      .map((groups) => {
        let start = 0;
        return groups.map((entries) => {
          const section = { start, entries };
          start += entries.length + 7;
          return section;
        });
      });
    fc.assert(
      fc.property(sectionsArb, (sections) => {
        const read = readXrefStream(encodeXrefStream(sections));
        for (const { start, entries } of sections)
          entries.forEach((entry, index) => {
            expect(read.entries.get(start + index)).toEqual(entry);
          });
        expect(read.entries.size).toBe(sections.reduce((sum, s) => sum + s.entries.length, 0));
      }),
      { numRuns: 200 },
    );
  });

  it('an object stream gives back each member by its number', () => {
    const valueArb = fc.oneof(
      fc.integer({ min: -1e6, max: 1e6 }).map((n) => new PdfNumber(n, true)),
      fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,8}$/).map((text) => new PdfName(text)),
      fc.uint8Array({ maxLength: 16 }).map((bytes) => new PdfString(bytes, true, 0, 0, true)),
    );
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 5000 }), { minLength: 1, maxLength: 12 }),
        fc.array(valueArb, { minLength: 12, maxLength: 12 }),
        (nums, values) => {
          const bodies = nums.map((_, index) => serialize([values[index] ?? null]));
          let offset = 0;
          const header = nums.map((num, index) => {
            const pair = `${num} ${offset}`;
            offset += (bodies[index] ?? '').length + 1;
            return pair;
          });
          const head = `${header.join(' ')}\n`;
          const data = head + bodies.join('\n');
          const stream = new PdfStream(
            dict({
              Type: name('ObjStm'),
              N: int(nums.length),
              First: int(head.length),
              Filter: name('FlateDecode'),
            }),
            new Uint8Array(deflateSync(Buffer.from(data, 'latin1'))),
          );
          const members = readObjectStream(stream);
          nums.forEach((num, index) => {
            expect(serialize(members.get(num) ?? null)).toBe(bodies[index]);
          });
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('the BER reader', () => {
  it('never fails but with BerError, and every node lies inside its parent', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        try {
          const root = readBer(bytes, 1000);
          const check = (node: ReturnType<typeof readBer>, start: number, end: number): void => {
            expect(node.start).toBeGreaterThanOrEqual(start);
            expect(node.end).toBeLessThanOrEqual(end);
            for (const child of node.children) check(child, node.contentStart, node.end);
          };
          check(root, 0, bytes.length);
        } catch (error) {
          expect(error).toBeInstanceOf(BerError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

const suiteFiles = ['DSS-1683.pdf', 'Signature-P-BG_BOR-2.pdf', 'hello_signed_INCSAVE_signed.pdf'];
const mutationArb = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 40 }),
  }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 200 }) }),
);

interface Mutation {
  kind: 'flip' | 'truncate' | 'insert' | 'delete';
  at: number;
  bit?: number;
  bytes?: Uint8Array;
  count?: number;
}

function mutate(pdf: Buffer, mutation: Mutation): Uint8Array {
  const at = mutation.at % (pdf.length + 1);
  if (mutation.kind === 'flip') {
    const copy = Uint8Array.from(pdf);
    if (at < copy.length) copy[at] = (copy[at] ?? 0) ^ (1 << (mutation.bit ?? 0));
    return copy;
  }
  if (mutation.kind === 'truncate') return pdf.subarray(0, at);
  if (mutation.kind === 'insert')
    return Buffer.concat([pdf.subarray(0, at), mutation.bytes ?? new Uint8Array(), pdf.subarray(at)]);
  return Buffer.concat([pdf.subarray(0, at), pdf.subarray(at + (mutation.count ?? 1))]);
}

describe('damaged files of the EU DSS suite', () => {
  it.each(suiteFiles)('%s: any damage gives a definite answer, never a throw, within 2 s', (file) => {
    const pdf = readFileSync(path.join(padesSuiteDir, file));
    fc.assert(
      fc.property(fc.array(mutationArb, { minLength: 1, maxLength: 3 }), (mutations) => {
        const damaged = mutations.reduce<Uint8Array>(
          (bytes, mutation) => mutate(Buffer.from(bytes), mutation),
          pdf,
        );
        const started = performance.now();
        const result = verifyPdfSignature(damaged, { roots: [] });
        expect(performance.now() - started).toBeLessThan(2000);
        expect(['TAMPERED', 'UNKNOWN_SIGNER', 'NOT_SIGNED', 'MALFORMED']).toContain(result.status);
        expect(() => new PdfDocument(Buffer.from(damaged))).not.toThrow();
      }),
      { numRuns: 40 },
    );
  });
});
