/**
 * Independent PDF tools for conformance tests: poppler (`pdftotext`, `pdftoppm`) and zbar (`zbarimg`),
 * run with execFile on temp files. Debian packages: poppler-utils, zbar-tools.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PNG } from 'pngjs';

const run = promisify(execFile);
const MAX_BUFFER = 64 * 1024 * 1024;

/** Runs `fn` with a fresh temp directory that is removed afterwards. */
export async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'zz-pdf-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** True when a command-line tool is on PATH (to skip a test with a clear reason instead of failing oddly). */
export async function hasTool(name: string): Promise<boolean> {
  try {
    await run('sh', ['-c', `command -v ${name}`]);
    return true;
  } catch {
    return false;
  }
}

/** The text of a PDF as `pdftotext -layout -enc UTF-8` extracts it. */
export async function pdfText(pdf: Uint8Array): Promise<string> {
  return withTempDir(async (dir) => {
    const file = path.join(dir, 'in.pdf');
    await writeFile(file, pdf);
    const { stdout } = await run('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], {
      maxBuffer: MAX_BUFFER,
    });
    return stdout;
  });
}

/** A word as `pdftotext -bbox` reports it: box in points, origin top-left of the page. */
export interface PdfWord {
  page: number;
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

const unescapeXml = (s: string): string =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** Every word with its bounding box (`pdftotext -bbox`). */
export async function pdfWords(pdf: Uint8Array): Promise<PdfWord[]> {
  const xhtml = await withTempDir(async (dir) => {
    const file = path.join(dir, 'in.pdf');
    await writeFile(file, pdf);
    return (await run('pdftotext', ['-bbox', '-enc', 'UTF-8', file, '-'], { maxBuffer: MAX_BUFFER })).stdout;
  });
  const words: PdfWord[] = [];
  let page = -1;
  for (const line of xhtml.split('\n')) {
    if (line.includes('<page ')) page++;
    const m = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)<\/word>/.exec(line);
    if (m) {
      const [, xMin, yMin, xMax, yMax, text] = m as unknown as [
        string,
        string,
        string,
        string,
        string,
        string,
      ];
      words.push({ page, text: unescapeXml(text), xMin: +xMin, yMin: +yMin, xMax: +xMax, yMax: +yMax });
    }
  }
  return words;
}

/** A rendered page: RGBA pixels and the resolution they were rendered at. */
export interface Raster {
  width: number;
  height: number;
  dpi: number;
  data: Buffer;
  png: Buffer;
}

/** Renders one page (1-based) with `pdftoppm -png -r dpi`. */
export async function renderPage(
  pdf: Uint8Array,
  options: { dpi?: number; page?: number } = {},
): Promise<Raster> {
  const dpi = options.dpi ?? 150;
  const page = String(options.page ?? 1);
  return withTempDir(async (dir) => {
    const file = path.join(dir, 'in.pdf');
    await writeFile(file, pdf);
    const out = path.join(dir, 'page');
    await run('pdftoppm', ['-png', '-r', String(dpi), '-f', page, '-l', page, '-singlefile', file, out]);
    const png = await readFile(`${out}.png`);
    const decoded = PNG.sync.read(png);
    return { width: decoded.width, height: decoded.height, dpi, data: decoded.data, png };
  });
}

/** The RGB of one pixel. */
export function pixel(raster: Raster, x: number, y: number): [number, number, number] {
  const i = (Math.round(y) * raster.width + Math.round(x)) * 4;
  return [raster.data[i] ?? 255, raster.data[i + 1] ?? 255, raster.data[i + 2] ?? 255];
}

/** Share of pixels in a box (in points, origin top-left) that satisfy `test`. */
export function shareOfPixels(
  raster: Raster,
  box: { xMin: number; yMin: number; xMax: number; yMax: number },
  test: (rgb: [number, number, number]) => boolean,
): number {
  const k = raster.dpi / 72;
  let hits = 0;
  let total = 0;
  for (let y = Math.floor(box.yMin * k); y < Math.ceil(box.yMax * k); y++) {
    for (let x = Math.floor(box.xMin * k); x < Math.ceil(box.xMax * k); x++) {
      total++;
      if (test(pixel(raster, x, y))) hits++;
    }
  }
  return total === 0 ? 0 : hits / total;
}

/** Decodes every barcode/QR in a PNG with `zbarimg --raw`; returns the payloads. */
export async function decodeBarcodes(png: Uint8Array): Promise<string[]> {
  return withTempDir(async (dir) => {
    const file = path.join(dir, 'in.png');
    await writeFile(file, png);
    const { stdout } = await run('zbarimg', ['--raw', '-q', '-Sdisable', '-Sqrcode.enable', file]);
    return stdout.split('\n').filter((line) => line.length > 0);
  });
}

/** stdout+stderr and exit code of a tool (pdfsig exits 0 even for an invalid signature: read its output). */
export async function runTool(command: string, args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(command, args, { encoding: 'utf8' });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return {
      code: typeof failed.code === 'number' ? failed.code : -1,
      output: `${failed.stdout}${failed.stderr}`,
    };
  }
}
