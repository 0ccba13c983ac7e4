/**
 * The README's typed-client example runs as written: its ```ts block, type-checked (strict) against the
 * generated client types and then run with tsx against a fresh local runtime (only the port differs), from
 * the catalogue to the typed 422 of an incomplete submit. A change of the contract that breaks the example
 * fails here, at compile time or at run time.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePdf } from '../fixtures/cases.js';
import { type RunningRuntime, startRuntime } from '../support/local-runtime.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));

/** The ```ts block of the README's typed-client section. */
const example = (readme: string): string => {
  const section = readme.slice(readme.indexOf('### The same first steps with a typed client'));
  const block = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error('no ```ts block in the typed-client section of the README');
  return block;
};

describe('the README typed client', () => {
  let runtime: RunningRuntime;
  let folder: string;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'zz-readme-client-'));
    await mkdir(join(folder, '.data'));
    // The folder stands for a project that installed the client: its imports resolve through node_modules.
    await symlink(join(root, 'node_modules'), join(folder, 'node_modules'), 'dir');
    runtime = await startRuntime({ dataDir: join(folder, '.data') });
    await writeFile(join(folder, 'application.pdf'), await makePdf('application material'));
  }, 60_000);

  afterAll(async () => {
    await runtime?.stop();
    await rm(folder, { recursive: true, force: true });
  });

  it('type-checks and drives the first steps of the walkthrough', async () => {
    // Prepare
    const script = example(await readFile(join(root, 'README.md'), 'utf8'));
    expect(script).toContain("'http://127.0.0.1:3000'");
    await writeFile(join(folder, 'first-steps.ts'), script.replace('http://127.0.0.1:3000', runtime.url));
    await writeFile(
      join(folder, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          lib: ['ES2023', 'DOM'],
          types: ['node'],
          strict: true,
          noEmit: true,
          skipLibCheck: true,
        },
        files: ['first-steps.ts'],
      }),
    );
    // The example is a module (top-level await), as in a project with "type": "module".
    await writeFile(join(folder, 'package.json'), JSON.stringify({ type: 'module', private: true }));

    // Act
    const typeCheck = await run(
      process.execPath,
      [join(root, 'node_modules/typescript/bin/tsc'), '-p', '.'],
      {
        cwd: folder,
      },
    ).catch((error: { stdout?: string; stderr?: string }) => ({
      stdout: `${error.stdout ?? ''}${error.stderr ?? 'tsc failed'}`,
    }));
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'first-steps.ts'], {
      cwd: folder,
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
      timeout: 60_000,
    });

    // Assess
    expect(typeCheck.stdout).toBe('');
    expect(stderr).toBe('');
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^超限运输车辆行驶公路许可 APPLICATION_FORM .*ROAD_TRANSPORT_BUSINESS_PERMIT/);
    expect(lines[1]).toMatch(/^CASE-[0-9A-Z]{26} DRAFT$/);
    expect(lines[2]).toBe('APPLICATION_FORM ACCEPTED');
    expect(lines[3]).toMatch(/^422 MATERIALS_INCOMPLETE \{"missing":\[.*"VEHICLE_DOCUMENTS"/);
    expect(lines[3]).not.toContain('"APPLICATION_FORM"');
  }, 120_000);
});
