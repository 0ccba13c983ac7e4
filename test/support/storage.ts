/**
 * Real local storage for integration tests, exactly as the local runtime runs it: dynalite behind the
 * transaction gateway, s3rver behind the conditional-write proxy, both in memory / a temp dir on random
 * ports, reached through the real AWS SDK clients, with tables and buckets created from the shared schema.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { bucketNames, createBuckets, localDynamoClient, localS3Client } from '../../bin/local/aws-clients.js';
import type { ChangeRecord } from '../../bin/local/dynamo-change-feed.js';
import { startDynamoGateway } from '../../bin/local/dynamo-gateway.js';
import { startS3Server } from '../../bin/local/s3-server.js';
import { createTables, tableNames } from '../../functions/adapters/dynamodb-tables.js';
import type { BucketKey, TableKey } from '../../functions/adapters/schema.js';

export interface TestDynamo {
  client: DynamoDBClient;
  doc: DynamoDBDocumentClient;
  endpoint: string;
  tables: Record<TableKey, string>;
  /** Delivers the change feed's pending records now (when started with `changeFeed`). */
  flushChangeFeed(): void;
  close(): Promise<void>;
}

export interface TestS3 {
  client: S3Client;
  endpoint: string;
  buckets: Record<BucketKey, string>;
  close(): Promise<void>;
}

/** Start an in-memory DynamoDB (with transactions) and create all tables; `metering`: see the gateway. */
export async function startTestDynamo(
  options: {
    metering?: boolean;
    /** Feed the writes to these tables back as DynamoDB stream records (bin/local/dynamo-change-feed.ts). */
    changeFeed?: { tables: TableKey[]; deliver: (records: ChangeRecord[]) => void; windowMs?: number };
  } = {},
): Promise<TestDynamo> {
  const names = tableNames('test-');
  const gateway = await startDynamoGateway({
    ...(options.metering !== undefined ? { metering: options.metering } : {}),
    ...(options.changeFeed
      ? {
          changeFeed: {
            tables: options.changeFeed.tables.map((t) => names[t]),
            deliver: options.changeFeed.deliver,
            ...(options.changeFeed.windowMs !== undefined ? { windowMs: options.changeFeed.windowMs } : {}),
          },
        }
      : {}),
  });
  const client = localDynamoClient(gateway.endpoint);
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  await createTables(client, names);
  return {
    client,
    doc,
    endpoint: gateway.endpoint,
    tables: names,
    flushChangeFeed: () => gateway.flushChangeFeed(),
    close: async () => {
      client.destroy();
      await gateway.close();
    },
  };
}

/** Start S3 in a temporary directory (removed on close) and create all buckets. */
export async function startTestS3(): Promise<TestS3> {
  const server = await startS3Server();
  const client = localS3Client(server.endpoint);
  const names = bucketNames('test-');
  await createBuckets(client, names);
  return {
    client,
    endpoint: server.endpoint,
    buckets: names,
    close: async () => {
      client.destroy();
      await server.close();
    },
  };
}

/** A consistent read of one item, for assertions. */
export const readItem = async (dynamo: TestDynamo, table: string, key: Record<string, string>) =>
  (await dynamo.doc.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }))).Item;

/** A plain ledger item (no conditions), for setting up a test. */
export const putLedgerEntry = (dynamo: TestDynamo, id: string, extra: Record<string, unknown> = {}) =>
  dynamo.doc.send(new PutCommand({ TableName: dynamo.tables.ledger, Item: { certificateId: id, ...extra } }));
