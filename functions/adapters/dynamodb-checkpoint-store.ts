/**
 * Checkpoints in the Audit table, beside the chain they cover: partition `checkpoint#<chain>`, sort key `seq` =
 * the head seq a checkpoint covers. No new table (and no new permissions); the items carry no `subject`, so
 * the `bySubject` index never lists them, and the chain's own partition (`main`) is untouched, so walking
 * the chain never meets them. A conditional put keeps one checkpoint per seq when two job runs race.
 */
import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Checkpoint, CheckpointListOptions, CheckpointStore } from '../ports/checkpoint-store.js';

/** Construction options of `DynamoCheckpointStore`. */
export interface DynamoCheckpointStoreOptions {
  client: DynamoDBDocumentClient;
  /** Physical name of the `audit` table. */
  tableName: string;
  /** The audited chain. @default 'main' */
  chain?: string;
}

/** Most checkpoints one `list` call returns. */
export const MAX_CHECKPOINT_LIST = 1000;

const PARTITION_PREFIX = 'checkpoint#';

/** `CheckpointStore` on the Audit table (see the module comment for the layout). */
export class DynamoCheckpointStore implements CheckpointStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #tableName: string;
  readonly #chain: string;

  constructor(options: DynamoCheckpointStoreOptions) {
    this.#client = options.client;
    this.#tableName = options.tableName;
    this.#chain = options.chain ?? 'main';
  }

  /** Store the checkpoint unless its seq already has one; false when it had. */
  async put(checkpoint: Checkpoint): Promise<boolean> {
    if (checkpoint.chain !== this.#chain) {
      throw new RangeError(`checkpoint of chain ${checkpoint.chain} given to the store of ${this.#chain}`);
    }
    const { chain: _chain, ...rest } = checkpoint;
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#tableName,
          Item: { chain: this.#partition(), ...rest },
          ConditionExpression: 'attribute_not_exists(#seq)',
          ExpressionAttributeNames: { '#seq': 'seq' },
        }),
      );
      return true;
    } catch (error) {
      if ((error as { name?: unknown }).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  /** The checkpoint with the highest seq, read consistently. */
  async latest(): Promise<Checkpoint | undefined> {
    const [newest] = await this.#query({ newestFirst: true, limit: 1 });
    return newest;
  }

  /** Checkpoints in ascending seq: after `afterSeq`, or the newest `limit` (capped at 1000). */
  async list(options: CheckpointListOptions): Promise<Checkpoint[]> {
    const limit = Math.min(Math.max(Math.trunc(options.limit), 0), MAX_CHECKPOINT_LIST);
    if (limit === 0) return [];
    if (options.afterSeq !== undefined) return this.#query({ afterSeq: options.afterSeq, limit });
    return (await this.#query({ newestFirst: true, limit })).reverse();
  }

  #partition(): string {
    return `${PARTITION_PREFIX}${this.#chain}`;
  }

  async #query(options: { afterSeq?: number; newestFirst?: boolean; limit: number }): Promise<Checkpoint[]> {
    const after = options.afterSeq !== undefined;
    const found: Checkpoint[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.#client.send(
        new QueryCommand({
          TableName: this.#tableName,
          KeyConditionExpression: after ? '#chain = :chain AND #seq > :after' : '#chain = :chain',
          ExpressionAttributeNames: { '#chain': 'chain', ...(after ? { '#seq': 'seq' } : {}) },
          ExpressionAttributeValues: {
            ':chain': this.#partition(),
            ...(after ? { ':after': options.afterSeq } : {}),
          },
          ScanIndexForward: !options.newestFirst,
          Limit: options.limit - found.length,
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      found.push(...(out.Items ?? []).map((item) => this.#toCheckpoint(item)));
      start = out.LastEvaluatedKey;
    } while (start && found.length < options.limit);
    return found;
  }

  #toCheckpoint(item: Record<string, unknown>): Checkpoint {
    const { seq, head, at, keyId, algorithm, signature } = item;
    if (
      typeof seq !== 'number' ||
      typeof head !== 'string' ||
      typeof at !== 'string' ||
      typeof keyId !== 'string' ||
      typeof algorithm !== 'string' ||
      typeof signature !== 'string'
    ) {
      // An internal failure (500): offline verification of an export tells which one is damaged.
      throw new Error(`checkpoint item at seq ${String(seq)} is malformed`);
    }
    return { chain: this.#chain, seq, head, at, keyId, algorithm, signature };
  }
}
