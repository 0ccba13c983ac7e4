/**
 * Every PDF of the pyHanko corpus (encrypted, broken, signed by others, attacked) gets a definite answer
 * within a time bound. The expectations below are the acceptance policy documented in pdf-inspect.ts:
 * what a repairing viewer opens to the same pages is accepted; encryption of any kind is ENCRYPTED_PDF;
 * structures viewers fail on or disagree about are CORRUPT_FILE.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  carriesSignature,
  materialVerifier,
  verifyMaterialBytes,
} from '../../../functions/core/cases/material-verification.js';
import type { MaterialRule } from '../../../functions/core/catalogue/types.js';
import { inspectMaterial } from '../../../functions/core/materials/inspect-material.js';
import { pyhankoCorpusDir } from '../../support/corpus.js';
import { FixedClock, MemoryCaseStore, MemoryLedger } from '../../support/fakes.js';

const corpusDir = pyhankoCorpusDir;

const corpusFiles = (readdirSync(corpusDir, { recursive: true }) as string[])
  .filter((name) => name.endsWith('.pdf'))
  .sort();

const rule: MaterialRule = {
  code: 'ANY_PDF',
  name: '任意PDF',
  nameEn: 'Any PDF',
  required: true,
  mediaTypes: ['application/pdf'],
  maxBytes: 10 * 1024 * 1024,
  maxPages: 50,
};

/** Rejected as damaged, with the reason a reviewer could not rely on what a viewer shows. */
const CORRUPT: Readonly<Record<string, string>> = {
  // /Root /Pages lives in an object stream whose header is shorter than /N says (or cut off by
  // a wrong /Length): qpdf and Poppler both report "Top-level pages object is wrong type (null)".
  'broken-objstream1.pdf': 'page tree in an undecodable object stream',
  'broken-objstream2.pdf': 'object stream header has fewer pairs than /N',
  'broken-objstream3.pdf': 'object stream header has fewer pairs than /N',
  'broken-objstream6.pdf': 'object stream /Length cuts the header',
  // Kids of 6 0 R contain 6 0 R; /Count 3 but one page is reachable. pdf-lib recurses until the stack
  // overflows; pdfinfo says 3 pages.
  'circular-page-tree.pdf': 'cycle in the page tree',
  // A direct page dictionary in /Kids (Table 29 requires indirect references); qpdf flags it.
  'page-tree-direct-kid.pdf': 'direct page object in /Kids',
};

/** Accepted with more than one page; every other accepted file has exactly one. */
const PAGES: Readonly<Record<string, number>> = { 'minimal-two-pages.pdf': 2 };

/**
 * 一键核验 as a material upload runs it: the verifier of POST /v1/verifications over an empty ledger, trusting
 * no root (none of these files is a licence of ours).
 */
const verifier = materialVerifier({
  ledger: new MemoryLedger(),
  cases: new MemoryCaseStore(),
  clock: new FixedClock(),
  trustRoots: async () => [],
});

const looksEncrypted = (name: string): boolean => /encrypt|pubkey|aes|rc4/i.test(path.basename(name));

describe('PDF corpus (pyHanko test files)', () => {
  it('is present, so the checks below cannot pass vacuously', () => {
    expect(corpusFiles.length).toBeGreaterThanOrEqual(120);
  });

  it.each(corpusFiles)('gives %s a definite answer within 3 s', async (name) => {
    // Prepare
    const bytes = new Uint8Array(readFileSync(path.join(corpusDir, name)));

    // Act
    const started = performance.now();
    const result = await inspectMaterial({ bytes, declaredType: 'application/pdf', fileName: name }, rule);
    const verified = await verifyMaterialBytes(verifier, bytes, rule, result.mediaType);
    const elapsed = performance.now() - started;

    // Assess
    expect(elapsed).toBeLessThan(3000);
    // Another issuer's signature: shown, never VALID or a ledger verdict; only tampering raises a problem.
    const verdict = verified.verification?.verdict;
    if (!carriesSignature(bytes)) expect(verified.verification).toBeUndefined();
    expect([undefined, 'UNKNOWN_SIGNER', 'TAMPERED', 'MALFORMED']).toContain(verdict);
    const raised = verified.problems.map((p) => p.code);
    expect(raised).toEqual(raised.length > 0 && verdict === 'TAMPERED' ? ['DOCUMENT_TAMPERED'] : []);
    // Genuine documents signed twice or updated for long-term validation (pyHanko's own output).
    if (/^(minimal-signed-twice|minimal-two-fields-signed-twice|pades-lta-dss)/.test(name))
      expect(raised).toEqual([]);
    expect(result.mediaType).toBe('application/pdf');
    const codes = result.problems.map((p) => p.code);
    if (looksEncrypted(name)) {
      expect(codes).toEqual(['ENCRYPTED_PDF']);
    } else if (name in CORRUPT) {
      expect(codes).toEqual(['CORRUPT_FILE']);
    } else {
      expect(codes).toEqual([]);
      expect(result.facts.pages).toBe(PAGES[name] ?? 1);
    }
  });

  it('verifies the signed files of the corpus as materials, each with a verdict', async () => {
    const signed = corpusFiles
      .map((name) => new Uint8Array(readFileSync(path.join(corpusDir, name))))
      .filter(carriesSignature);
    const verdicts = await Promise.all(
      signed.map(
        async (bytes) => (await verifyMaterialBytes(verifier, bytes, rule, 'application/pdf')).verification,
      ),
    );
    expect(signed.length).toBeGreaterThanOrEqual(30);
    expect(verdicts.filter((v) => v !== undefined).length).toBeGreaterThanOrEqual(30);
  });

  it('rejects every file named as encrypted, including malformed and public-key encryption', () => {
    const encrypted = corpusFiles.filter(looksEncrypted);
    expect(encrypted).toEqual(
      expect.arrayContaining([
        'malformed-encrypt-dict1.pdf',
        'malformed-encrypt-dict2.pdf',
        'minimal-rc4.pdf',
        'minimal-aes256.pdf',
        'minimal-pubkey-aes256.pdf',
        'pubkey-ecc-test.pdf',
      ]),
    );
    expect(encrypted).toHaveLength(23);
  });

  it('accepts files whose cross-reference data is wrong but whose objects are intact', async () => {
    for (const name of [
      'minimal-startxref-hopeless.pdf',
      'minimal-badxref.pdf',
      'minimal-startxref-obo4.pdf',
    ]) {
      const bytes = new Uint8Array(readFileSync(path.join(corpusDir, name)));
      const result = await inspectMaterial({ bytes, declaredType: 'application/pdf' }, rule);
      expect(result.problems, name).toEqual([]);
      expect(result.facts.pages, name).toBe(1);
    }
  });
});
