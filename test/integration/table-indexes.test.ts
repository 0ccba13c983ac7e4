/**
 * A local data directory from before `byProvisionalDue` and `byPreparingBatch` existed: the runtime rebuilds
 * its Cases table with every index of schema.ts and keeps the items (dynalite accepts UpdateTable but never
 * builds an index), deriving the keys a new index needs (a PREPARING batch's `preparingQueue`).
 */
import { CreateTableCommand, DescribeTableCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildTablesMissingIndexes } from '../../bin/local/table-indexes.js';
import { DynamoAuditLog } from '../../functions/adapters/dynamodb-audit-log.js';
import { DynamoCaseStore } from '../../functions/adapters/dynamodb-case-store.js';
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
      { table: 'old-Cases', added: ['byServiceItem', 'byProvisionalDue', 'byPreparingBatch'], items: 2 },
    ]);
    expect(again).toEqual([]);
    const table = await dynamo.client.send(new DescribeTableCommand({ TableName: names.cases }));
    expect(table.Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName).sort()).toEqual([
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
  });
});
