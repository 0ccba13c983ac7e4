import { describe, expect, it } from 'vitest';
import {
  createChainVerifier,
  isIsoInstant,
  verifyEntries,
} from '../../../functions/core/audit/chain-verifier.js';
import { GENESIS_HASH, hashEntry } from '../../../functions/core/audit/entry-hash.js';
import { buildChain, copy } from './chain-fixture.js';

const at = <T>(entries: T[], index: number): T => {
  const found = entries[index];
  if (found === undefined) throw new Error(`no entry at ${index}`);
  return found;
};

describe('verifyEntries', () => {
  it('accepts an untouched chain and reports its length and head', () => {
    // Prepare
    const chain = buildChain(10);

    // Act
    const result = verifyEntries(chain);

    // Assess
    expect(result).toEqual({ intact: true, entries: 10, head: at(chain, 9).hash });
  });

  it('accepts an empty chain with the genesis hash as head', () => {
    expect(verifyEntries([])).toEqual({ intact: true, entries: 0, head: GENESIS_HASH });
  });

  it('finds an entry whose details were edited at its own seq', () => {
    // Prepare
    const chain = copy(buildChain(10));
    at(chain, 5).details.n = 999;

    // Act
    const result = verifyEntries(chain);

    // Assess
    expect(result).toMatchObject({
      intact: false,
      entries: 10,
      firstBrokenSeq: 6,
      reason: 'ENTRY_HASH_MISMATCH',
    });
  });

  it('finds an entry whose stored hash was replaced at its own seq', () => {
    // Prepare
    const chain = copy(buildChain(10));
    at(chain, 3).hash = 'f'.repeat(64);

    // Act
    const result = verifyEntries(chain);

    // Assess
    expect(result).toMatchObject({ intact: false, firstBrokenSeq: 4, reason: 'ENTRY_HASH_MISMATCH' });
  });

  it('catches an entry rewritten with a recomputed hash at the next link', () => {
    // Prepare
    const chain = copy(buildChain(10));
    const forged = at(chain, 3);
    forged.actor = 'someone-else';
    forged.hash = hashEntry(forged);

    // Act
    const result = verifyEntries(chain);

    // Assess
    expect(result).toMatchObject({ intact: false, firstBrokenSeq: 5, reason: 'PREVIOUS_HASH_MISMATCH' });
  });

  it.each([1, 4, 9])('finds a deleted entry at its seq (%i)', (seq) => {
    // Prepare
    const chain = buildChain(10).filter((e) => e.seq !== seq);

    // Act
    const result = verifyEntries(chain);

    // Assess
    expect(result).toMatchObject({
      intact: false,
      entries: 9,
      firstBrokenSeq: seq,
      reason: 'UNEXPECTED_SEQUENCE',
    });
  });

  it('finds two swapped entries at the first of them', () => {
    // Prepare
    const chain = copy(buildChain(10));
    [chain[3], chain[4]] = [at(chain, 4), at(chain, 3)];

    // Act
    const result = verifyEntries(chain);

    // Assess
    expect(result).toMatchObject({ intact: false, firstBrokenSeq: 4, reason: 'UNEXPECTED_SEQUENCE' });
  });

  it('finds swapped contents under renumbered seqs at the first of them', () => {
    // Prepare: entries 4 and 5 exchange everything but their seq
    const chain = copy(buildChain(10));
    const [four, five] = [at(chain, 3), at(chain, 4)];
    chain[3] = { ...five, seq: 4 };
    chain[4] = { ...four, seq: 5 };

    // Act
    const result = verifyEntries(chain);

    // Assess
    expect(result).toMatchObject({ intact: false, firstBrokenSeq: 4, reason: 'ENTRY_HASH_MISMATCH' });
  });

  it('finds an entry whose time goes backwards even when its hash was recomputed', () => {
    // Prepare
    const chain = copy(buildChain(3));
    const last = at(chain, 2);
    last.at = '2020-01-01T00:00:00.000Z';
    last.hash = hashEntry(last);

    // Act
    const result = verifyEntries(chain);

    // Assess
    expect(result).toMatchObject({ intact: false, firstBrokenSeq: 3, reason: 'TIME_REVERSED' });
  });

  it('reports a malformed time or non-JSON details as a malformed entry, not a crash', () => {
    // Prepare
    const badTime = copy(buildChain(3));
    at(badTime, 1).at = 'yesterday';
    const badDetails = copy(buildChain(3));
    at(badDetails, 2).details = { n: Number.NaN };

    // Act / Assess
    expect(verifyEntries(badTime)).toMatchObject({ firstBrokenSeq: 2, reason: 'MALFORMED_ENTRY' });
    expect(verifyEntries(badDetails)).toMatchObject({ firstBrokenSeq: 3, reason: 'MALFORMED_ENTRY' });
  });

  it('keeps the first break when later entries are also damaged', () => {
    // Prepare
    const chain = copy(buildChain(10)).filter((e) => e.seq !== 8);
    at(chain, 2).details.n = -1;

    // Act
    const result = verifyEntries(chain);

    // Assess
    expect(result).toMatchObject({ intact: false, entries: 9, firstBrokenSeq: 3 });
  });
});

describe('createChainVerifier', () => {
  it('gives the same verdict streamed entry by entry as over the whole array', () => {
    // Prepare
    const chain = copy(buildChain(20));
    at(chain, 12).subject = 'case-x';
    const verifier = createChainVerifier();

    // Act
    for (const entry of chain) verifier.push(entry);

    // Assess
    expect(verifier.result()).toEqual(verifyEntries(chain));
  });

  it('reports an unreadable stored item at its seq', () => {
    // Prepare
    const chain = buildChain(3);
    const verifier = createChainVerifier();

    // Act
    verifier.push(at(chain, 0));
    verifier.pushMalformed(2, 'garbage');
    verifier.push(at(chain, 2));

    // Assess
    expect(verifier.result()).toEqual({
      intact: false,
      entries: 3,
      head: at(chain, 2).hash,
      firstBrokenSeq: 2,
      reason: 'MALFORMED_ENTRY',
    });
  });
});

describe('isIsoInstant', () => {
  it.each([
    ['2026-03-26T08:00:00.000Z', true],
    ['2026-03-26T08:00:00Z', false],
    ['2026-02-30T08:00:00.000Z', false],
    ['2026-03-26T08:00:00.000+08:00', false],
    ['', false],
  ])('%s → %s', (value, expected) => {
    expect(isIsoInstant(value)).toBe(expected);
  });
});
