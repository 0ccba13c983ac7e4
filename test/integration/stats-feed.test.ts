/**
 * The statistics off the write path, on real storage: the local DynamoDB gateway's change feed (DynamoDB
 * Streams' record shape, old and new images, after the write's answer, only the watched tables, nothing for a
 * write that changed nothing) and the aggregates adapter (a batch added once per batch id, also when it needs
 * more than one transaction).
 */
import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChangeRecord } from '../../bin/local/dynamo-change-feed.js';
import { batchIdOf, caseChangeOfStreamRecord } from '../../functions/adapters/case-stream-records.js';
import { storedCaseItem } from '../../functions/adapters/dynamodb-case-store.js';
import { DynamoStatsAggregates } from '../../functions/adapters/dynamodb-stats-aggregates.js';
import type { CaseRecord } from '../../functions/core/cases/model.js';
import { startTestDynamo, type TestDynamo } from '../support/storage.js';

let dynamo: TestDynamo;
const delivered: ChangeRecord[][] = [];
beforeAll(async () => {
  dynamo = await startTestDynamo({
    // A long batching window: only a full batch or a flush delivers.
    changeFeed: { tables: ['cases'], deliver: (records) => delivered.push(records), windowMs: 60_000 },
  });
});
afterAll(async () => dynamo.close());

const feed = () => {
  dynamo.flushChangeFeed();
  return delivered.splice(0).flat();
};

describe('the change feed of the local DynamoDB gateway', () => {
  it('delivers a put, an update and a transaction item with their old and new images, after the answers', async () => {
    // Prepare
    const cases = dynamo.tables.cases;
    feed();
    // Act
    await dynamo.doc.send(
      new PutCommand({ TableName: cases, Item: { caseId: 'CASE-1', status: 'DRAFT', version: 1 } }),
    );
    const rightAfterTheAnswer = delivered.length;
    await dynamo.doc.send(
      new UpdateCommand({
        TableName: cases,
        Key: { caseId: 'CASE-1' },
        UpdateExpression: 'SET #s = :s, version = :v',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':s': 'SUBMITTED', ':v': 2 },
      }),
    );
    await dynamo.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: cases, Item: { caseId: 'CASE-2', status: 'DRAFT', version: 1 } } },
          { Put: { TableName: dynamo.tables.counters, Item: { name: 'not-watched', value: 1 } } },
        ],
      }),
    );
    const records = feed();
    // Assess
    expect(rightAfterTheAnswer).toBe(0);
    expect(records.map((r) => [r.eventName, r.dynamodb.Keys.caseId?.S])).toEqual([
      ['INSERT', 'CASE-1'],
      ['MODIFY', 'CASE-1'],
      ['INSERT', 'CASE-2'],
    ]);
    const modify = records[1];
    expect(modify?.dynamodb.OldImage?.status).toEqual({ S: 'DRAFT' });
    expect(modify?.dynamodb.NewImage?.status).toEqual({ S: 'SUBMITTED' });
    expect(records[0]?.dynamodb.OldImage).toBeUndefined();
    const sequence = records.map((r) => r.dynamodb.SequenceNumber);
    expect([...sequence].sort()).toEqual(sequence);
    expect(new Set(records.map((r) => r.eventID)).size).toBe(3);
    expect(caseChangeOfStreamRecord(modify as ChangeRecord)).toEqual({
      old: { caseId: 'CASE-1', status: 'DRAFT', version: 1 },
      new: { caseId: 'CASE-1', status: 'SUBMITTED', version: 2 },
    });
  });

  it('carries a case as the case store writes it (compacted), read back whole from the record', async () => {
    // Prepare
    feed();
    const record = {
      caseId: 'CASE-COMPACT',
      clientId: 'c',
      serviceItemCode: 'TRANSPORT_OVERSIZE_PERMIT',
      status: 'SUBMITTED',
      submittedAt: '2025-09-30T02:00:00.000Z',
      decisions: [],
      certificateIds: [],
      createdAt: '2025-09-30T01:00:00.000Z',
      updatedAt: '2025-09-30T02:00:00.000Z',
      version: 2,
    } as unknown as CaseRecord;
    // Act
    await dynamo.doc.send(new PutCommand({ TableName: dynamo.tables.cases, Item: storedCaseItem(record) }));
    const [written] = feed();
    // Assess: the status is inside the compacted attribute, which a stream event carries base64-encoded.
    expect(written?.dynamodb.NewImage?.status).toBeUndefined();
    const change = caseChangeOfStreamRecord(JSON.parse(JSON.stringify(written)) as ChangeRecord);
    expect(change?.new).toMatchObject({
      status: 'SUBMITTED',
      serviceItemCode: 'TRANSPORT_OVERSIZE_PERMIT',
      submittedAt: '2025-09-30T02:00:00.000Z',
    });
  });

  it('makes no record for a write whose condition failed', async () => {
    // Prepare
    const cases = dynamo.tables.cases;
    feed();
    // Act
    await expect(
      dynamo.doc.send(
        new PutCommand({
          TableName: cases,
          Item: { caseId: 'CASE-1', status: 'REJECTED', version: 9 },
          ConditionExpression: 'version = :v',
          ExpressionAttributeValues: { ':v': 8 },
        }),
      ),
    ).rejects.toThrow();
    // Assess
    expect(feed()).toEqual([]);
  });

  it('cuts the records into batches of at most 100, in write order', async () => {
    // Prepare
    feed();
    // Act
    for (let i = 0; i < 130; i++)
      await dynamo.doc.send(
        new PutCommand({ TableName: dynamo.tables.cases, Item: { caseId: `BULK-${i}`, status: 'DRAFT' } }),
      );
    dynamo.flushChangeFeed();
    const batches = delivered.splice(0);
    // Assess
    expect(batches.map((b) => b.length)).toEqual([100, 30]);
    expect(batches.flat().map((r) => r.dynamodb.Keys.caseId?.S)).toEqual(
      Array.from({ length: 130 }, (_, i) => `BULK-${i}`),
    );
  });
});

describe('DynamoStatsAggregates', () => {
  const aggregates = () =>
    new DynamoStatsAggregates({
      client: dynamo.doc,
      tableName: dynamo.tables.counters,
      clock: { now: () => new Date('2025-09-30T00:00:00Z') },
    });
  const value = async (name: string) =>
    Number(
      (await dynamo.doc.send(new GetCommand({ TableName: dynamo.tables.counters, Key: { name } }))).Item
        ?.value ?? 0,
    );

  it('adds a batch once: its redelivery (same batch id) adds nothing', async () => {
    // Act
    const first = await aggregates().applyOnce('batch-a', { 'stats:t:a': 3, 'stats:t:b': -1 });
    const again = await aggregates().applyOnce('batch-a', { 'stats:t:a': 3, 'stats:t:b': -1 });
    const other = await aggregates().applyOnce('batch-b', { 'stats:t:a': 1 });
    // Assess
    expect([first, again, other]).toEqual(['APPLIED', 'ALREADY_APPLIED', 'APPLIED']);
    expect([await value('stats:t:a'), await value('stats:t:b')]).toEqual([4, -1]);
  });

  it('adds a batch of more counters than one transaction holds, once', async () => {
    // Prepare
    const deltas = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`stats:wide:${i}`, i + 1]));
    // Act
    await aggregates().applyOnce('batch-wide', deltas);
    const again = await aggregates().applyOnce('batch-wide', deltas);
    // Assess
    expect(again).toBe('ALREADY_APPLIED');
    expect(await value('stats:wide:0')).toBe(1);
    expect(await value('stats:wide:149')).toBe(150);
  });

  it('names a batch by its records: the same records the same id, a half another', () => {
    const records = [1, 2, 3, 4].map((n) => ({ eventID: `e${n}`, dynamodb: { SequenceNumber: String(n) } }));
    expect(batchIdOf(records)).toBe(batchIdOf(records.map((r) => ({ ...r }))));
    expect(batchIdOf(records.slice(0, 2))).not.toBe(batchIdOf(records));
  });
});
