/**
 * licencesOfCase: a case's licences from the case itself — its batch's licences and each one's reissues —
 * which is what the false-pledge revocation reads instead of an index by case.
 */
import { describe, expect, it } from 'vitest';
import { licencesOfCase } from '../../../functions/core/certificates/case-licences.js';
import type { CertificateRecord } from '../../../functions/core/certificates/model.js';

const record = (certificateId: string, extra: Partial<CertificateRecord> = {}) =>
  ({ certificateId, status: 'VALID', ...extra }) as CertificateRecord;

const ledgerOf = (records: CertificateRecord[]) => ({
  get: async (id: string) => records.find((r) => r.certificateId === id),
});

describe('licencesOfCase', () => {
  it('lists the batch’s licences and, for a reissued one, every licence that replaced it', async () => {
    // Prepare: A reissued twice (A → A2 → A3), B never; C never committed (no record)
    const ledger = ledgerOf([
      record('A', { status: 'SUPERSEDED', supersededBy: 'A2' }),
      record('A2', { status: 'SUPERSEDED', supersededBy: 'A3', replaces: 'A' }),
      record('A3', { replaces: 'A2' }),
      record('B'),
    ]);

    // Act
    const listed = await licencesOfCase(ledger, ['A', 'B', 'C']);

    // Assess
    expect(listed.map((r) => r.certificateId)).toEqual(['A', 'A2', 'A3', 'B']);
  });

  it('stops at a loop in the reissue chain instead of running forever', async () => {
    // Prepare
    const ledger = ledgerOf([record('X', { supersededBy: 'Y' }), record('Y', { supersededBy: 'X' })]);

    // Act
    const listed = await licencesOfCase(ledger, ['X']);

    // Assess
    expect(listed.map((r) => r.certificateId)).toEqual(['X', 'Y']);
  });
});
