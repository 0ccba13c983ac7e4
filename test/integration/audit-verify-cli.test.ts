import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoAuditLog } from '../../functions/adapters/dynamodb-audit-log.js';
import { DynamoCheckpointStore } from '../../functions/adapters/dynamodb-checkpoint-store.js';
import { runAuditCheckpoint } from '../../functions/core/audit/checkpoint.js';
import { hashEntry } from '../../functions/core/audit/entry-hash.js';
import { toPem } from '../../functions/core/pki/pem.js';
import { buildAuditExport } from '../../functions/handlers/audit-export-routes.js';
import type { AuditEntry } from '../../functions/ports/audit-log.js';
import { FixedClock } from '../support/fakes.js';
import { startTestDynamo } from '../support/storage.js';
import { createSealingFixture } from '../unit/pades/sealing-fixture.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));

/** Run the CLI as `npm run audit:verify` would, in a child process with no AWS settings at all. */
function runCli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_')));
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/audit-verify.ts', ...args],
      { cwd: repo, env, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('npm run audit:verify (scripts/audit-verify.ts)', () => {
  let dir: string;
  let lines: string[];
  let rootSha256: string;

  // A real export: entries in dynalite through DynamoAuditLog, checkpoints by the job, the route's builder.
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'audit-verify-'));
    const dynamo = await startTestDynamo();
    try {
      const chain = await createSealingFixture('2026-01-01T00:00:00.000Z');
      const { sealSigner } = chain;
      rootSha256 = createHash('sha256').update(chain.root).digest('hex');
      const clock = new FixedClock('2026-03-26T08:00:00.000Z');
      const audit = new DynamoAuditLog({ client: dynamo.doc, tableName: dynamo.tables.audit, clock });
      const checkpoints = new DynamoCheckpointStore({ client: dynamo.doc, tableName: dynamo.tables.audit });
      for (let n = 1; n <= 12; n++) {
        clock.advance(60_000);
        await audit.append([
          { actor: 'dept-a', action: 'CASE_DECIDED', subject: `case-${n % 4}`, details: { n } },
        ]);
        if (n % 6 === 0)
          await runAuditCheckpoint({ audit, checkpoints, signer: sealSigner, keyId: 'k', clock });
      }
      const pem = toPem('CERTIFICATE', chain.seal) + toPem('CERTIFICATE', chain.root);
      lines = await buildAuditExport({ audit, checkpoints, sealChain: { pem: async () => pem } });
    } finally {
      await dynamo.close();
    }
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const write = async (name: string, content: string[]) => {
    const file = path.join(dir, name);
    await writeFile(file, `${content.join('\n')}\n`);
    return file;
  };

  it('exits 0 on a good export and prints a bilingual summary with the root fingerprint', async () => {
    // Prepare
    const file = await write('good.jsonl', lines);
    // Act
    const { code, stdout } = await runCli(file, '--root-sha256', rootSha256);
    // Assess
    expect(code).toBe(0);
    expect(stdout).toContain('结果：通过 / result: OK');
    expect(stdout).toContain('entries: 12');
    expect(stdout).toContain(rootSha256);
  });

  it('exits 1 on a tampered export and names the first bad seq', async () => {
    // Prepare
    const tampered = lines.map((line) => {
      const value = JSON.parse(line) as { type: string; seq?: number; details?: Record<string, unknown> };
      if (value.type === 'entry' && value.seq === 9) value.details = { n: 900 };
      return JSON.stringify(value);
    });
    const file = await write('tampered.jsonl', tampered);
    // Act
    const { code, stdout } = await runCli(file);
    // Assess
    expect(code).toBe(1);
    expect(stdout).toContain('first bad entry: seq 9');
    expect(stdout).toContain('result: FAILED');
  });

  it('pins a rewrite re-hashed to the end between the checkpoints around it, not at the next checkpoint', async () => {
    // Prepare: seq 8 rewritten and every later hash recomputed; checkpoints at 6 (still matching) and 12.
    let prevHash = '';
    const rewritten = lines.map((line) => {
      const value = JSON.parse(line) as AuditEntry & { type: string };
      if (value.type !== 'entry' || value.seq < 8) {
        if (value.type === 'entry') prevHash = value.hash;
        return line;
      }
      if (value.seq === 8) value.details = { n: 800 };
      value.prevHash = prevHash;
      value.hash = hashEntry(value);
      prevHash = value.hash;
      return JSON.stringify(value);
    });
    const file = await write('rewritten.jsonl', rewritten);
    // Act
    const { code, stdout } = await runCli(file, '--root-sha256', rootSha256);
    // Assess
    expect(code).toBe(1);
    expect(stdout).toContain('first bad entry: seq 7');
    expect(stdout).toContain('the first change lies in seq 7–12 (CHECKPOINT_MISMATCH)');
  });

  it('exits 2 for a missing argument, an unknown option or an unreadable file', async () => {
    const results = await Promise.all([
      runCli(),
      runCli('x.jsonl', '--bogus'),
      runCli(path.join(dir, 'does-not-exist.jsonl')),
    ]);
    expect(results.map((r) => r.code)).toEqual([2, 2, 2]);
    expect(results[0]?.stderr).toContain('usage');
    expect(results[2]?.stderr).toContain('ENOENT');
  });
});
