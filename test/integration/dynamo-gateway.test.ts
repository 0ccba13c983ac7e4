import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeTimeToLiveCommand,
  ResourceNotFoundException,
  TransactionCanceledException,
  TransactWriteItemsCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  ScanCommand,
  TransactGetCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDynamoClient } from '../../bin/local/aws-clients.js';
import { startDynamoGateway } from '../../bin/local/dynamo-gateway.js';
import { createTables, tableNames } from '../../functions/adapters/dynamodb-tables.js';
import { startTestDynamo, type TestDynamo } from '../support/storage.js';

let dynamo: TestDynamo;
beforeAll(async () => {
  dynamo = await startTestDynamo();
});
afterAll(async () => dynamo.close());

const ledger = () => dynamo.tables.ledger;
const counters = () => dynamo.tables.counters;

const read = async (table: string, key: Record<string, string>) =>
  (await dynamo.doc.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }))).Item;

const putEntry = (id: string, extra: Record<string, unknown> = {}) =>
  dynamo.doc.send(new PutCommand({ TableName: ledger(), Item: { certificateId: id, ...extra } }));

describe('TransactWriteItems through the gateway', () => {
  it('applies three puts and an update together', async () => {
    // Prepare
    await putEntry('ok-update', { status: 'draft', version: 1 });

    // Act
    await dynamo.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          ...['ok-1', 'ok-2', 'ok-3'].map((id) => ({
            Put: {
              TableName: ledger(),
              Item: { certificateId: id, status: 'issued' },
              ConditionExpression: 'attribute_not_exists(certificateId)',
            },
          })),
          {
            Update: {
              TableName: ledger(),
              Key: { certificateId: 'ok-update' },
              UpdateExpression: 'SET #s = :s, version = version + :one',
              ExpressionAttributeNames: { '#s': 'status' },
              ExpressionAttributeValues: { ':s': 'issued', ':one': 1 },
            },
          },
        ],
      }),
    );

    // Assess
    for (const id of ['ok-1', 'ok-2', 'ok-3']) {
      expect(await read(ledger(), { certificateId: id })).toEqual({ certificateId: id, status: 'issued' });
    }
    expect(await read(ledger(), { certificateId: 'ok-update' })).toEqual({
      certificateId: 'ok-update',
      status: 'issued',
      version: 2,
    });
  });

  it('changes nothing when a condition in the middle fails, and reports one reason per item', async () => {
    // Prepare
    await putEntry('mid-updated', { status: 'draft', note: 'old' });
    await putEntry('mid-taken', { holder: 'first' });
    await putEntry('mid-deleted', { status: 'draft' });
    const before = await dynamo.doc.send(new ScanCommand({ TableName: ledger(), ConsistentRead: true }));

    // Act
    const error = await dynamo.client
      .send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: ledger(), Item: { certificateId: { S: 'mid-new' } } } },
            {
              Update: {
                TableName: ledger(),
                Key: { certificateId: { S: 'mid-updated' } },
                UpdateExpression: 'SET #s = :s REMOVE note',
                ExpressionAttributeNames: { '#s': 'status' },
                ExpressionAttributeValues: { ':s': { S: 'issued' } },
              },
            },
            {
              Put: {
                TableName: ledger(),
                Item: { certificateId: { S: 'mid-taken' }, holder: { S: 'second' } },
                ConditionExpression: 'attribute_not_exists(certificateId)',
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              },
            },
            { Delete: { TableName: ledger(), Key: { certificateId: { S: 'mid-deleted' } } } },
          ],
        }),
      )
      .catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(TransactionCanceledException);
    const cancelled = error as TransactionCanceledException;
    expect(cancelled.message).toBe(
      'Transaction cancelled, please refer cancellation reasons for specific reasons [None, None, ConditionalCheckFailed, None]',
    );
    expect(cancelled.CancellationReasons).toEqual([
      { Code: 'None' },
      { Code: 'None' },
      {
        Code: 'ConditionalCheckFailed',
        Message: 'The conditional request failed',
        Item: { certificateId: { S: 'mid-taken' }, holder: { S: 'first' } },
      },
      { Code: 'None' },
    ]);
    const after = await dynamo.doc.send(new ScanCommand({ TableName: ledger(), ConsistentRead: true }));
    expect(after.Items).toEqual(before.Items);
    expect(await read(ledger(), { certificateId: 'mid-updated' })).toEqual({
      certificateId: 'mid-updated',
      status: 'draft',
      note: 'old',
    });
  });

  it('evaluates ConditionChecks without leaving a trace, whether they pass or fail', async () => {
    // Prepare
    const check = (expression: string) => ({
      ConditionCheck: {
        TableName: counters(),
        Key: { name: 'check-absent' },
        ConditionExpression: expression,
        ExpressionAttributeNames: { '#n': 'name' },
      },
    });
    const put = (name: string) => ({ Put: { TableName: counters(), Item: { name, value: 1 } } });

    // Act
    const failed = await dynamo.doc
      .send(new TransactWriteCommand({ TransactItems: [put('check-1'), check('attribute_exists(#n)')] }))
      .catch((e: unknown) => e);
    await dynamo.doc.send(new TransactWriteCommand({ TransactItems: [put('check-2'), check('attribute_not_exists(#n)')] }));

    // Assess
    expect((failed as TransactionCanceledException).CancellationReasons?.map((r) => r.Code)).toEqual([
      'None',
      'ConditionalCheckFailed',
    ]);
    expect(await read(counters(), { name: 'check-1' })).toBeUndefined();
    expect(await read(counters(), { name: 'check-2' })).toEqual({ name: 'check-2', value: 1 });
    expect(await read(counters(), { name: 'check-absent' })).toBeUndefined();
  });

  it('rejects two operations on one item and more than 100 items with a ValidationException', async () => {
    // Prepare
    const duplicate = [
      { Put: { TableName: ledger(), Item: { certificateId: 'dup', n: 1 } } },
      { Update: { TableName: ledger(), Key: { certificateId: 'dup' }, UpdateExpression: 'SET n = :n' } },
    ];
    const tooMany = Array.from({ length: 101 }, (_, i) => ({
      Put: { TableName: ledger(), Item: { certificateId: `many-${i}` } },
    }));

    // Act
    const errors = await Promise.all(
      [duplicate, tooMany].map((items) =>
        dynamo.doc.send(new TransactWriteCommand({ TransactItems: items })).catch((e: unknown) => e as Error),
      ),
    );

    // Assess
    expect(errors.map((e) => e.name)).toEqual(['ValidationException', 'ValidationException']);
    expect(errors[0]?.message).toBe('Transaction request cannot include multiple operations on one item');
    expect(await read(ledger(), { certificateId: 'dup' })).toBeUndefined();
    expect(await read(ledger(), { certificateId: 'many-0' })).toBeUndefined();
  });

  it("undoes applied items and passes dynalite's own error through when an operation is rejected", async () => {
    // Prepare
    const items = (table: string) => [
      { Put: { TableName: ledger(), Item: { certificateId: 'undo-1' } } },
      { Put: { TableName: table, Item: { certificateId: 'undo-2' } } },
    ];

    // Act
    const missingTable = await dynamo.doc
      .send(new TransactWriteCommand({ TransactItems: items('no-such-table') }))
      .catch((e: unknown) => e);
    const badExpression = await dynamo.doc
      .send(
        new TransactWriteCommand({
          TransactItems: [
            ...items(ledger()).slice(0, 1),
            { Update: { TableName: ledger(), Key: { certificateId: 'undo-3' }, UpdateExpression: 'SET = oops' } },
          ],
        }),
      )
      .catch((e: unknown) => e as Error);

    // Assess
    expect(missingTable).toBeInstanceOf(ResourceNotFoundException);
    expect((badExpression as Error).name).toBe('ValidationException');
    expect(await read(ledger(), { certificateId: 'undo-1' })).toBeUndefined();
    expect(await read(ledger(), { certificateId: 'undo-3' })).toBeUndefined();
  });
});

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
    for (const name of names) await dynamo.doc.send(new PutCommand({ TableName: counters(), Item: { name, n: 0 } }));
    const keys = names.map((name) => ({ name }));
    const seen: Array<[unknown, unknown]> = [];
    let writing = true;
    let attempts = 0;
    const reader = async (batch: boolean) => {
      while (writing) {
        if (batch) {
          const out = await dynamo.doc.send(new BatchGetCommand({ RequestItems: { [counters()]: { Keys: keys } } }));
          const items = out.Responses?.[counters()] ?? [];
          const byName = new Map(items.map((i) => [i.name, i.n]));
          seen.push([byName.get('iso-a'), byName.get('iso-b')]);
        } else {
          const out = await dynamo.doc.send(
            new TransactGetCommand({ TransactItems: keys.map((Key) => ({ Get: { TableName: counters(), Key } })) }),
          );
          seen.push([out.Responses?.[0]?.Item?.n, out.Responses?.[1]?.Item?.n]);
        }
      }
    };
    const writer = async (): Promise<number> => {
      for (let attempt = 0; attempt < 100; attempt += 1) {
        attempts++;
        const current = (await read(counters(), { name: 'iso-a' }))?.n as number;
        const increment = (Key: { name: string }) => ({
          Update: {
            TableName: counters(),
            Key,
            UpdateExpression: 'SET n = :next',
            ConditionExpression: 'n = :current',
            ExpressionAttributeValues: { ':current': current, ':next': current + 1 },
          },
        });
        try {
          await dynamo.doc.send(new TransactWriteCommand({ TransactItems: keys.map(increment) }));
          return 1;
        } catch (error) {
          if (!(error instanceof TransactionCanceledException)) throw error;
        }
      }
      return 0;
    };

    // Act
    const readers = [reader(false), reader(true)];
    const successes = (await Promise.all(Array.from({ length: 20 }, writer))).reduce((a, b) => a + b, 0);
    writing = false;
    await Promise.all(readers);

    // Assess
    console.log('seen', seen.length, 'attempts', attempts);
    expect(successes).toBeGreaterThan(0);
    expect(seen.length).toBeGreaterThan(20);
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
    const out = await dynamo.client.send(new DescribeTimeToLiveCommand({ TableName: dynamo.tables.idempotency }));
    const other = await dynamo.client.send(new DescribeTimeToLiveCommand({ TableName: dynamo.tables.cases }));

    // Assess
    expect(out.TimeToLiveDescription).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: 'expiresAtEpoch' });
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
        async (doc) => (await doc.send(new GetCommand({ TableName: names.counters, Key: { name: 'serial' } }))).Item,
      );

      // Assess
      expect(item).toEqual({ name: 'serial', n: 7 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
