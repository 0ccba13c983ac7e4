/**
 * Reading many items: every page of a query, a batch read of known keys, and the two together for the
 * KEYS_ONLY indexes of schema.ts (the index names the items, the table gives their current state).
 */
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';

type Item = Record<string, unknown>;

/** DynamoDB's BatchGetItem limit. */
const BATCH_GET_KEYS = 100;
/** Rounds of asking again for keys a busy table left unprocessed, before giving up with an error. */
const UNPROCESSED_ROUNDS = 5;

/** Every item of a DynamoDB query, page by page. */
export async function queryAll<T>(client: DynamoDBDocumentClient, input: QueryCommandInput): Promise<T[]> {
  const items: T[] = [];
  let start: Item | undefined;
  do {
    const out = await client.send(
      new QueryCommand({ ...input, ...(start ? { ExclusiveStartKey: start } : {}) }),
    );
    items.push(...((out.Items ?? []) as T[]));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

/**
 * The items with `keys` (consistent reads, 100 keys a request); missing ones are left out. A table that
 * keeps leaving keys unprocessed makes this fail rather than answer with items missing.
 */
export async function batchGetAll(
  client: DynamoDBDocumentClient,
  tableName: string,
  keys: Item[],
): Promise<Item[]> {
  const items: Item[] = [];
  for (let i = 0; i < keys.length; i += BATCH_GET_KEYS) {
    let pending = keys.slice(i, i + BATCH_GET_KEYS);
    for (let round = 0; pending.length > 0; round++) {
      if (round === UNPROCESSED_ROUNDS)
        throw new Error(`BatchGetItem left ${pending.length} keys unprocessed`);
      const out = await client.send(
        new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } } }),
      );
      items.push(...(out.Responses?.[tableName] ?? []));
      pending = (out.UnprocessedKeys?.[tableName]?.Keys ?? []) as Item[];
    }
  }
  return items;
}

/**
 * Query a KEYS_ONLY index, then read the items it names from the table, in the index's order. The table's
 * copy is read consistently, so the answer shows each item's current state even where the (eventually
 * consistent) index still lags; an item deleted meanwhile, or that `stillMatches` says has left the index's
 * range meanwhile (e.g. a licence revoked after the index named it), is left out.
 */
export async function queryIndexedItems<T>(
  client: DynamoDBDocumentClient,
  input: QueryCommandInput & { TableName: string },
  keyName: string,
  stillMatches: (item: T) => boolean = () => true,
): Promise<T[]> {
  const hits = await queryAll<Item>(client, {
    ...input,
    ProjectionExpression: '#key',
    ExpressionAttributeNames: { ...input.ExpressionAttributeNames, '#key': keyName },
  });
  const items = await batchGetAll(
    client,
    input.TableName,
    hits.map((hit) => ({ [keyName]: hit[keyName] })),
  );
  const byKey = new Map(items.map((item) => [String(item[keyName]), item]));
  return hits.flatMap((hit) => {
    const item = byKey.get(String(hit[keyName])) as T | undefined;
    return item && stillMatches(item) ? [item] : [];
  });
}

/** One page of a KEYS_ONLY index: the items (read as `queryIndexedItems` does) and where the next begins. */
export interface IndexedPage<T> {
  items: T[];
  /** The position after the last key this page read; absent at the end of the index range. */
  position?: string;
}

/**
 * One page of `queryIndexedItems`: at most `limit` keys from `position` on (a position an earlier page
 * returned). The position is the query's LastEvaluatedKey as base64url JSON, checked on the way back in to
 * name exactly the index's and table's key attributes in the queried partition (`partition`), so it can
 * never move a query into another partition. A position that does not → `InvalidPositionError`.
 */
export async function queryIndexedPage<T>(
  client: DynamoDBDocumentClient,
  input: QueryCommandInput & { TableName: string },
  keyName: string,
  page: { limit: number; position?: string; partition: Record<string, string>; keyNames: string[] },
  stillMatches: (item: T) => boolean = () => true,
): Promise<IndexedPage<T>> {
  const start = page.position === undefined ? undefined : decodePosition(page.position, page);
  const out = await client.send(
    new QueryCommand({
      ...input,
      Limit: page.limit,
      ProjectionExpression: '#key',
      ExpressionAttributeNames: { ...input.ExpressionAttributeNames, '#key': keyName },
      ...(start ? { ExclusiveStartKey: start } : {}),
    }),
  );
  const hits = (out.Items ?? []) as Item[];
  const items = await batchGetAll(
    client,
    input.TableName,
    hits.map((hit) => ({ [keyName]: hit[keyName] })),
  );
  const byKey = new Map(items.map((item) => [String(item[keyName]), item]));
  return {
    items: hits.flatMap((hit) => {
      const item = byKey.get(String(hit[keyName])) as T | undefined;
      return item && stillMatches(item) ? [item] : [];
    }),
    ...(out.LastEvaluatedKey ? { position: encodePosition(out.LastEvaluatedKey) } : {}),
  };
}

/** A position that is not one this adapter made for this partition. */
export class InvalidPositionError extends Error {
  constructor() {
    super('invalid list position');
    this.name = 'InvalidPositionError';
  }
}

const encodePosition = (key: Item): string => Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');

function decodePosition(
  position: string,
  page: { partition: Record<string, string>; keyNames: string[] },
): Item {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(position, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidPositionError();
  }
  if (typeof key !== 'object' || key === null || Array.isArray(key)) throw new InvalidPositionError();
  const entries = Object.entries(key);
  const expected = new Set(page.keyNames);
  const shaped =
    entries.length === expected.size &&
    entries.every(([name, value]) => expected.has(name) && typeof value === 'string' && value.length <= 512);
  const inPartition = Object.entries(page.partition).every(([name, value]) => (key as Item)[name] === value);
  if (!shaped || !inPartition) throw new InvalidPositionError();
  return key as Item;
}
