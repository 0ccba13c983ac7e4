/**
 * One-off backfill of the ledger's `byDue` keys (schema.ts; docs/DEPLOY.md "One date queue on the ledger"):
 * licences written before the index carry `expiryQueue`/`archiveQueue` but no `dueQueue`/`dueAt`, so the expiry
 * and archive jobs, which read only `byDue`, would not see them. Each such item gets the keys every write now
 * derives (`dueKeys`), by a conditional update on its `version` — a record the functions rewrote meanwhile
 * already has its own keys and is left as it is. Safe to run again: an item with the right keys is skipped.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dueKeys, ledgerRecord } from './dynamodb-ledger.js';

export interface DueBackfillResult {
  scanned: number;
  updated: number;
  /** Rewritten by the functions between the scan and the update (their keys are their own). */
  changedMeanwhile: number;
}

/** Walk the ledger table `tableName` and give every queued licence its `byDue` keys. */
export async function backfillLedgerDueKeys(
  client: DynamoDBDocumentClient,
  tableName: string,
): Promise<DueBackfillResult> {
  const result: DueBackfillResult = { scanned: 0, updated: 0, changedMeanwhile: 0 };
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({ TableName: tableName, ...(start ? { ExclusiveStartKey: start } : {}) }),
    );
    for (const item of page.Items ?? []) {
      result.scanned++;
      const keys = dueKeys(ledgerRecord(item));
      if (!keys || (item.dueQueue === keys.dueQueue && item.dueAt === keys.dueAt)) continue;
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { certificateId: item.certificateId },
            UpdateExpression: 'SET dueQueue = :queue, dueAt = :at',
            ConditionExpression: '#v = :v',
            ExpressionAttributeNames: { '#v': 'version' },
            ExpressionAttributeValues: { ':queue': keys.dueQueue, ':at': keys.dueAt, ':v': item.version },
          }),
        );
        result.updated++;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        result.changedMeanwhile++;
      }
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return result;
}
