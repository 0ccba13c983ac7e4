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
