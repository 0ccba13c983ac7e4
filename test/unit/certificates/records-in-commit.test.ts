/**
 * Where a batch's ledger records are written (issuance-commit.ts `recordsInCommit`): a batch whose records
 * and audit entries fit one transaction with the case writes them there, VALID, and makes no other ledger
 * write; a larger one writes PENDING records beside its PDFs and activates them after the commit.
 */
import { describe, expect, it } from 'vitest';
import { recordsInCommit } from '../../../functions/core/certificates/issuance-commit.js';
import { issueCertificates } from '../../../functions/core/certificates/issue-certificates.js';
import type { Ledger } from '../../../functions/ports/ledger.js';
import { approvedCaseRecord, medicalForm } from '../../fixtures/cases.js';
import {
  allowAll,
  type MemoryIssuanceDependencies,
  memoryIssuanceDependencies,
} from '../../support/fakes.js';

function storeCase(deps: MemoryIssuanceDependencies, products: number): string {
  const record = approvedCaseRecord(`CASE-${products}`, allowAll.clientId, deps.clock.now().toISOString(), {
    form: medicalForm(products),
  });
  deps.cases.records.set(record.caseId, record);
  return record.caseId;
}

/** Counts the ledger's writes of issuance. */
function countWrites(deps: MemoryIssuanceDependencies) {
  const calls = { putPending: 0, activate: 0 };
  const ledger: Ledger = deps.ledger;
  const putPending = ledger.putPending.bind(ledger);
  const activate = ledger.activate.bind(ledger);
  deps.ledger.putPending = (...args) => {
    calls.putPending++;
    return putPending(...args);
  };
  deps.ledger.activate = (...args) => {
    calls.activate++;
    return activate(...args);
  };
  return calls;
}

describe('a batch’s ledger records', () => {
  it('are written VALID by the commit itself when they fit its transaction', async () => {
    // Prepare
    const deps = memoryIssuanceDependencies();
    const caseId = storeCase(deps, 3);
    const calls = countWrites(deps);

    // Act
    const views = await issueCertificates(deps, allowAll, caseId, {});

    // Assess
    expect(calls).toEqual({ putPending: 0, activate: 0 });
    for (const view of views)
      expect(deps.ledger.records.get(view.certificateId)).toMatchObject({ status: 'VALID', version: 1 });
  });

  it('are written PENDING beside the PDFs and activated after the commit when they do not', async () => {
    // Prepare: 98 licences: 98 records + 2 audit entries (60 licences each) + the case exceed one transaction
    const deps = memoryIssuanceDependencies();
    const caseId = storeCase(deps, 98);
    const calls = countWrites(deps);

    // Act
    const views = await issueCertificates(deps, allowAll, caseId, {});

    // Assess
    expect(recordsInCommit(97)).toBe(true);
    expect(recordsInCommit(98)).toBe(false);
    expect(calls).toEqual({ putPending: 98, activate: 98 });
    for (const view of views)
      expect(deps.ledger.records.get(view.certificateId)).toMatchObject({ status: 'VALID', version: 2 });
  });
});
