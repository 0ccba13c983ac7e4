/**
 * Decompression bombs: a PDF whose streams expand 1000× (one stream, many small ones, nested filters, LZW)
 * is refused with DECOMPRESSION_BOMB, and finding that out never holds the expansion in memory. Blank
 * scanned pages, which compress as well as a bomb, are not bombs.
 */
import fc from 'fast-check';
import { PDFDocument } from 'pdf-lib';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MaterialRule } from '../../../functions/core/catalogue/types.js';
import { inspectMaterial } from '../../../functions/core/materials/inspect-material.js';
import { countInflated, measureDecoded } from '../../../functions/core/materials/stream-decoders.js';
import { deflatedZeros, flate, lzwEncode, pdfWithStreams } from './hostile-fixtures.js';

const MiB = 1024 * 1024;

const rule: MaterialRule = {
  code: 'ANY_PDF',
  name: '任意PDF',
  nameEn: 'Any PDF',
  required: true,
  mediaTypes: ['application/pdf'],
  maxBytes: 10 * MiB,
  maxPages: 10,
};

const inspect = (bytes: Uint8Array) => inspectMaterial({ bytes, declaredType: 'application/pdf' }, rule);
const codes = async (bytes: Uint8Array) => (await inspect(bytes)).problems.map((p) => p.code);

let zeros200MiB: Buffer;
let zeros1MiB: Buffer;

beforeAll(async () => {
  [zeros200MiB, zeros1MiB] = await Promise.all([deflatedZeros(200), deflatedZeros(1)]);
}, 30_000);

describe('PDF decompression bombs', () => {
  it('refuses a 200 KB page content stream that inflates to 200 MiB (ratio), within 3 s', async () => {
    // Prepare
    const bomb = pdfWithStreams([{ dict: '/Filter/FlateDecode', data: zeros200MiB }], { contents: true });
    const control = pdfWithStreams([{ dict: '/Filter/FlateDecode', data: flate('BT /F1 12 Tf (x) Tj ET') }], {
      contents: true,
    });

    // Act
    const started = performance.now();
    const result = await inspect(bomb);
    const elapsed = performance.now() - started;

    // Assess
    expect(bomb.length).toBeLessThan(300 * 1024);
    expect(result.problems.map((p) => p.code)).toEqual(['DECOMPRESSION_BOMB']);
    expect(result.problems[0]?.message).toMatch(/解压炸弹.* \/ .*decompression bomb/);
    expect(elapsed).toBeLessThan(3000);
    expect(await codes(control)).toEqual([]);
  });

  it('refuses many small streams, each under the per-stream grace, that together inflate past the total', async () => {
    // 100 streams of 1 MiB zeros each (≈1 KB encoded): none over 1 MiB, 100 MiB together from ≈100 KB.
    const streams = Array.from({ length: 100 }, () => ({ dict: '/Filter/FlateDecode', data: zeros1MiB }));
    const fewer = streams.slice(0, 20);

    expect(await codes(pdfWithStreams(streams))).toEqual(['DECOMPRESSION_BOMB']);
    expect(await codes(pdfWithStreams(fewer))).toEqual([]);
  });

  it('follows filter chains: deflate of deflate, and LZW', async () => {
    const nested = flate(await deflatedZeros(64));
    const lzw = lzwEncode(new Uint8Array(8 * MiB));

    expect(nested.length).toBeLessThan(4096);
    expect(
      await codes(pdfWithStreams([{ dict: '/Filter[/FlateDecode/FlateDecode]', data: nested }])),
    ).toEqual(['DECOMPRESSION_BOMB']);
    expect(await codes(pdfWithStreams([{ dict: '/Filter/LZWDecode', data: lzw }]))).toEqual([
      'DECOMPRESSION_BOMB',
    ]);
    expect(
      await codes(
        pdfWithStreams([{ dict: '/Filter[/AHx/Fl]', data: Buffer.from(zeros200MiB.toString('hex')) }]),
      ),
    ).toEqual(['DECOMPRESSION_BOMB']);
  });

  it('refuses a bomb hidden in an old revision or in a document whose page tree is broken', async () => {
    const broken = pdfWithStreams([{ dict: '/Filter/FlateDecode', data: zeros200MiB }]);
    const withoutPages = Buffer.from(broken.toString('latin1').replace('/Count 1', '/Count 7'), 'latin1');

    expect(await codes(withoutPages)).toEqual(['DECOMPRESSION_BOMB']);
  });

  it('accepts blank scanned pages: an image expands to what its dimensions need, however well it compresses', async () => {
    // Prepare: an A4 page at 300 dpi, all white, as pdf-lib embeds a PNG (≈25 MiB of samples, ≈1000:1).
    const page = new PNG({ width: 2480, height: 3508 });
    page.data.fill(0xff);
    const doc = await PDFDocument.create();
    const image = await doc.embedPng(PNG.sync.write(page));
    doc.addPage([595, 842]).drawImage(image, { x: 0, y: 0, width: 595, height: 842 });
    const bytes = await doc.save();

    // Act
    const result = await inspect(bytes);

    // Assess
    expect(bytes.length).toBeLessThan(200 * 1024);
    expect(result.problems).toEqual([]);
  }, 30_000);

  it('decodes LZW as the PDF specification defines it (round trip with an independent encoder)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 64 }), fc.nat({ max: 20_000 }), async (head, filler) => {
        const data = Buffer.concat([Buffer.from(head), Buffer.alloc(filler, head[0] ?? 1)]);
        const decoded = await measureDecoded(lzwEncode(data), [{ kind: 'lzw', earlyChange: true }], 1e9);
        expect(decoded.bytes).toBe(data.length);
        expect(Buffer.from(decoded.head)).toEqual(data.subarray(0, 1024));
      }),
      { numRuns: 100 },
    );
  });
});

describe('bounded inflation', () => {
  let gibibyte: Buffer;
  beforeAll(async () => {
    gibibyte = await deflatedZeros(1024);
  }, 60_000);

  it('stops at the cap: a 1 GiB bomb costs the cap, not the gigabyte', async () => {
    // Prepare
    const cap = 32 * MiB;

    // Act
    const started = performance.now();
    const measured = await countInflated(gibibyte, cap);
    const elapsed = performance.now() - started;

    // Assess: counting stopped within one 64 KiB chunk of the cap, long before the end of the data.
    expect(measured.overCap).toBe(true);
    expect(measured.bytes).toBeGreaterThan(cap);
    expect(measured.bytes).toBeLessThanOrEqual(cap + 64 * 1024);
    expect(elapsed).toBeLessThan(2000);
  });

  it('counts a large expansion without holding it: 1 GiB counted, a small part of it ever in memory', async () => {
    // Prepare
    const before = process.memoryUsage().arrayBuffers;
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().arrayBuffers);
    }, 1);

    // Act
    const measured = await countInflated(gibibyte, 2048 * MiB);
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().arrayBuffers);

    // Assess: dropped 64 KiB chunks wait for the garbage collector (V8 collects after ≈64 MiB of them), so
    // the bound is loose; holding the data would show the whole gigabyte.
    expect(measured).toMatchObject({ bytes: 1024 * MiB, overCap: false });
    expect(peak - before).toBeLessThan(160 * MiB);
  }, 30_000);
});
