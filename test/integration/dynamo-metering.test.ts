import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itemBytes, readUnits, type TableShape, writeUnits } from '../../bin/local/dynamo-metering.js';
import { type RequestTiming, recordRequestTimings } from '../../bin/local/request-timings.js';
import { startTestDynamo, type TestDynamo } from '../support/storage.js';

const s = (text: string) => ({ S: text });
/** An item of about `bytes` bytes: its key and one filler string. */
const sized = (id: string, bytes: number) => ({ id: s(id), pad: s('x'.repeat(bytes - 5 - id.length)) });

describe('request units as DynamoDB bills them (pure rules)', () => {
  it('sizes items by their attribute names and values', () => {
    // Assess: names and UTF-8 strings count byte for byte; "张" is 3 bytes
    expect(itemBytes({ id: s('abc') })).toBe(5);
    expect(itemBytes({ name: s('张三') })).toBe(4 + 6);
    // numbers: 1 + half the significant digits; null/bool 1; maps and lists 3 + 1 per element
    expect(itemBytes({ n: { N: '12345' } })).toBe(1 + 4);
    expect(itemBytes({ ok: { BOOL: true } })).toBe(3);
    expect(itemBytes({ m: { M: { a: s('b') } } })).toBe(1 + 3 + 1 + 1 + 1);
    expect(itemBytes({ l: { L: [s('ab'), s('c')] } })).toBe(1 + 3 + (1 + 2) + (1 + 1));
    expect(itemBytes(sized('k', 1500))).toBe(1500);
  });

  const table: TableShape = {
    keys: ['id'],
    indexes: [
      { keys: ['sha'], projection: 'ALL', include: [] },
      { keys: ['queue'], projection: 'KEYS_ONLY', include: [] },
    ],
  };

  it('charges a write per started KB of the larger image, twice in a transaction', () => {
    const small = sized('a', 900);
    const large = sized('a', 1500);
    expect(writeUnits(table, undefined, small)).toBe(1);
    expect(writeUnits(table, small, large)).toBe(2);
    expect(writeUnits(table, large, small)).toBe(2);
    expect(writeUnits(table, undefined, large, true)).toBe(4);
    // a failed condition still costs the write, and touches no index
    expect(writeUnits(table, { ...large, sha: s('h') }, { ...large, sha: s('h') })).toBe(2);
  });

  it('adds the writes of every index the item is in: its projection, twice when its key changes', () => {
    const item = { ...sized('a', 1500), sha: s('h1') };
    // ALL projection: the whole 1.5 KB item again (2); the sparse KEYS_ONLY index is not touched
    expect(writeUnits(table, undefined, item)).toBe(2 + 2);
    // into the KEYS_ONLY index too: its copy holds only the keys (1)
    const queued = { ...item, queue: s('ACTIVE') };
    expect(writeUnits(table, item, queued)).toBe(2 + 2 + 1);
    // the ALL index key changes: delete the old copy and put the new one
    expect(writeUnits(table, queued, { ...queued, sha: s('h2') })).toBe(2 + 2 + 2);
    // only a non-key attribute changes: the ALL copy is rewritten, the KEYS_ONLY copy is not
    expect(writeUnits(table, queued, { ...queued, status: s('VALID') })).toBe(2 + 2);
  });

  it('charges reads per started 4 KB, half when eventually consistent, twice in a transaction', () => {
    expect(readUnits([sized('a', 5000)], true)).toBe(2);
    expect(readUnits([sized('a', 5000)], false)).toBe(1);
    expect(readUnits([], true)).toBe(1);
    expect(readUnits([sized('a', 3000), sized('b', 3000)], false)).toBe(1);
    expect(readUnits([sized('a', 100)], true, true)).toBe(2);
  });
});

describe('the metering gateway', () => {
  let dynamo: TestDynamo;
  beforeAll(async () => {
    dynamo = await startTestDynamo({ metering: true });
  });
  afterAll(async () => dynamo.close());

  async function metered(act: () => Promise<unknown>): Promise<RequestTiming[]> {
    const timings: RequestTiming[] = [];
    const stop = recordRequestTimings(new Map([[Number(new URL(dynamo.endpoint).port), 'dynamodb']]), (t) =>
      timings.push(t),
    );
    try {
      await act();
    } finally {
      stop();
    }
    return timings;
  }

  it('answers each request with the units it consumed, indexes included', async () => {
    // Prepare: a ledger record of ≈ 1.2 KB, in the table and two KEYS_ONLY indexes (schema.ts)
    const ledger = dynamo.tables.ledger;
    const record = {
      certificateId: 'CERT-M1',
      caseId: 'CASE-M1',
      sha256: 'a'.repeat(64),
      dueQueue: 'DUE',
      dueAt: '2027-10-03',
      status: 'PENDING',
      fields: '证'.repeat(350),
    };

    // Act
    const timings = await metered(async () => {
      await dynamo.doc.send(new PutCommand({ TableName: ledger, Item: record }));
      await dynamo.doc.send(
        new UpdateCommand({
          TableName: ledger,
          Key: { certificateId: 'CERT-M1' },
          UpdateExpression: 'SET #s = :v',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':v': 'VALID' },
        }),
      );
      await dynamo.doc.send(
        new TransactWriteCommand({
          TransactItems: [{ Put: { TableName: dynamo.tables.counters, Item: { name: 'm', n: 1 } } }],
        }),
      );
      await dynamo.doc.send(
        new GetCommand({ TableName: ledger, Key: { certificateId: 'CERT-M1' }, ConsistentRead: true }),
      );
      await dynamo.doc.send(
        new QueryCommand({
          TableName: ledger,
          IndexName: 'bySha256',
          KeyConditionExpression: 'sha256 = :h',
          ExpressionAttributeValues: { ':h': 'a'.repeat(64) },
        }),
      );
    });

    // Assess: the put: 1.2 KB → 2 WRU in the table, 1 for the keys in each of byDue and bySha256;
    // the status update changes no index's copy
    expect(timings.map((t) => [t.operation, t.writeUnits, t.readUnits])).toEqual([
      ['PutItem', 4, undefined],
      ['UpdateItem', 2, undefined],
      ['TransactWriteItems', 2, undefined],
      ['GetItem', undefined, 1],
      ['Query', undefined, 0.5],
    ]);
  });

  it('charges a write whose condition fails, and answers a write to a missing table as DynamoDB does, unbilled', async () => {
    // Prepare
    const counters = dynamo.tables.counters;
    await dynamo.doc.send(new PutCommand({ TableName: counters, Item: { name: 'cond', n: 1 } }));

    // Act
    const failures: string[] = [];
    const timings = await metered(async () => {
      for (const send of [
        () =>
          dynamo.doc.send(
            new PutCommand({
              TableName: counters,
              Item: { name: 'cond', n: 2 },
              ConditionExpression: 'attribute_not_exists(#n)',
              ExpressionAttributeNames: { '#n': 'name' },
            }),
          ),
        () => dynamo.doc.send(new PutCommand({ TableName: 'no-such-table', Item: { name: 'x' } })),
      ])
        await send().catch((error: Error) => failures.push(error.name));
    });

    // Assess: the failed condition is billed (1 KB started); a request for no table is rejected, not billed
    expect(failures).toEqual(['ConditionalCheckFailedException', 'ResourceNotFoundException']);
    expect(timings.map((t) => t.writeUnits)).toEqual([1, 0]);
  });
});
