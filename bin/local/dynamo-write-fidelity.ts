/**
 * Two write behaviours of DynamoDB that dynalite lacks and the product's adapters rely on. Both run under the
 * gateway's exclusive lock, so nothing changes between the write and the look-up that completes its answer.
 */
import { createHash } from 'node:crypto';
import {
  type DynaliteConnection,
  errorReply,
  jsonReply,
  parseObject,
  type WireObject,
  type WireReply,
} from './dynalite-connection.js';

/** DynamoDB remembers a ClientRequestToken for 10 minutes. */
const TOKEN_LIFETIME_MS = 10 * 60 * 1000;

/**
 * `ClientRequestToken` idempotency of TransactWriteItems: a repeated request with the token of a transaction
 * that succeeded succeeds again without applying anything (so an SDK retry cannot apply it twice); the same
 * token with other parameters is an IdempotentParameterMismatchException. As on AWS, a cancelled
 * transaction does not consume its token. Tokens are remembered in memory only.
 */
export class TransactionTokens {
  private readonly succeeded = new Map<string, { digest: string; expiresAt: number }>();

  /** Run `execute` unless `input` repeats a remembered successful transaction. Call under the write lock. */
  async run(input: WireObject, execute: () => Promise<WireReply>): Promise<WireReply> {
    const token = input.ClientRequestToken;
    if (typeof token !== 'string') return execute();
    const now = Date.now();
    for (const [key, entry] of this.succeeded) if (entry.expiresAt <= now) this.succeeded.delete(key);
    const digest = createHash('sha256').update(JSON.stringify(input.TransactItems)).digest('hex');
    const known = this.succeeded.get(token);
    if (known) {
      return known.digest === digest
        ? jsonReply(200, {})
        : errorReply(
            400,
            'com.amazonaws.dynamodb.v20120810#IdempotentParameterMismatchException',
            'The request uses the same client token as a previous, but non-identical request.',
          );
    }
    const reply = await execute();
    if (reply.status === 200) this.succeeded.set(token, { digest, expiresAt: now + TOKEN_LIFETIME_MS });
    return reply;
  }
}

/** The key attributes of `item` in `table`. */
async function keyOf(db: DynaliteConnection, table: string, item: WireObject): Promise<WireObject> {
  const names = await db.keyNames(table);
  return Object.fromEntries(names.filter((n) => item[n] !== undefined).map((n) => [n, item[n]]));
}

/**
 * Complete dynalite's answer to a single PutItem/UpdateItem/DeleteItem: with
 * `ReturnValuesOnConditionCheckFailure: ALL_OLD`, DynamoDB returns the item that failed the condition in the
 * ConditionalCheckFailedException (`Item`), which dynalite leaves out. Other answers pass through untouched.
 */
export async function addOldItemOnConditionFailure(
  db: DynaliteConnection,
  operation: string,
  request: Buffer,
  reply: WireReply,
): Promise<WireReply> {
  if (reply.status !== 400 || operation === 'BatchWriteItem') return reply;
  const error = parseObject(reply.body);
  if (!String(error?.__type).endsWith('#ConditionalCheckFailedException')) return reply;
  const input = parseObject(request);
  if (input?.ReturnValuesOnConditionCheckFailure !== 'ALL_OLD' || typeof input.TableName !== 'string')
    return reply;
  const source = operation === 'PutItem' ? input.Item : input.Key;
  if (source === null || typeof source !== 'object') return reply;
  const key = operation === 'PutItem' ? await keyOf(db, input.TableName, source as WireObject) : source;
  const current = await db.call('GetItem', { TableName: input.TableName, Key: key, ConsistentRead: true });
  if (!current.Item) return reply;
  // Rebuilt rather than patched: dynalite's x-amz-crc32 header would no longer match the body.
  return jsonReply(400, { ...error, Item: current.Item });
}
