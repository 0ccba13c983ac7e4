/**
 * Other issuers' signed PDFs (a subset of the EU DSS PAdES validation suite) checked by our verifier next to
 * poppler's pdfsig and qpdf: a file pdfsig finds wholly valid (every signature valid, the last covering the
 * whole file) is never TAMPERED or MALFORMED to us unless DSS's own tests find it modified; a file qpdf
 * parses is never MALFORMED; a file DSS says was tampered with is never reported genuine. Needs Debian:
 * poppler-utils, qpdf.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { type SignatureCheck, verifyPdfSignature } from '../../functions/core/verification/index.js';
import { padesSuiteDir } from '../support/corpus.js';
import { createSealingSetup, type SealingSetup } from '../unit/verification/sealed-licence.js';

const run = promisify(execFile);

interface Entry {
  dss: 'genuine' | 'tampered';
  dssTest: string;
  why?: string;
}
const manifest = JSON.parse(readFileSync(path.join(padesSuiteDir, 'manifest.json'), 'utf8')) as {
  files: Record<string, Entry>;
};
const files = readdirSync(padesSuiteDir)
  .filter((file) => file.endsWith('.pdf'))
  .sort();

/** pdfsig's view: every signature "Signature is Valid." and the last one "Total document signed". */
async function pdfsigWhollyValid(file: string): Promise<boolean> {
  const output = await run('pdfsig', ['-nocert', file], { encoding: 'utf8', maxBuffer: 1 << 24 }).then(
    ({ stdout, stderr }) => stdout + stderr,
    (error: { stdout?: string; stderr?: string }) => `${error.stdout ?? ''}${error.stderr ?? ''}`,
  );
  const blocks = output.split(/^Signature #\d+:/m).slice(1);
  return (
    blocks.length > 0 &&
    blocks.every((block) => block.includes('Signature is Valid.')) &&
    (blocks.at(-1) ?? '').includes('Total document signed')
  );
}

/** qpdf --check: exit 0 (clean) or 3 (parsed, with warnings about recoverable damage). */
async function qpdfParses(file: string): Promise<boolean> {
  return run('qpdf', ['--check', file], { maxBuffer: 1 << 24 }).then(
    () => true,
    (error: { code?: number }) => error.code === 3,
  );
}

/** A verdict that calls the document genuine: intact signatures and only allowed later changes. */
const saysGenuine = (check: SignatureCheck) =>
  ['VALID', 'VALID_OTHER_ISSUER', 'UNKNOWN_SIGNER'].includes(check.status) &&
  (check.signatures ?? []).every((s) => s.intact && s.laterChanges !== 'DISALLOWED');

describe('other issuers’ PDFs (EU DSS PAdES suite) against pdfsig, qpdf and DSS', () => {
  let setup: SealingSetup;
  const results = new Map<string, { ours: SignatureCheck; pdfsig: boolean; qpdf: boolean }>();

  beforeAll(async () => {
    setup = await createSealingSetup();
    for (const file of files) {
      const full = path.join(padesSuiteDir, file);
      const [pdfsig, qpdf] = await Promise.all([pdfsigWhollyValid(full), qpdfParses(full)]);
      results.set(file, { ours: verifyPdfSignature(readFileSync(full), setup.trust), pdfsig, qpdf });
    }
  }, 120_000);

  it('has a manifest entry (what DSS says) for every fixture, and no more', () => {
    expect(Object.keys(manifest.files).sort()).toEqual(files);
  });

  it.each(files)('%s: agrees with pdfsig, qpdf and DSS', (file) => {
    const { ours, pdfsig, qpdf } = results.get(file) ?? expect.unreachable();
    const dss = manifest.files[file]?.dss;
    if (pdfsig && dss === 'genuine') expect(['TAMPERED', 'MALFORMED']).not.toContain(ours.status);
    if (qpdf) expect(ours.status).not.toBe('MALFORMED');
    if (dss === 'tampered') expect(saysGenuine(ours)).toBe(false);
    if (dss === 'genuine') expect(saysGenuine(ours)).toBe(true);
    // Nobody trusts DSS's test roots here: never VALID, and every signature is reported.
    expect(ours.status).not.toBe('VALID');
    expect(ours.signatures?.length).toBeGreaterThan(0);
  });

  it('records the counts', () => {
    type Row = { ours: SignatureCheck; pdfsig: boolean; qpdf: boolean };
    const count = (pick: (file: string, row: Row) => boolean) => {
      const picked = [...results].filter(([file, row]) => pick(file, row));
      const by = new Map<string, number>();
      for (const [, { ours }] of picked) by.set(ours.status, (by.get(ours.status) ?? 0) + 1);
      return `${picked.length}: ours ${[...by].map(([status, n]) => `${status} ${n}`).join(', ')}`;
    };
    const pdfsigValid = count((_, row) => row.pdfsig);
    const qpdfParsed = count((_, row) => row.qpdf);
    const dssTampered = count((file) => manifest.files[file]?.dss === 'tampered');
    console.info(
      `pades-suite: pdfsig-valid ${pdfsigValid}; qpdf-parsed ${qpdfParsed}; DSS-tampered ${dssTampered}`,
    );
    expect(results.size).toBe(files.length);
  });
});
