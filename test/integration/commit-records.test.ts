/**
 * An issuance commit's ledger records in the case update's transaction (DynamoCaseStore with
 * `CaseUpdateCompanions`): written with the case and the audit entries, or — when a record is already there
 * and is not a PENDING one of the same batch — none of them, the case unchanged (ConcurrentUpdateError).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoAuditLog } from '../../functions/adapters/dynamodb-audit-log.js';
import { DynamoCaseStore } from '../../functions/adapters/dynamodb-case-store.js';
import { DynamoLedger } from '../../functions/adapters/dynamodb-ledger.js';
import type { CaseRecord } from '../../functions/core/cases/model.js';
import type { CertificateRecord } from '../../functions/core/certificates/model.js';
import { ConcurrentUpdateError } from '../../functions/ports/case-store.js';
import { startTestDynamo, type TestDynamo } from '../support/storage.js';

let dynamo: TestDynamo;
let cases: DynamoCaseStore;
let ledger: DynamoLedger;
beforeAll(async () => {
  dynamo = await startTestDynamo();
  const audit = new DynamoAuditLog({
    client: dynamo.doc,
    tableName: dynamo.tables.audit,
    clock: { now: () => new Date('2026-12-07T00:00:00Z') },
  });
  cases = new DynamoCaseStore({
    client: dynamo.doc,
    tableName: dynamo.tables.cases,
    audit,
    ledgerTableName: dynamo.tables.ledger,
  });
  ledger = new DynamoLedger({ client: dynamo.doc, tableName: dynamo.tables.ledger });
});
afterAll(() => dynamo.close());

const caseOf = (caseId: string) =>
  ({
    caseId,
    clientId: 'client-1',
    serviceItemCode: 'MEDICAL_DEVICE_EXPORT_CERT',
    status: 'APPROVED',
    createdAt: '2026-12-06T00:00:00Z',
    certificateIds: [],
    version: 1,
  }) as unknown as CaseRecord;

const licence = (certificateId: string, status: CertificateRecord['status'], batchId = 'BATCH-1') =>
  ({
    certificateId,
    caseId: 'CASE-C',
    batchId,
    status,
    holder: { name: '张三' },
    fields: {},
    sha256: 'ab'.repeat(32),
    validUntil: '2028-01-01',
    issuedAt: '2026-12-07T00:00:00Z',
    version: 1,
  }) as unknown as CertificateRecord;

const entry = (subject: string) => ({
  actor: 'client-1',
  action: 'certificate.issued',
  subject,
  details: {},
});

describe('an issuance commit with its ledger records', () => {
  it('writes the case, its audit entries and the records in one transaction, over a PENDING record of the batch', async () => {
    // Prepare: one record left PENDING by the same batch (a larger batch's path, or an older release)
    await cases.create(caseOf('CASE-C1'));
    await ledger.putPending(licence('CERT-C1-B', 'PENDING'));

    // Act
    await cases.update({ ...caseOf('CASE-C1'), status: 'ISSUED', version: 2 }, [entry('CERT-C1-A')], {
      ledger: [licence('CERT-C1-A', 'VALID'), licence('CERT-C1-B', 'VALID')],
    });

    // Assess
    expect(await cases.get('CASE-C1')).toMatchObject({ status: 'ISSUED', version: 2 });
    expect(await ledger.get('CERT-C1-A')).toMatchObject({ status: 'VALID' });
    expect(await ledger.get('CERT-C1-B')).toMatchObject({ status: 'VALID' });
  });

  it('writes nothing when a record is there already and is not a PENDING one of the batch', async () => {
    // Prepare
    await cases.create(caseOf('CASE-C2'));
    await ledger.putPending(licence('CERT-C2-B', 'VALID', 'BATCH-OTHER'));

    // Act
    const failure = await cases
      .update({ ...caseOf('CASE-C2'), status: 'ISSUED', version: 2 }, [entry('CERT-C2-A')], {
        ledger: [licence('CERT-C2-A', 'VALID'), licence('CERT-C2-B', 'VALID')],
      })
      .then(
        () => undefined,
        (error: unknown) => error,
      );

    // Assess
    expect(failure).toBeInstanceOf(ConcurrentUpdateError);
    expect(await cases.get('CASE-C2')).toMatchObject({ status: 'APPROVED', version: 1 });
    expect(await ledger.get('CERT-C2-A')).toBeUndefined();
    expect(await ledger.get('CERT-C2-B')).toMatchObject({ batchId: 'BATCH-OTHER' });
  });
});
