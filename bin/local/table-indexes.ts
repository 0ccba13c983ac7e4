/**
 * A data directory from before an index was added to `schema.ts` holds the table without it, and a query on
 * the missing index fails. DynamoDB adds an index with UpdateTable; dynalite accepts that call but never
 * builds the index. So the local runtime rebuilds such a table at start: reads every item, creates the
 * table again from the schema, writes the items back. Local only: on AWS the CDK stack adds the index.
 */
import {
  type AttributeValue,
  DeleteTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  PutItemCommand,
  ResourceNotFoundException,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { dueKeys, ledgerRecord } from '../../functions/adapters/dynamodb-ledger.js';
import { createTables } from '../../functions/adapters/dynamodb-tables.js';
import { type TableKey, tables } from '../../functions/adapters/schema.js';
import { holderKeyOf } from '../../functions/core/certificates/holder-index.js';
import type { Holder } from '../../functions/core/certificates/model.js';
import type { HolderKeys } from '../../functions/ports/holder-keys.js';

async function scanAll(client: DynamoDBClient, tableName: string) {
  const items: Array<Record<string, AttributeValue>> = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const out = await client.send(
      new ScanCommand({ TableName: tableName, ...(start ? { ExclusiveStartKey: start } : {}) }),
    );
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

type Item = Record<string, AttributeValue>;

/** What deriving index keys may need: the holder keys (the local KMS endpoint's HMAC key). */
export interface BackfillServices {
  holderKeys?: HolderKeys;
}

/**
 * Index keys that items written before an index existed lack, derived as the code now writes them: a case
 * holding a PREPARING batch gets `preparingQueue`/`preparingSince` (case-context.ts `indexPreparingBatch`),
 * so the void-abandoned-batches job finds batches left PREPARING in an older data directory too; a licence
 * gets its holder's `holderKey` (issuance-production.ts), so a holder's older licences are listed and
 * reused too, and its `dueQueue`/`dueAt`, so the expiry and archive jobs find older licences. (`byClient` needs none: every case has `clientId` and `createdAt` from its creation.)
 */
const backfills: Record<string, (item: Item, services: BackfillServices) => Item | Promise<Item>> = {
  byPreparingBatch: (item) => {
    const batch = item.issuance?.M;
    const since = batch?.resumedAt?.S ?? batch?.startedAt?.S;
    if (batch?.state?.S !== 'PREPARING' || since === undefined) return item;
    return { ...item, preparingQueue: { S: 'PREPARING' }, preparingSince: { S: since } };
  },
  // A licence's queue keys for the date-driven jobs (it replaced `byExpiry` and `byArchiveDue`), derived from its
  // record as every write derives them (dynamodb-ledger.ts `dueKeys`).
  byDue: (item) => {
    const keys = dueKeys(ledgerRecord(unmarshall(item)));
    return keys ? { ...item, dueQueue: { S: keys.dueQueue }, dueAt: { S: keys.dueAt } } : item;
  },
  byHolder: async (item, services) => {
    const holder = item.holder?.M;
    if (!holder || item.holderKey?.S || !services.holderKeys) return item;
    // A holder's fields are all strings.
    const fields = Object.entries(holder).flatMap(([name, value]) =>
      value.S === undefined ? [] : [[name, value.S]],
    );
    const holderKey = await holderKeyOf(services.holderKeys, Object.fromEntries(fields) as Holder);
    return holderKey ? { ...item, holderKey: { S: holderKey } } : item;
  },
};

async function missingIndexes(client: DynamoDBClient, key: TableKey, tableName: string) {
  try {
    const out = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const present = new Set((out.Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName));
    return tables[key].globalIndexes.filter((i) => !present.has(i.indexName)).map((i) => i.indexName);
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return [];
    throw error;
  }
}

/** Rebuild every existing table that lacks an index of `schema.ts`; returns what was rebuilt. */
export async function rebuildTablesMissingIndexes(
  client: DynamoDBClient,
  names: Record<TableKey, string>,
  services: BackfillServices = {},
): Promise<Array<{ table: string; added: string[]; items: number }>> {
  const rebuilt = [];
  for (const key of Object.keys(tables) as TableKey[]) {
    const tableName = names[key];
    const added = await missingIndexes(client, key, tableName);
    if (added.length === 0) continue;
    const items = await scanAll(client, tableName);
    await client.send(new DeleteTableCommand({ TableName: tableName }));
    await createTables(client, names);
    const backfill = async (item: Item) => {
      let next = item;
      for (const index of added) next = (await backfills[index]?.(next, services)) ?? next;
      return next;
    };
    for (const item of items)
      await client.send(new PutItemCommand({ TableName: tableName, Item: await backfill(item) }));
    rebuilt.push({ table: tableName, added, items: items.length });
  }
  return rebuilt;
}
