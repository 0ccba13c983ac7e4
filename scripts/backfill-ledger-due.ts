/**
 * Gives the ledger's licences from before the `byDue` index their queue keys (docs/DEPLOY.md, "One date queue
 * on the ledger"); run once after the deployment that adds the index, with credentials allowed to scan and
 * update the ledger table:
 *
 *   npm run backfill:ledger-due -- <ledger table name>
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { backfillLedgerDueKeys } from '../functions/adapters/ledger-due-backfill.js';

const [tableName] = process.argv.slice(2);
if (!tableName) {
  console.error('usage: backfill-ledger-due.ts <ledger table name>');
  process.exit(2);
}
const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const result = await backfillLedgerDueKeys(client, tableName);
console.log(JSON.stringify(result));
