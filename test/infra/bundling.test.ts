import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FALLBACK_FONTS, PRIMARY_FONT } from '../../functions/adapters/font-files.js';
import { verifyPdfSignature } from '../../functions/core/verification/index.js';
import { handlerModules } from '../../functions/handlers/index.js';
import { ESM_REQUIRE_BANNER, esbuildOptions, projectRoot } from '../../lib/bundling.js';
import { modulePermissions } from '../../lib/permissions.js';
import { type Synthesized, synthesize } from './synth.js';

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)],
  );

describe('a real synth with esbuild bundling of the sealing function', () => {
  const sealing = handlerModules.find(
    (m) => modulePermissions[m.name]?.needsFonts && modulePermissions[m.name]?.sealKey === 'sign',
  );
  let s: Synthesized;
  let assetDir: string;
  beforeAll(() => {
    if (!sealing) throw new Error('no handler module renders licences');
    s = synthesize({}, { modules: [sealing] }, { bundle: true });
    const assets = readdirSync(s.outdir).filter((d) => d.startsWith('asset.'));
    if (assets.length !== 1) throw new Error(`expected one bundle, found ${assets.join(', ')}`);
    assetDir = path.join(s.outdir, assets[0] as string);
  }, 120_000);
  afterAll(() => rmSync(s.outdir, { recursive: true, force: true }));

  it('writes an ESM bundle that starts with the require banner and exports the handler', () => {
    // Prepare
    const bundle = path.join(assetDir, 'index.mjs');
    // Act
    const code = readFileSync(bundle, 'utf8');
    // A separate Node process loads the bundle as Lambda would (vitest would transform 3 MB first).
    const loaded = execFileSync(process.execPath, [
      '--input-type=module',
      '-e',
      `const m = await import(${JSON.stringify(pathToFileURL(bundle).href)}); console.log(typeof m.handler);`,
    ]).toString();
    // Assess
    expect(code.startsWith(ESM_REQUIRE_BANNER)).toBe(true);
    expect(code).toMatch(/export\s*\{[^}]*\bhandler\b/);
    expect(loaded.trim()).toBe('function');
  });

  it('copies exactly the two licence fonts next to the bundle, where require.resolve finds them', () => {
    // Prepare
    const require = createRequire(path.join(assetDir, 'index.mjs'));
    // Act
    const copied = filesUnder(path.join(assetDir, 'node_modules')).map((f) => path.relative(assetDir, f));
    // Assess
    expect(copied.filter((f) => f.endsWith('.ttf')).sort()).toEqual(
      [PRIMARY_FONT, ...FALLBACK_FONTS].map((f) => path.join('node_modules', f)).sort(),
    );
    for (const font of [PRIMARY_FONT, ...FALLBACK_FONTS]) {
      const resolved = require.resolve(font);
      expect(resolved.startsWith(assetDir)).toBe(true);
      expect(statSync(resolved).size).toBe(statSync(path.join(projectRoot, 'node_modules', font)).size);
    }
  });

  it('seals a licence with the bundled code (aliases included) that our verifier and pdfsig accept', async () => {
    // Prepare: the licence part, bundled with the function's options, beside the function's copied fonts.
    const entry = path.join(assetDir, 'licence-check.mjs');
    await build(esbuildOptions(path.join(projectRoot, 'test', 'infra', 'licence-bundle-entry.ts'), entry));
    // Act: in a separate Node process, as Lambda would load it.
    const output = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const m = await import(${JSON.stringify(pathToFileURL(entry).href)}); console.log(JSON.stringify(await m.sealSample()));`,
      ],
      { maxBuffer: 16 * 1024 * 1024 },
    ).toString();
    const { pdf, root } = JSON.parse(output) as { pdf: string; root: string };
    const bytes = new Uint8Array(Buffer.from(pdf, 'base64'));
    const file = path.join(assetDir, 'licence-check.pdf');
    writeFileSync(file, bytes);
    // Assess
    const check = verifyPdfSignature(bytes, { roots: [new Uint8Array(Buffer.from(root, 'base64'))] });
    expect(check.status).toBe('VALID');
    const pdfsig = spawnSync('pdfsig', [file], { encoding: 'utf8' });
    if (!pdfsig.error) expect(pdfsig.stdout).toContain('Signature is Valid.');
    const text = spawnSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    if (!text.error) expect(text.stdout).toContain('食品生产许可证');
  }, 60_000);

  it('still reports no unacknowledged nag finding with bundling on', () => {
    expect(s.nagFindings).toEqual([]);
  });
});
