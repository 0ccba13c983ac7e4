import {
  ConditionalCheckFailedException,
  IdempotentParameterMismatchException,
  PutItemCommand,
  ResourceNotFoundException,
  TransactionCanceledException,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { PutCommand, ScanCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
    await dynamo.doc.send(
      new TransactWriteCommand({ TransactItems: [put('check-2'), check('attribute_not_exists(#n)')] }),
    );

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
        dynamo.doc.send(new TransactWriteCommand({ TransactItems: items })).then(
          () => new Error('accepted'),
          (e: unknown) => e as Error,
        ),
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
            {
              Update: {
                TableName: ledger(),
                Key: { certificateId: 'undo-3' },
                UpdateExpression: 'SET = oops',
              },
            },
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

describe('write details dynalite lacks', () => {
  it('applies a transaction once when it is repeated with the same ClientRequestToken', async () => {
    // Prepare
    await dynamo.doc.send(new PutCommand({ TableName: counters(), Item: { name: 'token', n: 0 } }));
    const increment = (by: number) =>
      new TransactWriteCommand({
        ClientRequestToken: 'issue-batch-1',
        TransactItems: [
          {
            Update: {
              TableName: counters(),
              Key: { name: 'token' },
              UpdateExpression: 'SET n = n + :by',
              ExpressionAttributeValues: { ':by': by },
            },
          },
        ],
      });

    // Act
    await dynamo.doc.send(increment(1));
    await dynamo.doc.send(increment(1));
    const mismatch = await dynamo.doc.send(increment(5)).catch((e: unknown) => e);

    // Assess
    expect(await read(counters(), { name: 'token' })).toEqual({ name: 'token', n: 1 });
    expect(mismatch).toBeInstanceOf(IdempotentParameterMismatchException);
  });

  it('returns the current item when a single conditional write with ALL_OLD fails', async () => {
    // Prepare
    await putEntry('single-taken', { holder: 'first' });

    // Act
    const error = await dynamo.client
      .send(
        new PutItemCommand({
          TableName: ledger(),
          Item: { certificateId: { S: 'single-taken' }, holder: { S: 'second' } },
          ConditionExpression: 'attribute_not_exists(certificateId)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      )
      .catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(ConditionalCheckFailedException);
    expect((error as ConditionalCheckFailedException).Item).toEqual({
      certificateId: { S: 'single-taken' },
      holder: { S: 'first' },
    });
  });
});
