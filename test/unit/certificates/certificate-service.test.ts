/**
 * Reading, revoking and verifying licences on fakes: what a PENDING record looks like before and after its
 * batch commits, revocation, and verification by id + code (no hint which was wrong; expiry at the end of the
 * last day in Shanghai).
 */
import { describe, expect, it } from 'vitest';
import type { CaseRecord } from '../../../functions/core/cases/model.js';
import {
  getCertificate,
  resolveCertificate,
} from '../../../functions/core/certificates/certificate-service.js';
import { revokeCertificate } from '../../../functions/core/certificates/lifecycle.js';
import type { CertificateRecord } from '../../../functions/core/certificates/model.js';
import { verifyByCode } from '../../../functions/core/certificates/verify-licence.js';
import type { DomainError } from '../../../functions/core/errors.js';
import { applicant } from '../../fixtures/cases.js';
import {
  allowAll,
  type MemoryIssuanceDependencies,
  memoryIssuanceDependencies,
} from '../../support/fakes.js';

const code = 'ABCDEFGHJKMNPQRSTVWXYZ0123';

function storeLicence(
  deps: MemoryIssuanceDependencies,
  options: {
    batchState?: 'PREPARING' | 'COMMITTED';
    status?: CertificateRecord['status'];
    validUntil?: string;
  } = {},
): CertificateRecord {
  const certificateId = `CERT-${deps.ledger.records.size + 1}`;
  const caseRecord: CaseRecord = {
    caseId: `CASE-${certificateId}`,
    clientId: allowAll.clientId,
    serviceItemCode: 'TRANSPORT_OVERSIZE_PERMIT',
    status: options.batchState === 'PREPARING' ? 'APPROVED' : 'ISSUED',
    applicant,
    form: {},
    materials: {},
    pendingUploads: {},
    decisions: [],
    certificateIds: [],
    createdAt: '2026-03-01T00:00:00Z',
    updatedAt: '2026-03-01T00:00:00Z',
    issuance: {
      batchId: 'BATCH-1',
      requestHash: 'h',
      state: options.batchState ?? 'COMMITTED',
      startedAt: '2026-03-01T00:00:00Z',
      issuedAt: '2026-03-01T00:00:00Z',
      licences: [],
    },
    version: 5,
  };
  const record: CertificateRecord = {
    certificateId,
    clientId: allowAll.clientId,
    caseId: caseRecord.caseId,
    serviceItemCode: 'TRANSPORT_OVERSIZE_PERMIT',
    batchId: 'BATCH-1',
    status: options.status ?? 'VALID',
    number: '湘交超2026000001',
    identifier: '1.2.156.3005.2.JT0103.11430000006142632K.0000001.001.X',
    serial: 1,
    type: 'TRANSPORT_OVERSIZE_PASS',
    typeName: '超限运输车辆通行证',
    issuer: '湖南省交通运输厅',
    holder: { name: applicant.name, idNumber: applicant.idNumber },
    fields: {},
    issuedAt: '2026-03-01T00:00:00Z',
    validFrom: '2026-03-01',
    validUntil: options.validUntil ?? '2026-12-10',
    sha256: 'ab'.repeat(32),
    objectKey: `licences/${certificateId}.pdf`,
    bytes: 10,
    verificationCode: code,
    sealCertificateSerial: '0a',
    version: 1,
  };
  deps.cases.records.set(caseRecord.caseId, caseRecord);
  deps.ledger.records.set(certificateId, record);
  return record;
}

const failure = async (promise: Promise<unknown>): Promise<DomainError> =>
  promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e as DomainError,
  );

describe('resolveCertificate', () => {
  it('hides a PENDING record whose batch has not committed', async () => {
    // Prepare
    const deps = memoryIssuanceDependencies();
    const pending = storeLicence(deps, { status: 'PENDING', batchState: 'PREPARING' });

    // Act
    const resolved = await resolveCertificate(deps, pending.certificateId);
    const verification = await verifyByCode(
      { ...deps, trustRoots: async () => [] },
      pending.certificateId,
      code,
    );

    // Assess
    expect(resolved).toBeUndefined();
    expect(verification.verdict).toBe('NOT_FOUND');
    expect(deps.ledger.records.get(pending.certificateId)?.status).toBe('PENDING');
  });

  it('shows a PENDING record of a committed batch as VALID and activates it', async () => {
    // Prepare
    const deps = memoryIssuanceDependencies();
    const pending = storeLicence(deps, { status: 'PENDING', batchState: 'COMMITTED' });

    // Act
    const resolved = await resolveCertificate(deps, pending.certificateId);

    // Assess
    expect(resolved?.status).toBe('VALID');
    expect(deps.ledger.records.get(pending.certificateId)?.status).toBe('VALID');
  });
});

describe('revokeCertificate', () => {
  it('revokes with a reason, audits it and shows REVOKED at once', async () => {
    // Prepare
    const deps = memoryIssuanceDependencies();
    const licence = storeLicence(deps);

    // Act
    const view = await revokeCertificate(deps, allowAll, licence.certificateId, '车辆信息有误');
    const read = await getCertificate(deps, allowAll, licence.certificateId);

    // Assess
    expect(view).toMatchObject({
      status: 'REVOKED',
      revocationReason: '车辆信息有误',
      revokedAt: deps.clock.now().toISOString(),
    });
    expect(read.status).toBe('REVOKED');
    expect(deps.ledger.records.get(licence.certificateId)?.version).toBe(2);
    expect(deps.audit.actions()).toEqual(['certificate.revoked']);
  });

  it('refuses to revoke twice with 409 and keeps the first reason', async () => {
    // Prepare
    const deps = memoryIssuanceDependencies();
    const licence = storeLicence(deps);
    await revokeCertificate(deps, allowAll, licence.certificateId, 'first');

    // Act
    const error = await failure(revokeCertificate(deps, allowAll, licence.certificateId, 'second'));

    // Assess
    expect(error).toMatchObject({ kind: 'CONFLICT', code: 'CERTIFICATE_ALREADY_REVOKED' });
    expect(deps.ledger.records.get(licence.certificateId)?.revocationReason).toBe('first');
  });

  it("answers 404 for another client's licence and changes nothing", async () => {
    // Prepare
    const deps = memoryIssuanceDependencies();
    const licence = storeLicence(deps);

    // Act
    const error = await failure(
      revokeCertificate(deps, { ...allowAll, clientId: 'other' }, licence.certificateId, 'x'),
    );

    // Assess
    expect(error.code).toBe('CERTIFICATE_NOT_FOUND');
    expect(deps.ledger.records.get(licence.certificateId)?.status).toBe('VALID');
  });
});

describe('verifyByCode', () => {
  const verification = (deps: MemoryIssuanceDependencies) => ({ ...deps, trustRoots: async () => [] });

  it('answers a wrong id and a wrong code identically', async () => {
    // Prepare
    const deps = memoryIssuanceDependencies();
    const licence = storeLicence(deps);

    // Act
    const wrongId = await verifyByCode(verification(deps), 'CERT-NOPE', code);
    const wrongCode = await verifyByCode(verification(deps), licence.certificateId, `${code.slice(0, -1)}4`);
    const tooLongId = await verifyByCode(verification(deps), 'C'.repeat(65), code);

    // Assess
    expect(wrongId.verdict).toBe('NOT_FOUND');
    expect(wrongCode).toEqual(wrongId);
    expect(tooLongId).toEqual(wrongId);
    expect(JSON.stringify(wrongCode)).not.toContain(licence.number);
  });

  it('shows a masked summary for the right id and code', async () => {
    // Prepare
    const deps = memoryIssuanceDependencies();
    const licence = storeLicence(deps);

    // Act
    const result = await verifyByCode(verification(deps), licence.certificateId, code);

    // Assess
    expect(result.verdict).toBe('VALID');
    expect(result.certificate).toMatchObject({
      number: licence.number,
      holderMasked: '张*丰',
      status: 'VALID',
    });
    expect(JSON.stringify(result)).not.toContain(applicant.idNumber);
  });

  it('is VALID through the last day in Shanghai and EXPIRED from the next midnight there', async () => {
    // Prepare
    const deps = memoryIssuanceDependencies();
    const licence = storeLicence(deps, { validUntil: '2026-12-10' });

    // Act
    deps.clock.set('2026-12-10T15:59:59.999Z');
    const lastMoment = await verifyByCode(verification(deps), licence.certificateId, code);
    deps.clock.set('2026-12-10T16:00:00.000Z');
    const nextDay = await verifyByCode(verification(deps), licence.certificateId, code);

    // Assess
    expect(lastMoment.verdict).toBe('VALID');
    expect(nextDay.verdict).toBe('EXPIRED');
    expect(nextDay.certificate?.status).toBe('EXPIRED');
  });

  it('shows REVOKED for a revoked licence, also after it expired', async () => {
    // Prepare
    const deps = memoryIssuanceDependencies();
    const licence = storeLicence(deps);
    await revokeCertificate(deps, allowAll, licence.certificateId, '注销');
    deps.clock.set('2030-01-01T00:00:00Z');

    // Act
    const result = await verifyByCode(verification(deps), licence.certificateId, code);

    // Assess
    expect(result.verdict).toBe('REVOKED');
    expect(result.certificate?.revocationReason).toBe('注销');
  });
});
