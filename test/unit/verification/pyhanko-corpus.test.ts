/**
 * Every PDF of the pyHanko test corpus (encrypted, broken, signed by others, coverage anomalies): a definite
 * status within a time bound, never a throw, never VALID — with our own chain as the only trust anchor.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyPdfSignature } from '../../../functions/core/verification/index.js';
import type { SignatureCheck } from '../../../functions/core/verification/types.js';
import { pyhankoCorpusDir } from '../../support/corpus.js';
import { createSealingSetup, type SealingSetup } from './sealed-licence.js';

const corpus = pyhankoCorpusDir;
const files = (readdirSync(corpus, { recursive: true }) as string[])
  .filter((file) => file.endsWith('.pdf'))
  .sort();
const STATUSES = ['TAMPERED', 'UNKNOWN_SIGNER', 'NOT_SIGNED', 'MALFORMED'];

describe('the pyHanko corpus', () => {
  let setup: SealingSetup;
  const results = new Map<string, { result: SignatureCheck; ms: number }>();

  beforeAll(async () => {
    setup = await createSealingSetup({ modulusLength: 2048 });
  });

  it('holds the 130 files the brief names', () => {
    expect(files.length).toBe(130);
  });

  it.each(files)('%s gets a definite, non-VALID status within 1 s', (file) => {
    // Prepare
    const bytes = readFileSync(path.join(corpus, file));
    // Act
    const started = performance.now();
    const result = verifyPdfSignature(bytes, setup.trust);
    const ms = performance.now() - started;
    results.set(file, { result, ms });
    // Assess
    expect(STATUSES).toContain(result.status);
    expect(result.reasons.length).toBeGreaterThan(0);
    expect(ms).toBeLessThan(1000);
  });

  it('reports the coverage anomalies as TAMPERED with what is uncovered', () => {
    const codes = (file: string) =>
      results.get(`coverage-anomalies/${file}`)?.result.reasons.map((r) => r.code);
    expect(results.get('coverage-anomalies/tail-uncovered.pdf')?.result.status).toBe('TAMPERED');
    expect(codes('tail-uncovered.pdf')).toContain('TAIL_NOT_COVERED');
    expect(codes('signature-gap-too-big.pdf')).toContain('GAP_NOT_CONTENTS');
    expect(codes('one-byterange.pdf')).toContain('BYTE_RANGE_INVALID');
    expect(codes('weird-byterange.pdf')).toEqual(
      expect.arrayContaining(['GAP_NOT_CONTENTS', 'TAIL_NOT_COVERED']),
    );
    for (const file of ['tail-uncovered.pdf', 'signature-gap-too-big.pdf', 'weird-byterange.pdf']) {
      expect(results.get(`coverage-anomalies/${file}`)?.result.signature?.coversWholeDocument).toBe(false);
    }
  });

  it('reports a file signed twice by another issuer as genuine, each signature over its own revision', () => {
    // Issue 15: a second signature after the first is not tampering (it was MULTIPLE_SIGNATURES before).
    const twice = results.get('minimal-signed-twice-both-created.pdf')?.result;
    expect(twice?.status).toBe('UNKNOWN_SIGNER');
    expect(twice?.signatures?.map((s) => [s.revision, s.intact, s.laterChanges, s.signerTrust])).toEqual([
      [1, true, 'ALLOWED', 'UNKNOWN'],
      [2, true, 'NONE', 'UNKNOWN'],
    ]);
    expect(twice?.signatures?.[1]?.coversWholeDocument).toBe(true);
  });

  it('reports foreign signers as not ours', () => {
    const foreign = results.get('signed-encrypted-pubkey-with-catalog-ref.pdf')?.result;
    expect(foreign?.reasons.map((r) => r.code)).toContain('CERTIFICATE_UNTRUSTED');
    const times = [...results.values()].map((entry) => entry.ms).sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)] ?? 0;
    console.info(
      `pyHanko corpus: ${times.length} files, median ${median.toFixed(2)} ms, max ${times.at(-1)?.toFixed(1)} ms`,
    );
  });
});
