import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FALLBACK_FONTS, PRIMARY_FONT } from '../../functions/adapters/font-files.js';
import { handlerModules } from '../../functions/handlers/index.js';
import { ESM_REQUIRE_BANNER, projectRoot } from '../../lib/bundling.js';
import { modulePermissions } from '../../lib/permissions.js';
import { type Synthesized, synthesize } from './synth.js';

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)],
  );

describe('a real synth with esbuild bundling of the sealing function', () => {
  const sealing = handlerModules.find((m) => modulePermissions[m.name]?.needsFonts);
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

  it('still reports no unacknowledged nag finding with bundling on', () => {
    expect(s.nagFindings).toEqual([]);
  });
});
