/**
 * Ledger and case items are stored compacted (functions/adapters/compact-item.ts): a licence's record is
 * billed one WRU a write (under 1 KB as DynamoDB sizes items), records read back exactly as written, and
 * items written before (plain) stay readable.
 */
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itemBytes } from '../../bin/local/dynamo-metering.js';
import { DynamoAuditLog } from '../../functions/adapters/dynamodb-audit-log.js';
import { DynamoCaseStore } from '../../functions/adapters/dynamodb-case-store.js';
import { DynamoLedger } from '../../functions/adapters/dynamodb-ledger.js';
import type { CertificateRecord } from '../../functions/core/certificates/model.js';
import { startTestDynamo, type TestDynamo } from '../support/storage.js';

let dynamo: TestDynamo;
beforeAll(async () => {
  dynamo = await startTestDynamo();
});
afterAll(() => dynamo.close());

/** A licence as issuance records it: the medical-device export certificate of the bench. */
const licence = (certificateId: string): CertificateRecord => ({
  certificateId,
  clientId: 'demo-upstream',
  caseId: 'CASE-01M96SCN2DXJK9KW08QJYHE6JK',
  serviceItemCode: 'MEDICAL_DEVICE_EXPORT_CERT',
  batchId: 'BATCH-01M96SCNDKXGG748VTAT6JQVBT',
  status: 'PENDING',
  number: '湘药监械出〔2026〕第000013号',
  identifier: '1.2.156.3005.2.YJ0207.11430000MB1D715235.0000013.001.Q',
  serial: 13,
  type: 'MEDICAL_DEVICE_EXPORT_CERTIFICATE',
  typeName: '医疗器械出口销售证明',
  issuer: '湖南省药品监督管理局',
  holder: {
    type: 'ORGANIZATION',
    name: '湖南康达医疗器械有限公司',
    idType: '001',
    idNumber: '91430100MA4L01111G',
  },
  holderKey: 'P2d7EhP4WCWdpPhu5_x-rNlz0b1-FUUgtOJMQ4DBLrE',
  fields: {
    enterpriseName: '湖南康达医疗器械有限公司',
    enterpriseNameEn: 'Hunan Kangda Medical Devices Co., Ltd.',
    address: '长沙市岳麓区麓谷大道100号',
    productName: '一次性使用无菌注射器',
    productNameEn: 'Sterile syringe for single use',
    model: '1ml 2ml 5ml',
    registrationNumber: '湘械注准20262140001',
    registrationValidUntil: '2028-12-05',
    country: 'Germany',
  },
  issuedAt: '2026-12-06T23:00:27.698Z',
  validFrom: '2026-12-07',
  validUntil: '2028-12-05',
  sha256: '21ad1d231d0849c448aa77a55eb37358714c492e5f2998109b350773425c58e2',
  objectKey: `licences/${certificateId}.pdf`,
  bytes: 82728,
  verificationCode: '79H3WS4ZTNMPAV8G57E4J0NJHG',
  sealCertificateSerial: '42f9ecbce18b124bcff57293bf780002',
  statusList: { listId: '0', idx: 12 },
  expiryQueue: 'ACTIVE',
  archiveQueue: 'DUE',
  archiveDue: '2031-09-07',
  version: 1,
});

/** The stored item as DynamoDB sizes it (binary values by their length). */
async function storedBytes(table: string, key: Record<string, string>): Promise<number> {
  const out = await dynamo.client.send(
    new GetItemCommand({
      TableName: table,
      Key: Object.fromEntries(Object.entries(key).map(([k, v]) => [k, { S: v }])),
      ConsistentRead: true,
    }),
  );
  const wire = Object.fromEntries(
    Object.entries(out.Item ?? {}).map(([name, value]) => [
      name,
      value.B
        ? { B: Buffer.from(value.B).toString('base64') }
        : (value as unknown as Record<string, unknown>),
    ]),
  );
  return itemBytes(wire as Parameters<typeof itemBytes>[0]);
}

describe('compacted ledger and case items', () => {
  it('stores a licence record in under 1 KB and reads it back exactly', async () => {
    // Prepare
    const ledger = new DynamoLedger({ client: dynamo.doc, tableName: dynamo.tables.ledger });
    const record = licence('CERT-01M96SCNDVVV8PK189WQERMB4W');

    // Act
    await ledger.putPending(record, { ifAbsent: true });
    await ledger.activate(record.certificateId, record.batchId);

    // Assess
    const plain = itemBytes(
      Object.fromEntries(
        Object.entries(record).map(([k, v]) => [k, { S: typeof v === 'string' ? v : JSON.stringify(v) }]),
      ),
    );
    expect(plain).toBeGreaterThan(1024);
    expect(await storedBytes(dynamo.tables.ledger, { certificateId: record.certificateId })).toBeLessThan(
      1024,
    );
    expect(await ledger.get(record.certificateId)).toEqual({ ...record, status: 'VALID', version: 2 });
    expect(await ledger.findBySha256(record.sha256)).toEqual({ ...record, status: 'VALID', version: 2 });
    expect((await ledger.listByHolder(record.holderKey ?? '', { limit: 5 })).records).toEqual([
      { ...record, status: 'VALID', version: 2 },
    ]);
  });

  it('keeps no bySha256 copy of a record whose PDF names its own id, and still reads its hash', async () => {
    // Prepare
    const ledger = new DynamoLedger({ client: dynamo.doc, tableName: dynamo.tables.ledger });
    const named: CertificateRecord = {
      ...licence('CERT-01M96SCNDVVV8PK189WQENAMED'),
      sha256: 'a1'.repeat(32),
      namesItself: true,
    };

    // Act
    await ledger.putPending(named, { ifAbsent: true });

    // Assess
    expect(await ledger.get(named.certificateId)).toEqual(named);
    expect(await ledger.findBySha256(named.sha256)).toBeUndefined();
  });

  it('reads a plain item written before compaction, and compacts it at its next write', async () => {
    // Prepare
    const ledger = new DynamoLedger({ client: dynamo.doc, tableName: dynamo.tables.ledger });
    const record = { ...licence('CERT-01M96SCNDVVV8PK189WQEROLD0'), status: 'VALID' as const };
    await dynamo.doc.send(new PutCommand({ TableName: dynamo.tables.ledger, Item: record }));
    const before = await storedBytes(dynamo.tables.ledger, { certificateId: record.certificateId });

    // Act
    const read = await ledger.get(record.certificateId);
    await ledger.update({ ...record, revokedAt: '2026-12-07T00:00:00Z', version: 2 });

    // Assess
    expect(read).toEqual(record);
    expect(await ledger.get(record.certificateId)).toEqual({
      ...record,
      revokedAt: '2026-12-07T00:00:00Z',
      version: 2,
    });
    expect(await storedBytes(dynamo.tables.ledger, { certificateId: record.certificateId })).toBeLessThan(
      before,
    );
  });

  it('stores a case compacted and reads it back exactly', async () => {
    // Prepare
    const audit = new DynamoAuditLog({
      client: dynamo.doc,
      tableName: dynamo.tables.audit,
      clock: { now: () => new Date('2026-12-07T00:00:00Z') },
    });
    const cases = new DynamoCaseStore({ client: dynamo.doc, tableName: dynamo.tables.cases, audit });
    const record = {
      caseId: 'CASE-COMPACT-1',
      clientId: 'demo-upstream',
      serviceItemCode: 'MEDICAL_DEVICE_EXPORT_CERT',
      status: 'APPROVED',
      createdAt: '2026-12-06T23:00:25.650Z',
      form: licence('CERT-X').fields,
      applicant: { name: '张三丰', idNumber: '11010519491231002X', mobile: '13800138000' },
      certificateIds: [],
      version: 1,
    } as unknown as Parameters<DynamoCaseStore['create']>[0];

    // Act
    await cases.create(record);
    await cases.update({ ...record, version: 2 }, [
      { actor: 'demo-upstream', action: 'case.approved', subject: record.caseId, details: {} },
    ]);

    // Assess
    expect(await cases.get(record.caseId)).toEqual({ ...record, version: 2 });
    expect((await cases.listByClient('demo-upstream', { limit: 5 })).records).toEqual([
      { ...record, version: 2 },
    ]);
  });
});
