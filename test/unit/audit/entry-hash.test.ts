import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../functions/core/audit/canonical-json.js';
import {
  GENESIS_HASH,
  hashEntry,
  type UnhashedAuditEntry,
} from '../../../functions/core/audit/entry-hash.js';

const entry: UnhashedAuditEntry = {
  seq: 7,
  at: '2026-03-26T08:00:00.000Z',
  actor: 'client-demo',
  action: 'CASE_CREATED',
  subject: 'case-1',
  details: { serviceItemCode: 'SI-001', applicant: { name: '张*三' } },
  prevHash: 'ab'.repeat(32),
};

describe('hashEntry', () => {
  it('is the hex SHA-256 of the canonical JSON of the seven entry fields', () => {
    // Prepare: what an offline verifier would compute by hand
    const expected = createHash('sha256').update(canonicalJson(entry), 'utf8').digest('hex');

    // Act
    const hash = hashEntry(entry);

    // Assess
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toBe(expected);
  });

  it('ignores properties that are not entry fields, such as table keys or a stored hash', () => {
    // Act
    const withExtras = hashEntry({ ...entry, chain: 'main', hash: 'x', writeId: 'w' } as UnhashedAuditEntry);

    // Assess
    expect(withExtras).toBe(hashEntry(entry));
  });

  it.each([
    ['seq', { seq: 8 }],
    ['at', { at: '2026-03-26T08:00:00.001Z' }],
    ['actor', { actor: 'client-other' }],
    ['action', { action: 'CASE_SUBMITTED' }],
    ['subject', { subject: 'case-2' }],
    ['details', { details: { serviceItemCode: 'SI-002', applicant: { name: '张*三' } } }],
    ['nested details', { details: { serviceItemCode: 'SI-001', applicant: { name: '李*四' } } }],
    ['prevHash', { prevHash: GENESIS_HASH }],
  ])('changes when %s changes', (_field, change) => {
    // Act
    const changed = hashEntry({ ...entry, ...change });

    // Assess
    expect(changed).not.toBe(hashEntry(entry));
  });

  it('changes with any change of details and not with the order of their keys', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.jsonValue()),
        fc.string(),
        fc.jsonValue(),
        (details, key, value) => {
          const reordered = Object.fromEntries(Object.entries(details).reverse());
          expect(hashEntry({ ...entry, details: reordered })).toBe(hashEntry({ ...entry, details }));
          const changed = { ...details, [key]: value };
          if (canonicalJson(changed) !== canonicalJson(details)) {
            expect(hashEntry({ ...entry, details: changed })).not.toBe(hashEntry({ ...entry, details }));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('uses 64 zeros as the genesis hash', () => {
    expect(GENESIS_HASH).toBe('0'.repeat(64));
  });
});
