/**
 * Hostile and random input: every call returns a definite answer within a time bound and never throws.
 */
import fc from 'fast-check';
import jpeg from 'jpeg-js';
import { PDFDocument } from 'pdf-lib';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MaterialRule } from '../../../functions/core/catalogue/types.js';
import { inspectMaterial } from '../../../functions/core/materials/inspect-material.js';
import { inspectPdf } from '../../../functions/core/materials/pdf-inspect.js';

const rule: MaterialRule = {
  code: 'ANY',
  name: '任意材料',
  nameEn: 'Any material',
  required: true,
  mediaTypes: ['application/pdf', 'image/jpeg', 'image/png'],
  maxBytes: 1024 * 1024,
  maxPages: 10,
  minImageShortSide: 16,
  minImageLongSide: 16,
};

const BOUND_MS = 3000;
const KNOWN_CODES = new Set([
  'TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'CONTENT_TYPE_MISMATCH',
  'EXTENSION_MISMATCH',
  'CORRUPT_FILE',
  'ENCRYPTED_PDF',
  'NO_PAGES',
  'TOO_MANY_PAGES',
  'IMAGE_TOO_SMALL',
  'IMAGE_DIMENSIONS_TOO_LARGE',
  'DECOMPRESSION_BOMB',
  'EMBEDDED_ARCHIVE',
  'EMBEDDED_EXECUTABLE',
  'TRAILING_DATA',
]);

/** Inspects and checks the answer is definite: known codes, bilingual messages, facts fit the verdict. */
async function inspectDefinitely(bytes: Uint8Array, declaredType: string): Promise<void> {
  const started = performance.now();
  const result = await inspectMaterial({ bytes, declaredType }, rule);
  expect(performance.now() - started).toBeLessThan(BOUND_MS);
  for (const p of result.problems) {
    expect(KNOWN_CODES.has(p.code) || (p.code === 'EMPTY_FILE' && bytes.length === 0)).toBe(true);
    expect(p.message).toMatch(/[\u4e00-\u9fff].* \/ [A-Za-z]/);
  }
  if (result.problems.length === 0) {
    expect(result.mediaType).toBeDefined();
    const hasFacts = result.facts.pages !== undefined || result.facts.width !== undefined;
    expect(hasFacts).toBe(true);
  }
}

let validFiles: Array<{ bytes: Uint8Array; type: string }> = [];

beforeAll(async () => {
  const doc = await PDFDocument.create();
  doc.addPage([200, 200]).drawText('x');
  doc.addPage([200, 200]);
  const png = new PNG({ width: 24, height: 20 });
  png.data.fill(0x80);
  const rgba = Buffer.alloc(24 * 20 * 4, 0x40);
  validFiles = [
    { bytes: await doc.save({ useObjectStreams: true }), type: 'application/pdf' },
    { bytes: await doc.save({ useObjectStreams: false }), type: 'application/pdf' },
    { bytes: new Uint8Array(PNG.sync.write(png)), type: 'image/png' },
    {
      bytes: new Uint8Array(jpeg.encode({ data: rgba, width: 24, height: 20 }, 50).data),
      type: 'image/jpeg',
    },
  ];
});

/** A random edit of a file: flip bytes, cut it, or splice random bytes in. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('splice' as const), at: fc.nat(), insert: fc.uint8Array({ maxLength: 64 }) }),
);

function mutate(bytes: Uint8Array, edits: Mutation[]): Uint8Array {
  let out = new Uint8Array(bytes);
  for (const edit of edits) {
    const at = out.length === 0 ? 0 : edit.at % out.length;
    if (edit.kind === 'flip') out[at] = edit.value;
    else if (edit.kind === 'cut') out = out.slice(0, at);
    else out = new Uint8Array([...out.slice(0, at), ...edit.insert, ...out.slice(at)]);
  }
  return out;
}

type Mutation =
  | { kind: 'flip'; at: number; value: number }
  | { kind: 'cut'; at: number }
  | { kind: 'splice'; at: number; insert: Uint8Array };

describe('inspectMaterial on random and mutated input', () => {
  it('answers random bytes, with or without a real magic number, definitely and in time', async () => {
    const prefix = fc.constantFrom(
      [],
      [...Buffer.from('%PDF-1.7\n')],
      [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
      [0xff, 0xd8, 0xff],
    );
    await fc.assert(
      fc.asyncProperty(
        prefix,
        fc.uint8Array({ maxLength: 2048 }),
        fc.constantFrom(...rule.mediaTypes),
        async (p, rest, type) => {
          await inspectDefinitely(new Uint8Array([...p, ...rest]), type);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('answers random mutations of valid PDF, PNG and JPEG files definitely and in time', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 4 }), async (which, edits) => {
        const file = validFiles[which % validFiles.length];
        if (file === undefined) throw new Error('fixtures missing');
        await inspectDefinitely(mutate(file.bytes, edits as Mutation[]), file.type);
      }),
      { numRuns: 300 },
    );
  });

  it('answers PDF-like token soup without throwing', () => {
    const token = fc.constantFrom(
      '<<',
      '>>',
      '[',
      ']',
      '(',
      ')',
      '<',
      '>',
      '/Type',
      '/Pages',
      '/Page',
      '/Kids',
      '/Count',
      '/Root',
      '/Encrypt',
      '/ObjStm',
      '/XRef',
      '/N',
      '/First',
      '/Length',
      '1 0 R',
      '2 0 R',
      '3 0 R',
      '1 0 obj',
      '2 0 obj',
      '3 0 obj',
      'endobj',
      'stream\n',
      '\nendstream',
      'trailer',
      '%%EOF',
      '%c\n',
      '-1',
      '1e9',
      '\\',
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 200 }), (tokens) => {
        const result = inspectPdf(
          new Uint8Array(Buffer.from(`%PDF-1.7\n${tokens.join(' ')}\n%%EOF`, 'latin1')),
        );
        expect(['readable', 'encrypted', 'corrupt']).toContain(result.kind);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('inspectPdf on hand-built hostile structures', () => {
  const pdf = (body: string, trailer = '<</Root 1 0 R>>'): Uint8Array =>
    new Uint8Array(Buffer.from(`%PDF-1.7\n${body}\ntrailer\n${trailer}\n%%EOF\n`, 'latin1'));
  const catalog = '1 0 obj <</Type/Catalog/Pages 2 0 R>> endobj\n';

  it('accepts a well-formed two-page tree with an intermediate node', () => {
    const body = `${catalog}2 0 obj <</Type/Pages/Kids[3 0 R 4 0 R]/Count 2>> endobj
3 0 obj <</Type/Page/Parent 2 0 R>> endobj
4 0 obj <</Type/Pages/Parent 2 0 R/Kids[5 0 R]/Count 1>> endobj
5 0 obj <</Type/Page/Parent 4 0 R>> endobj`;
    expect(inspectPdf(pdf(body))).toEqual({ kind: 'readable', pages: 2 });
  });

  it('rejects a page tree in which a node is its own kid', () => {
    const body = `${catalog}2 0 obj <</Type/Pages/Kids[2 0 R]/Count 1>> endobj`;
    expect(inspectPdf(pdf(body)).kind).toBe('corrupt');
  });

  it('rejects a page listed twice, which would make viewers disagree about the count', () => {
    const body = `${catalog}2 0 obj <</Type/Pages/Kids[3 0 R 3 0 R]/Count 2>> endobj
3 0 obj <</Type/Page/Parent 2 0 R>> endobj`;
    expect(inspectPdf(pdf(body)).kind).toBe('corrupt');
  });

  it('rejects a root /Count that differs from the pages reachable', () => {
    const body = `${catalog}2 0 obj <</Type/Pages/Kids[3 0 R]/Count 7>> endobj
3 0 obj <</Type/Page/Parent 2 0 R>> endobj`;
    expect(inspectPdf(pdf(body))).toMatchObject({
      kind: 'corrupt',
      reason: expect.stringContaining('/Count'),
    });
  });

  it('answers deeply nested arrays and a wide page tree within the budget', () => {
    const deep = `${catalog}2 0 obj <</Type/Pages/Kids ${'['.repeat(100_000)} >> endobj`;
    const kids = Array.from({ length: 50_000 }, (_, i) => `${i + 3} 0 R`).join(' ');
    const pages = Array.from({ length: 50_000 }, (_, i) => `${i + 3} 0 obj <</Type/Page>> endobj`).join('\n');
    const wide = `${catalog}2 0 obj <</Type/Pages/Kids[${kids}]/Count 50000>> endobj\n${pages}`;

    const started = performance.now();
    expect(inspectPdf(pdf(deep)).kind).toBe('corrupt');
    expect(inspectPdf(pdf(wide))).toEqual({ kind: 'readable', pages: 50_000 });
    expect(performance.now() - started).toBeLessThan(BOUND_MS);
  });

  it('gives up as corrupt when a document costs more than its work budget', () => {
    const body = `${catalog}2 0 obj <</Type/Pages/Kids[3 0 R]/Count 1>> endobj
3 0 obj <</Type/Page/Junk[${'0 '.repeat(5000)}]>> endobj`;
    expect(inspectPdf(pdf(body)).kind).toBe('readable');
    expect(inspectPdf(pdf(body), { workUnits: 1000, inflatedBytes: 1024 })).toMatchObject({
      kind: 'corrupt',
    });
  });

  it('treats any /Encrypt entry, even a malformed one, as encryption', () => {
    const body = `${catalog}2 0 obj <</Type/Pages/Kids[]/Count 0>> endobj`;
    expect(inspectPdf(pdf(body, '<</Root 1 0 R/Encrypt []>>')).kind).toBe('encrypted');
    expect(inspectPdf(pdf(body, '<</Root 1 0 R/Encrypt 9 0 R>>')).kind).toBe('encrypted');
    expect(inspectPdf(pdf(body, '<</Root 1 0 R/Encrypt null>>'))).toEqual({ kind: 'readable', pages: 0 });
  });
});
