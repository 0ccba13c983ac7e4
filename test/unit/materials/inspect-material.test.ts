import { deflateSync } from 'node:zlib';
import jpeg from 'jpeg-js';
import { PDFDocument } from 'pdf-lib';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import type { MaterialRule } from '../../../functions/core/catalogue/types.js';
import { inspectMaterial, sniffMediaType } from '../../../functions/core/materials/inspect-material.js';
import { materialProblems } from '../../../functions/core/materials/problems.js';

const rule: MaterialRule = {
  code: 'VEHICLE_LICENCE',
  name: '车辆行驶证',
  nameEn: 'Vehicle licence',
  required: true,
  mediaTypes: ['application/pdf', 'image/jpeg', 'image/png'],
  maxBytes: 2 * 1024 * 1024,
  maxPages: 3,
  minImageShortSide: 600,
  minImageLongSide: 800,
};

async function makePdf(pages: number, useObjectStreams = true): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < pages; i += 1) doc.addPage([595, 842]).drawText(`page ${i + 1}`);
  return doc.save({ useObjectStreams, addDefaultPage: false });
}

function pixels(width: number, height: number): Buffer {
  const data = Buffer.alloc(width * height * 4);
  for (let i = 0; i < data.length; i += 1) data[i] = (i * 31 + (i >> 9)) % 251;
  return data;
}

function makePng(width: number, height: number): Uint8Array {
  const png = new PNG({ width, height });
  pixels(width, height).copy(png.data);
  return new Uint8Array(PNG.sync.write(png));
}

function makeJpeg(width: number, height: number): Uint8Array {
  return new Uint8Array(jpeg.encode({ data: pixels(width, height), width, height }, 75).data);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function pngChunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  let crc = 0xffffffff;
  for (const byte of body) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crcBytes = Buffer.alloc(4);
  crcBytes.writeUInt32BE((crc ^ 0xffffffff) >>> 0);
  return Buffer.concat([length, body, crcBytes]);
}

/** A well-formed PNG (valid CRCs) claiming `width`×`height` whose IDAT inflates to `inflated` bytes. */
function craftPng(width: number, height: number, inflated: number, interlaced: boolean): Uint8Array {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, interlaced ? 1 : 0], 8);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const idat = deflateSync(Buffer.alloc(inflated), { level: 9 });
  return new Uint8Array(
    Buffer.concat([
      signature,
      pngChunk('IHDR', ihdr),
      pngChunk('IDAT', idat),
      pngChunk('IEND', Buffer.alloc(0)),
    ]),
  );
}

/** Overwrites the frame size in a JPEG's SOF0 segment. */
function withJpegSize(bytes: Uint8Array, width: number, height: number): Uint8Array {
  const copy = new Uint8Array(bytes);
  const view = new DataView(copy.buffer);
  for (let p = 2; p + 9 < copy.length; p += 2 + view.getUint16(p + 2)) {
    if (copy[p + 1] === 0xc0) {
      view.setUint16(p + 5, height);
      view.setUint16(p + 7, width);
      return copy;
    }
  }
  throw new Error('no SOF0 segment');
}

const codes = (result: { problems: Array<{ code: string }> }): string[] => result.problems.map((p) => p.code);

describe('inspectMaterial with valid files', () => {
  it('accepts a PDF within the page limit and reports its page count', async () => {
    // Prepare
    const bytes = await makePdf(3);

    // Act
    const result = await inspectMaterial(
      { bytes, declaredType: 'application/pdf', fileName: '行驶证.pdf' },
      rule,
    );

    // Assess
    expect(result).toEqual({ mediaType: 'application/pdf', problems: [], facts: { pages: 3 } });
  });

  it('counts pages of a PDF written without object streams the same way', async () => {
    const result = await inspectMaterial(
      { bytes: await makePdf(2, false), declaredType: 'application/pdf' },
      rule,
    );
    expect(result.problems).toEqual([]);
    expect(result.facts.pages).toBe(2);
  });

  it('accepts PNG and JPEG photos that decode and are large enough, reporting their size', async () => {
    const png = await inspectMaterial(
      { bytes: makePng(800, 600), declaredType: 'image/png', fileName: 'a.PNG' },
      rule,
    );
    const jpg = await inspectMaterial(
      { bytes: makeJpeg(600, 900), declaredType: 'image/jpeg', fileName: 'b.jpeg' },
      rule,
    );

    expect(png).toEqual({ mediaType: 'image/png', problems: [], facts: { width: 800, height: 600 } });
    expect(jpg).toEqual({ mediaType: 'image/jpeg', problems: [], facts: { width: 600, height: 900 } });
  });

  it('ignores parameters and case in the declared type and accepts the image/jpg alias', async () => {
    const pdf = await inspectMaterial(
      { bytes: await makePdf(1), declaredType: 'Application/PDF; charset=binary' },
      rule,
    );
    const jpg = await inspectMaterial({ bytes: makeJpeg(800, 600), declaredType: 'image/jpg' }, rule);
    expect(pdf.problems).toEqual([]);
    expect(jpg.problems).toEqual([]);
  });
});

describe('inspectMaterial with files it must reject', () => {
  it('reports only EMPTY_FILE for zero bytes', async () => {
    const result = await inspectMaterial(
      { bytes: new Uint8Array(0), declaredType: 'text/plain', fileName: 'x.exe' },
      rule,
    );
    expect(result).toEqual({ mediaType: undefined, problems: [materialProblems.emptyFile()], facts: {} });
  });

  it('reports TOO_LARGE without parsing the oversized content', async () => {
    const bytes = await makePdf(5);
    const result = await inspectMaterial(
      { bytes, declaredType: 'application/pdf' },
      { ...rule, maxBytes: 100 },
    );
    expect(codes(result)).toEqual(['TOO_LARGE']);
    expect(result.facts).toEqual({});
  });

  it('reports TOO_MANY_PAGES and NO_PAGES from the real page tree', async () => {
    const many = await inspectMaterial({ bytes: await makePdf(4), declaredType: 'application/pdf' }, rule);
    const none = await inspectMaterial({ bytes: await makePdf(0), declaredType: 'application/pdf' }, rule);

    expect(many.problems).toEqual([materialProblems.tooManyPages(4, 3)]);
    expect(many.facts.pages).toBe(4);
    expect(codes(none)).toEqual(['NO_PAGES']);
  });

  it.each([0.3, 0.6, 0.95])('reports CORRUPT_FILE for a PDF truncated to %s of its length', async (share) => {
    const bytes = await makePdf(2);
    const cut = bytes.subarray(0, Math.floor(bytes.length * share));
    const result = await inspectMaterial({ bytes: cut, declaredType: 'application/pdf' }, rule);
    expect(codes(result)).toEqual(['CORRUPT_FILE']);
  });

  it.each([
    ['PNG', () => makePng(800, 600), 'image/png'],
    ['JPEG', () => makeJpeg(800, 600), 'image/jpeg'],
  ])('reports CORRUPT_FILE for a truncated %s whose header is intact', async (_, make, type) => {
    const bytes = make();
    for (const share of [0.5, 0.9]) {
      const result = await inspectMaterial(
        { bytes: bytes.subarray(0, Math.floor(bytes.length * share)), declaredType: type },
        rule,
      );
      expect(codes(result), `${share}`).toEqual(['CORRUPT_FILE']);
      expect(result.facts).toEqual({ width: 800, height: 600 });
    }
  });

  it('reports UNSUPPORTED_MEDIA_TYPE for a declared type the rule does not allow', async () => {
    const pdfOnly: MaterialRule = { ...rule, mediaTypes: ['application/pdf'] };
    const result = await inspectMaterial({ bytes: makeJpeg(800, 600), declaredType: 'image/jpeg' }, pdfOnly);
    expect(codes(result)).toEqual(['UNSUPPORTED_MEDIA_TYPE']);
    expect(result.problems[0]?.message).toMatch(/^.*PDF.* \/ .*PDF/);
  });

  it.each([
    ['a PNG', makePng(800, 600), 'PNG'],
    ['a ZIP', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0]), 'ZIP'],
    ['a Windows program', new Uint8Array([...Buffer.from('MZ\x90\0\x03\0\0\0')]), 'EXE'],
    [
      'an HTML page',
      new Uint8Array(Buffer.from('  <!DOCTYPE html><html><body>%PDF-1.7</body></html>')),
      'HTML',
    ],
  ])('reports CONTENT_TYPE_MISMATCH for %s declared as PDF, naming what it is', async (_, bytes, label) => {
    const result = await inspectMaterial({ bytes, declaredType: 'application/pdf' }, rule);
    expect(codes(result)).toContain('CONTENT_TYPE_MISMATCH');
    expect(result.problems.find((p) => p.code === 'CONTENT_TYPE_MISMATCH')?.message).toContain(label);
  });

  it('reports EXTENSION_MISMATCH for a name saying another type, and accepts a name without one', async () => {
    const bytes = await makePdf(1);
    const wrong = await inspectMaterial(
      { bytes, declaredType: 'application/pdf', fileName: 'C:\\scan.jpg' },
      rule,
    );
    const unknown = await inspectMaterial(
      { bytes, declaredType: 'application/pdf', fileName: 'scan.docx' },
      rule,
    );
    const none = await inspectMaterial({ bytes, declaredType: 'application/pdf', fileName: 'scan' }, rule);

    expect(codes(wrong)).toEqual(['EXTENSION_MISMATCH']);
    expect(codes(unknown)).toEqual(['EXTENSION_MISMATCH']);
    expect(none.problems).toEqual([]);
  });

  it('reports independent problems together', async () => {
    // Prepare: a small PNG, declared and named as a PDF
    const bytes = makePng(300, 200);

    // Act
    const result = await inspectMaterial(
      { bytes, declaredType: 'application/pdf', fileName: 'licence.pdf' },
      rule,
    );

    // Assess
    expect(result.mediaType).toBe('image/png');
    expect(codes(result)).toEqual(['CONTENT_TYPE_MISMATCH', 'EXTENSION_MISMATCH', 'IMAGE_TOO_SMALL']);
    expect(result.problems[2]).toEqual(materialProblems.imageTooSmall(300, 200, 600, 800));
  });

  it('reports IMAGE_TOO_SMALL against the shorter and the longer side separately', async () => {
    const narrow = await inspectMaterial({ bytes: makeJpeg(599, 2000), declaredType: 'image/jpeg' }, rule);
    const short = await inspectMaterial({ bytes: makePng(700, 700), declaredType: 'image/png' }, rule);
    expect(codes(narrow)).toEqual(['IMAGE_TOO_SMALL']);
    expect(codes(short)).toEqual(['IMAGE_TOO_SMALL']);
  });
});

describe('inspectMaterial against decompression bombs', () => {
  it('refuses a 60000×60000 PNG from its header before decoding', async () => {
    const bytes = craftPng(60000, 60000, 1024 * 1024, false);
    const started = performance.now();
    const result = await inspectMaterial({ bytes, declaredType: 'image/png' }, rule);
    expect(codes(result)).toEqual(['IMAGE_DIMENSIONS_TOO_LARGE']);
    expect(result.facts).toEqual({ width: 60000, height: 60000 });
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('refuses a JPEG whose frame header claims 60000×60000', async () => {
    const bytes = withJpegSize(makeJpeg(800, 600), 60000, 60000);
    const result = await inspectMaterial({ bytes, declaredType: 'image/jpeg' }, rule);
    expect(codes(result)).toEqual(['IMAGE_DIMENSIONS_TOO_LARGE']);
  });

  it('rejects an interlaced PNG whose data inflates far beyond its dimensions', async () => {
    // 32 MB of zeros for a 1000×1000 image that needs about 4 MB: pngjs alone would inflate it all.
    const bytes = craftPng(1000, 1000, 32 * 1024 * 1024, true);
    expect(bytes.length).toBeLessThan(rule.maxBytes);
    const result = await inspectMaterial({ bytes, declaredType: 'image/png' }, rule);
    expect(codes(result)).toEqual(['CORRUPT_FILE']);
  });

  it('rejects a PDF whose object stream is a deflate bomb, and accepts it without the padding', async () => {
    // Prepare: catalog and page tree in an object stream padded with 96 MB of spaces (≈1000:1).
    const bomb = objectStreamPdf(96 * 1024 * 1024);
    const control = objectStreamPdf(0);

    // Act
    const bombResult = await inspectMaterial({ bytes: bomb, declaredType: 'application/pdf' }, rule);
    const controlResult = await inspectMaterial({ bytes: control, declaredType: 'application/pdf' }, rule);

    // Assess
    expect(bomb.length).toBeLessThan(rule.maxBytes);
    expect(codes(bombResult)).toEqual(['DECOMPRESSION_BOMB']);
    expect(controlResult).toEqual({ mediaType: 'application/pdf', problems: [], facts: { pages: 1 } });
  });
});

/** A one-page PDF with catalog and page tree in a deflated object stream, padded with spaces. */
function objectStreamPdf(padding: number): Uint8Array {
  const objects =
    '<</Type/Catalog/Pages 2 0 R>>'.padEnd(40) + '<</Type/Pages/Kids[3 0 R]/Count 1>>'.padEnd(40);
  const body = `${'1 0 2 40 3 80'.padEnd(20)}${objects}<</Type/Page/Parent 2 0 R>>`;
  const data = deflateSync(Buffer.concat([Buffer.from(body, 'latin1'), Buffer.alloc(padding, 0x20)]));
  const head = `%PDF-1.7\n4 0 obj\n<</Type/ObjStm/N 3/First 20/Filter/FlateDecode/Length ${data.length}>>\nstream\n`;
  const tail = '\nendstream\nendobj\ntrailer\n<</Root 1 0 R/Size 5>>\n%%EOF\n';
  return new Uint8Array(Buffer.concat([Buffer.from(head), data, Buffer.from(tail)]));
}

describe('sniffMediaType', () => {
  it('recognises the three material types only by their magic bytes at offset 0', async () => {
    expect(sniffMediaType(await makePdf(1))).toBe('application/pdf');
    expect(sniffMediaType(makePng(2, 2))).toBe('image/png');
    expect(sniffMediaType(makeJpeg(8, 8))).toBe('image/jpeg');
    expect(sniffMediaType(new Uint8Array(Buffer.from(' %PDF-1.7')))).toBeUndefined();
    expect(sniffMediaType(new Uint8Array([0xff, 0xd8]))).toBeUndefined();
  });
});
