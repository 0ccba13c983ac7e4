/**
 * Lambda bundles as the CDK stack builds them (lib/bundling.ts: local esbuild, ESM, node22, the require
 * banner, minified, aliases, SDK bundled): bytes of each handler bundle (fonts ship beside it and are not
 * counted) and its cold init — a fresh `node` process importing the bundle, timed inside that process.
 */
import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { handlerModules } from '../functions/handlers/index.js';
import { esbuildOptions, handlerEntry } from '../lib/bundling.js';
import { summarize } from './stats.js';

const run = promisify(execFile);

/** One bundle: function name, bytes of index.mjs and the median cold init over `runs` fresh processes. */
export interface BundleFigure {
  function: string;
  bytes: number;
  coldInitMs: number;
  coldInitP95Ms: number;
  processWallMs: number;
}

const IMPORT_TIMER = [
  'const t = performance.now();',
  'const m = await import(process.argv[1]);',
  "if (typeof m.handler !== 'function') throw new Error('no handler');",
  'console.log(performance.now() - t);',
].join(' ');

async function coldInit(file: string): Promise<{ importMs: number; wallMs: number }> {
  const started = performance.now();
  const { stdout } = await run(process.execPath, [
    '--input-type=module',
    '-e',
    IMPORT_TIMER,
    pathToFileURL(file).href,
  ]);
  return { importMs: Number(stdout.trim()), wallMs: performance.now() - started };
}

/** Bundles every handler module into `outDir/<name>/index.mjs` and measures it. */
export async function measureBundles(outDir: string, runs: number): Promise<BundleFigure[]> {
  const figures: BundleFigure[] = [];
  for (const { name } of handlerModules) {
    const outfile = path.join(outDir, name, 'index.mjs');
    await build(esbuildOptions(handlerEntry(name), outfile));
    const inits = [];
    for (let i = 0; i < runs; i++) inits.push(await coldInit(outfile));
    const imports = summarize(inits.map((x) => x.importMs));
    figures.push({
      function: name,
      bytes: (await stat(outfile)).size,
      coldInitMs: Math.round(imports.medianMs * 10) / 10,
      coldInitP95Ms: Math.round(imports.p95Ms * 10) / 10,
      processWallMs: Math.round(summarize(inits.map((x) => x.wallMs)).medianMs),
    });
  }
  return figures;
}
