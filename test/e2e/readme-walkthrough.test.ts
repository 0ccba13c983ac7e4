/**
 * The README's walkthrough runs as written: its two shell blocks, in bash with curl, against a fresh local
 * runtime (only the port of `API=` differs), from case creation to a revoked licence.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePdf, makePng } from '../fixtures/cases.js';
import { type RunningRuntime, startRuntime } from '../support/local-runtime.js';
import { hasTool } from '../support/pdf-tools.js';

const run = promisify(execFile);

/** The ```sh blocks of the README's walkthrough section, in order. */
const walkthrough = (readme: string): string => {
  const section = readme.slice(readme.indexOf('## Walkthrough'), readme.indexOf('## A rendered licence'));
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map(([, block]) => block).join('\n');
};

describe('the README walkthrough', () => {
  let runtime: RunningRuntime;
  let folder: string;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'zz-readme-'));
    await mkdir(join(folder, '.data'));
    runtime = await startRuntime({ dataDir: join(folder, '.data') });
    for (const name of ['application', 'permit', 'vehicle', 'bridge'])
      await writeFile(join(folder, `${name}.pdf`), await makePdf(`${name} material`));
    await writeFile(join(folder, 'photo.png'), makePng(800, 600));
  }, 60_000);

  afterAll(async () => {
    await runtime?.stop();
    await rm(folder, { recursive: true, force: true });
  });

  it('takes a case from creation to a verified, then revoked, licence', async () => {
    const script = walkthrough(await readFile(new URL('../../README.md', import.meta.url), 'utf8'));
    expect(script).toContain('API=http://127.0.0.1:3000');
    const { stdout, stderr } = await run(
      'bash',
      ['-c', `set -u\n${script.replace('API=http://127.0.0.1:3000', `API=${runtime.url}`)}`],
      { cwd: folder, maxBuffer: 16 * 1024 * 1024, timeout: 90_000 },
    );
    expect(stderr, stdout).toBe('');
    expect(stdout).not.toContain('"error":');
    expect(stdout).toContain('"status":"SUBMITTED"');
    expect(stdout).toContain('"status":"APPROVED"');
    expect(stdout).toContain('"intact":true');
    expect(stdout).toContain('"verdict":"VALID"');
    expect(stdout).toContain('"status":"REVOKED"');
    // The OFD rendition verifies like the PDF; the bulk job issues both rows.
    expect(stdout.match(/"verdict":"VALID"/g)?.length ?? 0).toBeGreaterThanOrEqual(2);
    expect(stdout).toMatch(/"status":"COMPLETED".*"total":2,"issued":2,"failed":0/);
    // The licence loop: prefilled from the licence, the permit material pulled, refused once revoked.
    expect(stdout).toContain('"sources":{"/carrierName":');
    expect(stdout).toContain('"source":"E_LICENCE"');
    expect(stdout).toContain('LICENCE_NOT_IN_FORCE');
    // 一键核验 of the revoked licence uploaded as a material, and the list endpoints.
    expect(stdout).toContain('LICENCE_REVOKED');
    expect(stdout).toMatch(/^REVOKED$/m);
    // 容缺受理: submitted with a due date, returned by the job; 告知承诺: revoked PLEDGE_FALSE, then barred.
    expect(stdout).toMatch(/"job":"deferred-materials".*"returned":1/);
    expect(stdout).toMatch(/^RETURNED$/m);
    expect(stdout).toMatch(/^[0-9a-f]{64}$/m);
    expect(stdout).toMatch(
      /"checks":\[\{"caseId":"CASE-[0-9A-Z]+","serviceItemCode":"ROAD_TRANSPORT_BUSINESS_LICENSE"/,
    );
    expect(stdout).toMatch(/^FALSE\nPLEDGE_FALSE$/m);
    expect(stdout).toMatch(/^PLEDGE_BARRED$/m);
    // Every field the walkthrough prints is there (a list without nextCursor would print undefined).
    expect(stdout).not.toMatch(/^undefined$/m);
    if (await hasTool('pdfsig')) expect(stdout).toContain('Signature is Valid.');
  }, 120_000);
});
