/**
 * A local data directory from before `byProvisionalDue` and `byPreparingBatch` existed: the runtime rebuilds
 * its Cases table with every index of schema.ts and keeps the items (dynalite accepts UpdateTable but never
 * builds an index), deriving the keys a new index needs (a PREPARING batch's `preparingQueue`).
 */
import { CreateTableCommand, DescribeTableCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildTablesMissingIndexes } from '../../bin/local/table-indexes.js';
import { compactItem } from '../../functions/adapters/compact-item.js';
import { DynamoAuditLog } from '../../functions/adapters/dynamodb-audit-log.js';
import { DynamoCaseStore } from '../../functions/adapters/dynamodb-case-store.js';
import { DynamoLedger } from '../../functions/adapters/dynamodb-ledger.js';
import { fixedMacKeys } from '../support/memory-pages.js';
import { startTestDynamo, type TestDynamo } from '../support/storage.js';

let dynamo: TestDynamo;
beforeAll(async () => {
  dynamo = await startTestDynamo();
});
afterAll(async () => dynamo?.close());

describe('rebuildTablesMissingIndexes', () => {
  it('adds the missing index to an old Cases table, keeps its items, and leaves complete tables alone', async () => {
    // Prepare: the Cases table as it was before, with one provisional case in it
    const names = { ...dynamo.tables, cases: 'old-Cases' };
    await dynamo.client.send(
      new CreateTableCommand({
        TableName: names.cases,
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [{ AttributeName: 'caseId', KeyType: 'HASH' }],
        AttributeDefinitions: [
          { AttributeName: 'caseId', AttributeType: 'S' },
          { AttributeName: 'slaQueue', AttributeType: 'S' },
          { AttributeName: 'dueAt', AttributeType: 'S' },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: 'bySla',
            KeySchema: [
              { AttributeName: 'slaQueue', KeyType: 'HASH' },
              { AttributeName: 'dueAt', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'KEYS_ONLY' },
          },
        ],
      }),
    );
    await dynamo.client.send(
      new PutItemCommand({
        TableName: names.cases,
        Item: {
          caseId: { S: 'CASE-OLD-1' },
          status: { S: 'SUBMITTED' },
          slaQueue: { S: 'OPEN' },
          provisionalQueue: { S: 'PROVISIONAL' },
          dueAt: { S: '2027-01-04T15:59:59.999Z' },
          version: { N: '3' },
        },
      }),
    );

    await dynamo.client.send(
      new PutItemCommand({
        TableName: names.cases,
        Item: {
          caseId: { S: 'CASE-OLD-2' },
          clientId: { S: 'client-old' },
          createdAt: { S: '2026-11-01T02:00:00.000Z' },
          status: { S: 'APPROVED' },
          issuance: { M: { state: { S: 'PREPARING' }, startedAt: { S: '2026-11-02T02:00:00.000Z' } } },
          version: { N: '5' },
        },
      }),
    );

    // Act
    const rebuilt = await rebuildTablesMissingIndexes(dynamo.client, names);
    const again = await rebuildTablesMissingIndexes(dynamo.client, names);

    // Assess
    expect(rebuilt).toEqual([
      {
        table: 'old-Cases',
        added: ['byServiceItem', 'byProvisionalDue', 'byPreparingBatch', 'byClient'],
        items: 2,
      },
    ]);
    expect(again).toEqual([]);
    const table = await dynamo.client.send(new DescribeTableCommand({ TableName: names.cases }));
    expect(table.Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName).sort()).toEqual([
      'byClient',
      'byPreparingBatch',
      'byProvisionalDue',
      'byServiceItem',
      'bySla',
    ]);
    const audit = new DynamoAuditLog({
      client: dynamo.doc,
      tableName: dynamo.tables.audit,
      clock: { now: () => new Date() },
    });
    const cases = new DynamoCaseStore({ client: dynamo.doc, tableName: names.cases, audit });
    expect((await cases.listProvisionalDeadlines()).map((c) => [c.caseId, c.version])).toEqual([
      ['CASE-OLD-1', 3],
    ]);
    // A batch left PREPARING before the index existed is found by the job that voids abandoned batches.
    expect((await cases.listPreparingBatches('2026-11-03')).map((c) => [c.caseId, c.preparingSince])).toEqual(
      [['CASE-OLD-2', '2026-11-02T02:00:00.000Z']],
    );
    // A client's cases from before the index are listed: every case has had clientId and createdAt.
    expect((await cases.listByClient('client-old', { limit: 10 })).records.map((c) => c.caseId)).toEqual([
      'CASE-OLD-2',
    ]);
  });

  it('gives licences from before holder keys their holder key, so a holder’s older licences are listed', async () => {
    // Prepare: the Ledger table without byHolder, one licence of a person, one of an enterprise
    const names = { ...dynamo.tables, ledger: 'old-Ledger' };
    await dynamo.client.send(
      new CreateTableCommand({
        TableName: names.ledger,
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [{ AttributeName: 'certificateId', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'certificateId', AttributeType: 'S' }],
      }),
    );
    const licence = (certificateId: string, holder: Record<string, { S: string }>) =>
      dynamo.client.send(
        new PutItemCommand({
          TableName: names.ledger,
          Item: {
            certificateId: { S: certificateId },
            caseId: { S: `CASE-${certificateId}` },
            issuedAt: { S: '2026-10-01T02:00:00.000Z' },
            status: { S: 'VALID' },
            holder: { M: holder },
            version: { N: '2' },
          },
        }),
      );
    // An untyped holder of an early record: a person with a resident ID (lower-case check character).
    await licence('CERT-OLD-1', { name: { S: '张三丰' }, idNumber: { S: '11010519491231002x' } });
    await licence('CERT-OLD-2', {
      type: { S: 'ORGANIZATION' },
      name: { S: '湖南康达医疗器械有限公司' },
      idType: { S: '001' },
      idNumber: { S: '91430100MA4L01111G' },
    });
    const { holderKeys } = fixedMacKeys();
    // Act
    const rebuilt = await rebuildTablesMissingIndexes(dynamo.client, names, { holderKeys });
    // Assess
    expect(rebuilt.find((r) => r.table === 'old-Ledger')).toMatchObject({ items: 2 });
    const ledger = new DynamoLedger({ client: dynamo.doc, tableName: names.ledger });
    const person = await holderKeys.holderKey({ idType: '111', idNumber: '11010519491231002X' });
    const enterprise = await holderKeys.holderKey({ idType: '001', idNumber: '91430100MA4L01111G' });
    expect((await ledger.listByHolder(person, { limit: 10 })).records.map((r) => r.certificateId)).toEqual([
      'CERT-OLD-1',
    ]);
    expect(
      (await ledger.listByHolder(enterprise, { limit: 10 })).records.map((r) => r.certificateId),
    ).toEqual(['CERT-OLD-2']);
  });

  it('gives licences from before the byDue index their queue keys, so the expiry and archive jobs find them', async () => {
    // Prepare: a Ledger table from before byDue; a plain licence in both queues, a compacted one in one
    const names = { ...dynamo.tables, ledger: 'old-Ledger-due' };
    await dynamo.client.send(
      new CreateTableCommand({
        TableName: names.ledger,
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [{ AttributeName: 'certificateId', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'certificateId', AttributeType: 'S' }],
      }),
    );
    const base = {
      caseId: { S: 'CASE-DUE' },
      issuedAt: { S: '2026-10-01T02:00:00.000Z' },
      status: { S: 'VALID' },
      version: { N: '2' },
    };
    await dynamo.client.send(
      new PutItemCommand({
        TableName: names.ledger,
        Item: {
          ...base,
          certificateId: { S: 'CERT-DUE-1' },
          expiryQueue: { S: 'ACTIVE' },
          validUntil: { S: '2028-06-30' },
          archiveQueue: { S: 'DUE' },
          archiveDue: { S: '2027-01-15' },
        },
      }),
    );
    // As the release before wrote it: the queue keys at the top level, the rest compacted.
    const compacted = compactItem(
      {
        certificateId: 'CERT-DUE-2',
        caseId: 'CASE-DUE',
        status: 'VALID',
        version: 2,
        validUntil: '2028-05-31',
        expiryQueue: 'ACTIVE',
        issuedAt: '2026-10-01T02:00:00.000Z',
      },
      new Set(['certificateId', 'status', 'version', 'expiryQueue', 'validUntil', 'issuedAt']),
    );
    await dynamo.doc.send(new PutCommand({ TableName: names.ledger, Item: compacted }));

    // Act
    const rebuilt = await rebuildTablesMissingIndexes(dynamo.client, names);

    // Assess
    expect(rebuilt.find((r) => r.table === 'old-Ledger-due')?.added).toContain('byDue');
    const ledger = new DynamoLedger({ client: dynamo.doc, tableName: names.ledger });
    expect((await ledger.listArchiveDue('2027-01-31', 10)).map((r) => r.certificateId)).toEqual([
      'CERT-DUE-1',
    ]);
    expect((await ledger.listExpiring('2028-06-30')).map((r) => r.certificateId)).toEqual([
      'CERT-DUE-2',
      'CERT-DUE-1',
    ]);
    expect(await ledger.listExpiring('2028-05-30')).toEqual([]);
  });
});
