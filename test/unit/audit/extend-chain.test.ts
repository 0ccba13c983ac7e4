import { describe, expect, it } from 'vitest';
import { verifyEntries } from '../../../functions/core/audit/chain-verifier.js';
import { GENESIS_HASH, hashEntry } from '../../../functions/core/audit/entry-hash.js';
import { InvalidAuditInputError, NotJsonError } from '../../../functions/core/audit/errors.js';
import { extendChain, MAX_BATCH, MAX_DETAILS_BYTES } from '../../../functions/core/audit/extend-chain.js';
import type { AuditInput } from '../../../functions/ports/audit-log.js';
import { buildChain, caseInput } from './chain-fixture.js';

const NOW = new Date('2026-03-26T08:00:00.000Z');

describe('extendChain', () => {
  it('starts a chain at seq 1 linked to the genesis hash', () => {
    // Act
    const [first] = extendChain(undefined, [caseInput(1)], NOW);

    // Assess
    expect(first).toMatchObject({ seq: 1, at: NOW.toISOString(), prevHash: GENESIS_HASH });
    expect(first?.hash).toBe(first && hashEntry(first));
  });

  it('links a batch with consecutive seqs after the head', () => {
    // Prepare
    const existing = buildChain(4);
    const head = existing.at(-1);

    // Act
    const batch = extendChain(head, [caseInput(5), caseInput(6), caseInput(7)], NOW);

    // Assess
    expect(batch.map((e) => e.seq)).toEqual([5, 6, 7]);
    expect(verifyEntries([...existing, ...batch])).toMatchObject({ intact: true, entries: 7 });
  });

  it('never lets time go backwards when the writer clock is behind the head', () => {
    // Prepare
    const head = { seq: 3, hash: 'a'.repeat(64), at: '2026-03-26T09:00:00.000Z' };

    // Act
    const [entry] = extendChain(head, [caseInput(4)], NOW);

    // Assess
    expect(entry?.at).toBe('2026-03-26T09:00:00.000Z');
  });

  it('stores a copy of the details, unaffected by later changes to the caller object', () => {
    // Prepare
    const input: AuditInput = { actor: 'a', action: 'CASE_CREATED', subject: 's', details: { n: 1 } };

    // Act
    const [entry] = extendChain(undefined, [input], NOW);
    input.details.n = 2;

    // Assess
    expect(entry?.details).toEqual({ n: 1 });
    expect(verifyEntries(entry ? [entry] : [])).toMatchObject({ intact: true });
  });

  it.each([
    ['an empty subject', { subject: '' }],
    ['a missing actor', { actor: undefined }],
    ['an over-long action', { action: 'A'.repeat(257) }],
    ['array details', { details: [] }],
    ['oversized details', { details: { blob: 'x'.repeat(MAX_DETAILS_BYTES) } }],
  ])('rejects %s', (_what, change) => {
    // Prepare
    const input = { ...caseInput(1), ...change } as AuditInput;

    // Act / Assess
    expect(() => extendChain(undefined, [input], NOW)).toThrow(InvalidAuditInputError);
  });

  it('rejects details that are not plain JSON', () => {
    const input = { ...caseInput(1), details: { at: new Date(0) } };
    expect(() => extendChain(undefined, [input], NOW)).toThrow(NotJsonError);
  });

  it(`rejects a batch over ${MAX_BATCH} entries, which could not be written atomically`, () => {
    const inputs = Array.from({ length: MAX_BATCH + 1 }, (_, i) => caseInput(i));
    expect(() => extendChain(undefined, inputs, NOW)).toThrow(InvalidAuditInputError);
  });
});
