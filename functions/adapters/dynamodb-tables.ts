/**
 * Creates DynamoDB tables from the shared definitions (`schema.ts`). Used by the local runtime and tests;
 * the CDK stack builds the same definitions as CloudFormation resources.
 */
import {
  type AttributeDefinition,
  CreateTableCommand,
  type DynamoDBClient,
  type KeySchemaElement,
  ResourceInUseException,
} from '@aws-sdk/client-dynamodb';
import { type TableDefinition, type TableKey, tables } from './schema.js';

const keySchema = (pk: { name: string }, sk?: { name: string }): KeySchemaElement[] => [
  { AttributeName: pk.name, KeyType: 'HASH' },
  ...(sk ? [{ AttributeName: sk.name, KeyType: 'RANGE' as const }] : []),
];

const attributeDefinitions = (def: TableDefinition): AttributeDefinition[] => {
  const all = [
    def.partitionKey,
    def.sortKey,
    ...def.globalIndexes.flatMap((i) => [i.partitionKey, i.sortKey]),
  ];
  const byName = new Map<string, AttributeDefinition>();
  for (const a of all) if (a) byName.set(a.name, { AttributeName: a.name, AttributeType: a.type });
  return [...byName.values()];
};

/** Create every table of `schema.ts` under the given physical names; existing tables are left alone. */
export async function createTables(client: DynamoDBClient, names: Record<TableKey, string>): Promise<void> {
  for (const key of Object.keys(tables) as TableKey[]) {
    const def: TableDefinition = tables[key];
    try {
      await client.send(
        new CreateTableCommand({
          TableName: names[key],
          BillingMode: 'PAY_PER_REQUEST',
          KeySchema: keySchema(def.partitionKey, def.sortKey),
          AttributeDefinitions: attributeDefinitions(def),
          ...(def.globalIndexes.length > 0
            ? {
                GlobalSecondaryIndexes: def.globalIndexes.map((i) => ({
                  IndexName: i.indexName,
                  KeySchema: keySchema(i.partitionKey, i.sortKey),
                  Projection: { ProjectionType: i.projection },
                })),
              }
            : {}),
        }),
      );
    } catch (error) {
      if (!(error instanceof ResourceInUseException)) throw error;
    }
  }
}

/** Physical table names for a given prefix, e.g. `zz-` → `zz-Cases`. */
export const tableNames = (prefix: string): Record<TableKey, string> =>
  Object.fromEntries(Object.entries(tables).map(([k, d]) => [k, `${prefix}${d.logicalName}`])) as Record<
    TableKey,
    string
  >;
