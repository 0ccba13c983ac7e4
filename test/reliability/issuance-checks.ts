/**
 * The invariants of exactly-once, all-or-nothing issuance, checked against what the stores really hold
 * (read with the fault-free adapters) and what the public verification paths answer.
 */
import { expect } from 'vitest';
import type { ReservedLicence } from '../../functions/core/cases/model.js';
import type { ReliabilityApp } from './app.js';
import { licenceObjectKeys, licenceState } from './flows.js';

/** The licences a case has reserved (ids and codes fixed at the reserve step), if any. */
export async function reservedLicences(app: ReliabilityApp, caseId: string): Promise<ReservedLicence[]> {
  return (await app.raw.cases.get(caseId))?.issuance?.licences ?? [];
}

/**
 * Nothing of the case's batch is visible as issued: the case is not ISSUED, no licence resolves, verification
 * by code says NOT_FOUND, an upload of any stored PDF is not VALID, and no audit entry records the licence.
 */
export async function expectNothingIssued(app: ReliabilityApp, caseId: string): Promise<void> {
  const record = await app.raw.cases.get(caseId);
  expect(record?.status).toBe('APPROVED');
  expect(record?.certificateIds).toEqual([]);
  for (const licence of record?.issuance?.licences ?? []) {
    const state = await licenceState(app, licence, { upload: true });
    expect(state, licence.certificateId).toMatchObject({ visible: false, verdictByCode: 'NOT_FOUND' });
    expect(state.verdictByUpload ?? 'NONE').not.toBe('VALID');
    expect(state.issuedAuditEntries).toBe(0);
  }
}

/**
 * Exactly `ids` are issued for the case: ISSUED with exactly these certificate ids, each licence visible and
 * VALID by code (and by upload when `upload`), one stored object each and one audit entry in the whole chain
 * recording its issuance (the batch's `case.issued` entry or its continuation lists it exactly once), and one
 * `case.issued` entry for the case.
 */
export async function expectIssuedExactly(
  app: ReliabilityApp,
  caseId: string,
  ids: string[],
  options: { upload: boolean } = { upload: false },
): Promise<void> {
  const record = await app.raw.cases.get(caseId);
  expect(record?.status).toBe('ISSUED');
  expect([...(record?.certificateIds ?? [])].sort()).toEqual([...ids].sort());
  const objects = new Set(await licenceObjectKeys(app));
  for (const licence of record?.issuance?.licences ?? []) {
    const state = await licenceState(app, licence, options);
    expect(state, licence.certificateId).toMatchObject({
      visible: true,
      verdictByCode: 'VALID',
      objectExists: true,
      issuedAuditEntries: 1,
      ...(options.upload ? { verdictByUpload: 'VALID' } : {}),
    });
    expect(objects.has(`licences/${licence.certificateId}.pdf`)).toBe(true);
  }
  const caseEntries = await app.deps.audit.listBySubject(caseId);
  expect(caseEntries.filter((e) => e.action === 'case.issued')).toHaveLength(1);
}
