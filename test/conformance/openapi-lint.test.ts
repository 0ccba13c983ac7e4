/**
 * The OpenAPI document the API serves, checked by an independent linter: Redocly CLI with its recommended
 * rules (redocly.yaml) must find 0 errors. Warnings are printed, not failed. Runs offline: the CLI is a dev
 * dependency, and notices and telemetry are off.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '../../functions/handlers/public-routes.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'node_modules', '@redocly', 'cli', 'bin', 'cli.js');

interface LintReport {
  totals: { errors: number; warnings: number };
  problems: Array<{
    ruleId: string;
    severity: string;
    message: string;
    location: Array<{ pointer: string }>;
  }>;
}

/** Lint a document with the repository's redocly.yaml; the CLI exits 1 on errors, so read its JSON anyway. */
const lint = async (file: string): Promise<LintReport> => {
  const args = [cli, 'lint', '--config', join(root, 'redocly.yaml'), '--format', 'json', file];
  const env = { ...process.env, REDOCLY_SUPPRESS_NOTIFICATIONS: 'true', REDOCLY_TELEMETRY: 'off' };
  const { stdout } = await run(process.execPath, args, { cwd: root, env, maxBuffer: 16 * 1024 * 1024 }).catch(
    (error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }),
  );
  return JSON.parse(stdout) as LintReport;
};

const describeProblems = (report: LintReport, severity: string) =>
  report.problems
    .filter((p) => p.severity === severity)
    .map((p) => `${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`);

describe('the OpenAPI document under Redocly’s recommended rules', () => {
  let folder: string;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'zz-openapi-lint-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('has no errors (warnings are reported)', async () => {
    // Prepare
    const file = join(folder, 'openapi.json');
    await writeFile(file, JSON.stringify(openApiDocument('https://zhengzhao.test'), null, 2));

    // Act
    const report = await lint(file);

    // Assess
    const warnings = describeProblems(report, 'warn');
    if (warnings.length > 0) console.warn(`Redocly warnings (${warnings.length}):\n${warnings.join('\n')}`);
    expect(describeProblems(report, 'error')).toEqual([]);
    expect(report.totals.errors).toBe(0);
  }, 60_000);

  it('finds what it should: a public operation without `security: []` is an error', async () => {
    // Prepare: the document as it was before public operations declared themselves open
    const document = openApiDocument('https://zhengzhao.test');
    const health = document.paths['/health']?.get as { security?: unknown };
    delete health.security;
    const file = join(folder, 'forgotten-security.json');
    await writeFile(file, JSON.stringify(document));

    // Act
    const report = await lint(file);

    // Assess
    expect(describeProblems(report, 'error')).toEqual([
      'security-defined at #/paths/~1health/get: Every operation should have security defined on it or on the root level.',
    ]);
  }, 60_000);
});
