/**
 * DynamoDB implementation of `IdempotencyStore` (table `tables.idempotency`: pk `id`, TTL `expiresAtEpoch`).
 *
 * DynamoDB's TTL deletes expired items lazily (up to days later) and dynalite never does, so expiry is
 * checked in every condition and on every read rather than trusted to the TTL sweeper.
 *
 * Item size: DynamoDB items are limited to 400 KB. Response bodies over `GZIP_THRESHOLD_BYTES` are stored
 * gzip-compressed in a binary attribute (`response.bodyGzip`); a response still over
 * `MAX_STORED_RESPONSE_BYTES` after compression is refused with `IdempotencyResponseTooLargeError`.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { Clock } from '../ports/clock.js';
import {
  type ClaimResult,
  IdempotencyClaimLostError,
  type IdempotencyRecord,
  IdempotencyResponseTooLargeError,
  type IdempotencyStore,
  type StoredResponse,
} from '../ports/idempotency-store.js';

/** Bodies larger than this are gzipped before storing (JSON compresses ~5–10×). */
export const GZIP_THRESHOLD_BYTES = 16 * 1024;
/** Upper bound for a stored response (body after compression plus headers), leaving room under 400 KB. */
export const MAX_STORED_RESPONSE_BYTES = 350 * 1024;

const storedResponseItem = z.object({
  statusCode: z.number().int(),
  headers: z.record(z.string(), z.string()),
  isBase64Encoded: z.boolean(),
  body: z.string().optional(),
  bodyGzip: z.instanceof(Uint8Array).optional(),
});

const recordItem = z.object({
  id: z.string(),
  requestHash: z.string(),
  status: z.enum(['IN_PROGRESS', 'COMPLETED']),
  lockedUntil: z.number(),
  expiresAtEpoch: z.number(),
  lockToken: z.string(),
  response: storedResponseItem.optional(),
});

type StoredResponseItem = z.infer<typeof storedResponseItem>;

/** Constructor options: the client is passed in so tests and the local runtime point it at dynalite. */
export interface DynamoIdempotencyStoreOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  clock: Clock;
}

/** `IdempotencyStore` on one DynamoDB table, with atomic claims by conditional put. */
export class DynamoIdempotencyStore implements IdempotencyStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly clock: Clock;

  constructor(options: DynamoIdempotencyStoreOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.clock = options.clock;
  }

  /**
   * Conditional put; on conflict, read the blocking record (dynalite ignores
   * ReturnValuesOnConditionCheckFailure). A record gone by then was released by a request that raced this
   * one: reported as `vanished` rather than retried, since under load the put and the read can keep
   * straddling other racers' claims and releases (that loop once ended in a 500).
   */
  async claim(record: IdempotencyRecord): Promise<ClaimResult> {
    if (await this.tryPut(record)) return { outcome: 'claimed' };
    const existing = await this.get(record.id);
    return existing === undefined ? { outcome: 'vanished' } : { outcome: 'exists', record: existing };
  }

  /** Store the response; conditional on still holding the claim so a taken-over request cannot overwrite. */
  async complete(id: string, lockToken: string, response: StoredResponse): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { id },
          UpdateExpression: 'SET #s = :completed, #r = :response',
          ConditionExpression: '#s = :inProgress AND lockToken = :token',
          ExpressionAttributeNames: { '#s': 'status', '#r': 'response' },
          ExpressionAttributeValues: {
            ':completed': 'COMPLETED',
            ':inProgress': 'IN_PROGRESS',
            ':token': lockToken,
            ':response': encodeResponse(id, response),
          },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new IdempotencyClaimLostError(id);
      throw error;
    }
  }

  /** Delete our own IN_PROGRESS claim; someone else's claim or a completed record is left alone. */
  async release(id: string, lockToken: string): Promise<void> {
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { id },
          ConditionExpression: '#s = :inProgress AND lockToken = :token',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':inProgress': 'IN_PROGRESS', ':token': lockToken },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  /** Strongly consistent read, so a poller sees a completion as soon as it is written. */
  async get(id: string): Promise<IdempotencyRecord | undefined> {
    const out = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { id }, ConsistentRead: true }),
    );
    if (out.Item === undefined) return undefined;
    const item = recordItem.parse(out.Item);
    if (item.expiresAtEpoch < this.nowEpochSeconds()) return undefined;
    const { response, ...rest } = item;
    return response === undefined ? rest : { ...rest, response: decodeResponse(response) };
  }

  private async tryPut(record: IdempotencyRecord): Promise<boolean> {
    const { response: _ignored, ...claim } = record;
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...claim, status: 'IN_PROGRESS' },
          // Free when absent, expired (TTL has not swept it yet), or a claim whose holder crashed.
          ConditionExpression:
            'attribute_not_exists(id) OR expiresAtEpoch < :nowSeconds OR (#s = :inProgress AND lockedUntil < :nowMs)',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: {
            ':nowSeconds': this.nowEpochSeconds(),
            ':nowMs': this.clock.now().getTime(),
            ':inProgress': 'IN_PROGRESS',
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  private nowEpochSeconds(): number {
    return Math.floor(this.clock.now().getTime() / 1000);
  }
}

function encodeResponse(id: string, response: StoredResponse): StoredResponseItem {
  const { body, ...meta } = response;
  const headerBytes = Buffer.byteLength(JSON.stringify(meta.headers));
  const bodyBytes = Buffer.byteLength(body);
  if (bodyBytes <= GZIP_THRESHOLD_BYTES) {
    if (bodyBytes + headerBytes > MAX_STORED_RESPONSE_BYTES) {
      throw new IdempotencyResponseTooLargeError(id, bodyBytes + headerBytes);
    }
    return { ...meta, body };
  }
  const bodyGzip = gzipSync(body);
  if (bodyGzip.byteLength + headerBytes > MAX_STORED_RESPONSE_BYTES) {
    throw new IdempotencyResponseTooLargeError(id, bodyGzip.byteLength + headerBytes);
  }
  return { ...meta, bodyGzip: new Uint8Array(bodyGzip) };
}

function decodeResponse(item: StoredResponseItem): StoredResponse {
  const { body, bodyGzip, ...meta } = item;
  const text = bodyGzip === undefined ? (body ?? '') : gunzipSync(bodyGzip).toString('utf8');
  return { ...meta, body: text };
}
