import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tables } from '../../functions/adapters/schema.js';
import { startTestDynamo, type TestDynamo } from '../support/storage.js';

describe('tables from the shared schema', () => {
  let dynamo: TestDynamo;
  beforeAll(async () => {
    dynamo = await startTestDynamo();
  });
  afterAll(async () => dynamo.close());

  it('creates every table with its keys and indexes, each index with its projection', async () => {
    for (const [key, def] of Object.entries(tables)) {
      const out = await dynamo.client.send(
        new DescribeTableCommand({ TableName: dynamo.tables[key as keyof typeof tables] }),
      );
      expect(out.Table?.KeySchema?.[0]?.AttributeName).toBe(def.partitionKey.name);
      expect((out.Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName).sort()).toEqual(
        def.globalIndexes.map((i) => i.indexName).sort(),
      );
      for (const index of def.globalIndexes) {
        const created = out.Table?.GlobalSecondaryIndexes?.find((i) => i.IndexName === index.indexName);
        expect(created?.Projection?.ProjectionType).toBe(index.projection);
      }
    }
  });
});
