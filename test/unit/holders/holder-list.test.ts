/**
 * Holder keys on issued and reissued licences, and `GET /v1/certificates?holder…` on fakes: which licences a
 * client sees, pages, filters, the audit of every look-up, and the holder parameters' checks.
 */
import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../functions/core/cases/model.js';
import { listCertificatesByHolder } from '../../../functions/core/certificates/holder-list.js';
import { issueCertificates } from '../../../functions/core/certificates/issue-certificates.js';
import { reissueCertificate, revokeCertificate } from '../../../functions/core/certificates/lifecycle.js';
import type { DomainError } from '../../../functions/core/errors.js';
import { applicant, approvedCaseRecord, medicalForm } from '../../fixtures/cases.js';
import {
  allowAll,
  type MemoryIssuanceDependencies,
  memoryIssuanceDependencies,
} from '../../support/fakes.js';

const creditCode = medicalForm().creditCode;
const other: Principal = {
  clientId: 'client-other',
  serviceItems: ['TRANSPORT_OVERSIZE_PERMIT'],
  departments: ['*'],
};

/** Issue the enterprise's export certificates (holder: the enterprise) for a new case of `principal`. */
async function issueTo(deps: MemoryIssuanceDependencies, principal: Principal, at: string) {
  const caseId = `CASE-${deps.cases.records.size + 1}`;
  deps.cases.records.set(caseId, approvedCaseRecord(caseId, principal.clientId, at));
  deps.clock.set(new Date(at));
  return issueCertificates(deps, principal, caseId, {});
}

const failure = (promise: Promise<unknown>): Promise<DomainError> =>
  promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e as DomainError,
  );

describe('holder keys on licences', () => {
  it('sets the holder key at issuance and computes it afresh at a reissue to another holder', async () => {
    // Prepare
    const deps = memoryIssuanceDependencies();
    const [issued] = await issueTo(deps, allowAll, '2026-03-02T02:00:00Z');
    if (!issued) throw new Error('nothing issued');
    const enterpriseKey = await deps.holderKeys.holderKey({ idType: '001', idNumber: creditCode });
    const personKey = await deps.holderKeys.holderKey({ idType: '111', idNumber: applicant.idNumber });
    // Act
    const reissued = await reissueCertificate(deps, allowAll, issued.certificateId, {
      reason: '持证主体更正 holder corrected',
      holder: {
        type: 'PERSON',
        name: applicant.name,
        idType: '111',
        idNumber: applicant.idNumber.toLowerCase(),
      },
    });
    // Assess
    expect(deps.ledger.records.get(issued.certificateId)?.holderKey).toBe(enterpriseKey);
    expect(deps.ledger.records.get(reissued.certificateId)?.holderKey).toBe(personKey);
    expect(personKey).not.toBe(enterpriseKey);
  });
});

describe('listCertificatesByHolder', () => {
  it('lists the holder’s licences newest first across pages, each once, masked', async () => {
    // Prepare
    const deps = memoryIssuanceDependencies();
    const issued = [];
    for (let day = 1; day <= 4; day++)
      issued.push(...(await issueTo(deps, allowAll, `2026-03-0${day}T02:00:00Z`)));
    // Act
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listCertificatesByHolder(deps, allowAll, {
        holderCreditCode: ` ${creditCode.toLowerCase()} `,
        limit: '3',
        ...(cursor ? { cursor } : {}),
      });
      seen.push(...page.items.map((c) => c.certificateId));
      for (const c of page.items) expect(c.holder.idNumber).not.toBe(creditCode);
      cursor = page.nextCursor;
    } while (cursor);
    // Assess
    expect(issued).toHaveLength(8);
    expect(new Set(seen).size).toBe(8);
    const issuedAt = seen.map((id) => deps.ledger.records.get(id)?.issuedAt ?? '');
    expect(issuedAt).toEqual([...issuedAt].sort().reverse());
  });

  it('shows another client’s licence only for items in the key’s scope, and filters by status and type', async () => {
    // Prepare
    const deps = memoryIssuanceDependencies();
    const [first, second] = await issueTo(deps, allowAll, '2026-03-02T02:00:00Z');
    if (!first || !second) throw new Error('two licences expected');
    await revokeCertificate(deps, allowAll, first.certificateId, '测试 test');
    const wide: Principal = { ...other, serviceItems: ['MEDICAL_DEVICE_EXPORT_CERT'] };
    // Act
    const outOfScope = await listCertificatesByHolder(deps, other, { holderCreditCode: creditCode });
    const inScope = await listCertificatesByHolder(deps, wide, { holderCreditCode: creditCode });
    const revoked = await listCertificatesByHolder(deps, allowAll, {
      holderCreditCode: creditCode,
      status: 'REVOKED',
    });
    const otherType = await listCertificatesByHolder(deps, allowAll, {
      holderCreditCode: creditCode,
      type: 'X',
    });
    // Assess
    expect(outOfScope.items).toEqual([]);
    expect(inScope.items.map((c) => c.certificateId).sort()).toEqual(
      [first.certificateId, second.certificateId].sort(),
    );
    expect(revoked.items.map((c) => c.certificateId)).toEqual([first.certificateId]);
    expect(otherType.items).toEqual([]);
  });

  it('audits every look-up under the holder key, with no clear number, empty answers too', async () => {
    // Prepare
    const deps = memoryIssuanceDependencies();
    await issueTo(deps, allowAll, '2026-03-02T02:00:00Z');
    const holderKey = await deps.holderKeys.holderKey({ idType: '111', idNumber: applicant.idNumber });
    // Act
    await listCertificatesByHolder(deps, other, { holderIdNumber: applicant.idNumber });
    // Assess
    const entries = await deps.audit.listBySubject(holderKey);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actor: other.clientId,
      action: 'holder.certificates-listed',
      details: { idType: '111', certificateIds: [], morePages: false },
    });
    expect(JSON.stringify(entries[0])).not.toContain(applicant.idNumber);
  });

  it('answers 400 for no holder, both holders, or a number failing its check character', async () => {
    // Prepare
    const deps = memoryIssuanceDependencies();
    // Act
    const none = await failure(listCertificatesByHolder(deps, allowAll, {}));
    const both = await failure(
      listCertificatesByHolder(deps, allowAll, {
        holderIdNumber: applicant.idNumber,
        holderCreditCode: creditCode,
      }),
    );
    const badId = await failure(
      listCertificatesByHolder(deps, allowAll, { holderIdNumber: '110105194912310021' }),
    );
    const badCode = await failure(
      listCertificatesByHolder(deps, allowAll, { holderCreditCode: '91430100MA4L01111H' }),
    );
    // Assess
    expect(none).toMatchObject({ kind: 'INVALID', code: 'HOLDER_REQUIRED' });
    expect(both).toMatchObject({ kind: 'INVALID', code: 'HOLDER_REQUIRED' });
    expect(badId).toMatchObject({
      kind: 'INVALID',
      code: 'INVALID_HOLDER_ID',
      details: { parameter: 'holderIdNumber' },
    });
    expect(badCode).toMatchObject({
      kind: 'INVALID',
      code: 'INVALID_HOLDER_ID',
      details: { parameter: 'holderCreditCode' },
    });
    expect(deps.audit.entries ?? []).toHaveLength(0);
  });
});
