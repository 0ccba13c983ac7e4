/**
 * Our verifier next to poppler's pdfsig (NSS): they agree on a sealed licence and on two tampered ones, and
 * disagree — on purpose — on non-zero bytes after the DER in /Contents, which pdfsig accepts and we do not
 * (that padding is unsigned space an attacker could fill). Also compares time per file on the pyHanko corpus.
 * Needs Debian: poppler-utils.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPdfSignature } from '../../functions/core/verification/index.js';
import { pyhankoCorpusDir } from '../support/corpus.js';
import { changeHexDigit, layoutOf, overwrite } from '../unit/verification/pdf-edits.js';
import {
  createSealingSetup,
  type SealingSetup,
  sealWithPadding,
} from '../unit/verification/sealed-licence.js';

const run = promisify(execFile);
const corpus = pyhankoCorpusDir;

/** pdfsig's verdict on the file's (first) signature: its exit code is 0 either way, so read the output. */
async function pdfsig(file: string): Promise<{ valid: boolean; output: string }> {
  const output = await run('pdfsig', [file], { encoding: 'utf8' }).then(
    ({ stdout, stderr }) => stdout + stderr,
    (error: { stdout?: string; stderr?: string }) => `${error.stdout ?? ''}${error.stderr ?? ''}`,
  );
  return { valid: output.includes('Signature is Valid.'), output };
}

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

describe('verifyPdfSignature agrees with pdfsig where it should', () => {
  let dir: string;
  let setup: SealingSetup;
  let pdf: Uint8Array;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'zz-verify-'));
    setup = await createSealingSetup();
    pdf = await sealWithPadding(setup, 32);
  });

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const check = async (name: string, bytes: Uint8Array) => {
    const file = path.join(dir, `${name}.pdf`);
    await writeFile(file, bytes);
    return { ours: verifyPdfSignature(bytes, setup.trust), theirs: await pdfsig(file) };
  };

  it('both call a sealed licence valid', async () => {
    const { ours, theirs } = await check('valid', pdf);
    expect(theirs.valid).toBe(true);
    expect(theirs.output).toContain('Total document signed');
    expect(ours.status).toBe('VALID');
  });

  it('both reject a byte changed in the signed range', async () => {
    const { ours, theirs } = await check(
      'content',
      overwrite(pdf, Buffer.from(pdf).indexOf('<8425') + 4, '6'),
    );
    expect(theirs.valid).toBe(false);
    expect(ours.status).toBe('TAMPERED');
  });

  it('both reject a changed signature value', async () => {
    const { hexStart, cms } = layoutOf(pdf);
    const { ours, theirs } = await check('signature', changeHexDigit(pdf, hexStart + cms.length * 2 - 1));
    expect(theirs.valid).toBe(false);
    expect(ours.status).toBe('TAMPERED');
  });

  it('differs on non-zero padding after the DER: pdfsig says valid, we say TAMPERED', async () => {
    const { hexStart, cms } = layoutOf(pdf);
    const { ours, theirs } = await check(
      'padding',
      overwrite(pdf, hexStart + cms.length * 2 + 4, 'deadbeef'),
    );
    expect(theirs.valid).toBe(true); // pdfsig only reads the DER and ignores what follows
    expect(ours.status).toBe('TAMPERED');
    expect(ours.reasons.map((reason) => reason.code)).toEqual(['CONTENTS_PADDING_NOT_ZERO']);
  });

  it('is faster per file than pdfsig on the pyHanko corpus (median over ≥ 100 files)', async () => {
    const files = ((await readdir(corpus, { recursive: true })) as string[]).filter((file) =>
      file.endsWith('.pdf'),
    );
    const ours: number[] = [];
    const theirs: number[] = [];
    for (const file of files) {
      const full = path.join(corpus, file);
      const bytes = await readFile(full);
      let started = performance.now();
      verifyPdfSignature(bytes, setup.trust);
      ours.push(performance.now() - started);
      started = performance.now();
      await pdfsig(full);
      theirs.push(performance.now() - started);
    }
    console.info(
      `per file over ${files.length} files: verifyPdfSignature median ${median(ours).toFixed(2)} ms, ` +
        `pdfsig (process) median ${median(theirs).toFixed(1)} ms`,
    );
    expect(files.length).toBeGreaterThanOrEqual(100);
    expect(median(ours)).toBeLessThan(median(theirs));
  });
});
