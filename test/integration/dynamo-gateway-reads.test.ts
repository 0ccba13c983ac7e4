import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeTimeToLiveCommand,
  TransactionCanceledException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactGetCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDynamoClient } from '../../bin/local/aws-clients.js';
import { startDynamoGateway } from '../../bin/local/dynamo-gateway.js';
import { createTables, tableNames } from '../../functions/adapters/dynamodb-tables.js';
import { putLedgerEntry, readItem, startTestDynamo, type TestDynamo } from '../support/storage.js';

let dynamo: TestDynamo;
beforeAll(async () => {
  dynamo = await startTestDynamo();
});
afterAll(async () => dynamo.close());

const ledger = () => dynamo.tables.ledger;
const counters = () => dynamo.tables.counters;
const read = (table: string, key: Record<string, string>) => readItem(dynamo, table, key);
const putEntry = (id: string, extra: Record<string, unknown> = {}) => putLedgerEntry(dynamo, id, extra);

describe('reads and isolation through the gateway', () => {
  it('reads a consistent set of items with TransactGetItems, empty for missing ones', async () => {
    // Prepare
    await putEntry('get-1', { holder: '张三', status: 'issued' });

    // Act
    const out = await dynamo.doc.send(
      new TransactGetCommand({
        TransactItems: [
          { Get: { TableName: ledger(), Key: { certificateId: 'get-1' }, ProjectionExpression: 'holder' } },
          { Get: { TableName: ledger(), Key: { certificateId: 'get-missing' } } },
        ],
      }),
    );

    // Assess
    expect(out.Responses).toEqual([{ Item: { holder: '张三' } }, {}]);
  });

  it('never lets concurrent readers see half a transaction', async () => {
    // Prepare
    const names = ['iso-a', 'iso-b'];
    for (const name of names)
      await dynamo.doc.send(new PutCommand({ TableName: counters(), Item: { name, n: 0 } }));
    const keys = names.map((name) => ({ name }));
    const seen: Array<[unknown, unknown]> = [];
    let writing = true;
    const reader = async (batch: boolean) => {
      while (writing) {
        if (batch) {
          const out = await dynamo.doc.send(
            new BatchGetCommand({ RequestItems: { [counters()]: { Keys: keys } } }),
          );
          const items = out.Responses?.[counters()] ?? [];
          const byName = new Map(items.map((i) => [i.name, i.n]));
          seen.push([byName.get('iso-a'), byName.get('iso-b')]);
        } else {
          const out = await dynamo.doc.send(
            new TransactGetCommand({
              TransactItems: keys.map((Key) => ({ Get: { TableName: counters(), Key } })),
            }),
          );
          seen.push([out.Responses?.[0]?.Item?.n, out.Responses?.[1]?.Item?.n]);
        }
      }
    };
    // 20 transactions compete for 10 increments. In the last ten, the increment of `iso-a` succeeds and has
    // to be undone because `iso-b` is full: a reader must see neither that half-step nor its undoing.
    const limit = 10;
    const writer = async (index: number): Promise<number> => {
      // Staggered starts keep the transactions overlapping while letting readers queue between them.
      await new Promise((resolve) => setTimeout(resolve, index * 3));
      const increment = (Key: { name: string }, bound: number) => ({
        Update: {
          TableName: counters(),
          Key,
          UpdateExpression: 'SET n = n + :one',
          ConditionExpression: 'n < :bound',
          ExpressionAttributeValues: { ':one': 1, ':bound': bound },
        },
      });
      const items = [increment({ name: 'iso-a' }, 1000), increment({ name: 'iso-b' }, limit)];
      try {
        await dynamo.doc.send(new TransactWriteCommand({ TransactItems: items }));
        return 1;
      } catch (error) {
        if (error instanceof TransactionCanceledException) return 0;
        throw error;
      }
    };

    // Act
    const readers = [reader(false), reader(true)];
    const successes = (await Promise.all(Array.from({ length: 20 }, (_, i) => writer(i)))).reduce(
      (a, b) => a + b,
      0,
    );
    writing = false;
    await Promise.all(readers);

    // Assess
    expect(successes).toBe(limit);
    expect(new Set(seen.map(([a]) => a)).size).toBeGreaterThan(2);
    expect(seen.filter(([a, b]) => a !== b)).toEqual([]);
    expect(await read(counters(), { name: 'iso-a' })).toEqual({ name: 'iso-a', n: successes });
    expect(await read(counters(), { name: 'iso-b' })).toEqual({ name: 'iso-b', n: successes });
  });
});

describe('gateway extras', () => {
  it('remembers a TimeToLive setting that dynalite itself would reject', async () => {
    // Act
    await dynamo.client.send(
      new UpdateTimeToLiveCommand({
        TableName: dynamo.tables.idempotency,
        TimeToLiveSpecification: { AttributeName: 'expiresAtEpoch', Enabled: true },
      }),
    );
    const out = await dynamo.client.send(
      new DescribeTimeToLiveCommand({ TableName: dynamo.tables.idempotency }),
    );
    const other = await dynamo.client.send(new DescribeTimeToLiveCommand({ TableName: dynamo.tables.cases }));

    // Assess
    expect(out.TimeToLiveDescription).toEqual({
      TimeToLiveStatus: 'ENABLED',
      AttributeName: 'expiresAtEpoch',
    });
    expect(other.TimeToLiveDescription).toEqual({ TimeToLiveStatus: 'DISABLED' });
  });

  it('answers 413 to a request body over 16 MiB', async () => {
    // Act
    const response = await fetch(dynamo.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.PutItem' },
      body: new Uint8Array(16 * 1024 * 1024 + 1),
    });

    // Assess
    expect(response.status).toBe(413);
  });

  it('keeps data written through a persistent gateway across a restart', async () => {
    // Prepare
    const dir = await mkdtemp(join(tmpdir(), 'zz-dynamo-test-'));
    const names = tableNames('persist-');
    const session = async <T>(work: (doc: DynamoDBDocumentClient) => Promise<T>): Promise<T> => {
      const gateway = await startDynamoGateway({ path: join(dir, 'dynamo') });
      const client = localDynamoClient(gateway.endpoint);
      try {
        await createTables(client, names);
        return await work(DynamoDBDocumentClient.from(client));
      } finally {
        client.destroy();
        await gateway.close();
      }
    };

    try {
      // Act
      await session((doc) =>
        doc.send(
          new TransactWriteCommand({
            TransactItems: [{ Put: { TableName: names.counters, Item: { name: 'serial', n: 7 } } }],
          }),
        ),
      );
      const item = await session(
        async (doc) =>
          (await doc.send(new GetCommand({ TableName: names.counters, Key: { name: 'serial' } }))).Item,
      );

      // Assess
      expect(item).toEqual({ name: 'serial', n: 7 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
