/**
 * The local DynamoDB gateway's change feed: what DynamoDB Streams (view NEW_AND_OLD_IMAGES) gives a Lambda
 * event source mapping on AWS. For the tables it watches, each write the gateway passes — puts, updates,
 * deletes, batch writes and every item of a transaction — becomes a record with the item's image before and
 * after (read under the gateway's write lock, so they are exactly the write's own), in DynamoDB's record
 * shape (`eventName`, `dynamodb.OldImage/NewImage/Keys/SequenceNumber`). A write that changed nothing (a
 * failed condition, a cancelled transaction) makes no record, as on AWS.
 *
 * Records are delivered asynchronously — never inside the write's answer — in batches of up to `batchSize`
 * after `windowMs` (the mapping's batching window), in write order. `flush()` delivers what is pending now,
 * so a test or the bench waits for the feed instead of sleeping.
 */
import { randomBytes } from 'node:crypto';
import { type DynaliteConnection, isObject, type WireObject, type WireReply } from './dynalite-connection.js';

type Item = Record<string, Record<string, unknown>>;

/** A DynamoDB Streams record, as a Lambda event carries it. */
export interface ChangeRecord {
  eventID: string;
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  eventVersion: '1.1';
  eventSource: 'aws:dynamodb';
  awsRegion: string;
  eventSourceARN: string;
  dynamodb: {
    ApproximateCreationDateTime: number;
    Keys: Item;
    OldImage?: Item;
    NewImage?: Item;
    SequenceNumber: string;
    SizeBytes: number;
    StreamViewType: 'NEW_AND_OLD_IMAGES';
  };
}

/** Options of `ChangeFeed`. */
export interface ChangeFeedOptions {
  /** Physical names of the tables whose writes are fed. */
  tables: readonly string[];
  /** Receives each batch, in order (a Lambda invocation on AWS). */
  deliver: (records: ChangeRecord[]) => void;
  /** Records per batch. @default 100 (a DynamoDB event source mapping's default) */
  batchSize?: number;
  /**
   * How long records wait to fill a batch, ms (the mapping's `maxBatchingWindow`). @default 0: delivered on
   * the next turn of the event loop after the write's answer.
   */
  windowMs?: number;
  region?: string;
}

/** One item a write names. */
interface Target {
  table: string;
  key: Item;
  /** A put's item: once the write succeeded, the new image is exactly this (no read needed). */
  put?: Item;
}

const WRITE_KINDS = ['Put', 'Update', 'Delete'] as const;

const same = (a: Item | undefined, b: Item | undefined) => JSON.stringify(a) === JSON.stringify(b);

export class ChangeFeed {
  readonly #db: DynaliteConnection;
  readonly #tables: Set<string>;
  readonly #deliver: ChangeFeedOptions['deliver'];
  readonly #batchSize: number;
  readonly #windowMs: number;
  readonly #region: string;
  readonly #keySchemas = new Map<string, Promise<string[]>>();
  #pending: ChangeRecord[] = [];
  #timer: NodeJS.Timeout | undefined;
  #sequence = 0n;

  constructor(db: DynaliteConnection, options: ChangeFeedOptions) {
    this.#db = db;
    this.#tables = new Set(options.tables);
    this.#deliver = options.deliver;
    this.#batchSize = options.batchSize ?? 100;
    this.#windowMs = options.windowMs ?? 0;
    this.#region = options.region ?? 'cn-north-1';
  }

  /**
   * Runs the write `run` (the caller holds the gateway's write lock) and records the changes it made to the
   * watched tables. `input` is the request body of `operation`.
   */
  async around(
    operation: string,
    input: WireObject | undefined,
    run: () => Promise<WireReply>,
  ): Promise<WireReply> {
    const targets = input ? await this.#targets(operation, input) : [];
    if (targets.length === 0) return run();
    const before = await Promise.all(targets.map((t) => this.#image(t)));
    const reply = await run();
    // A refused write (failed condition, cancelled transaction) changed nothing: no record, as on AWS.
    if (reply.status !== 200) return reply;
    // A put's new image is its item (a batch write may leave items unprocessed: those are read back).
    const exact = operation !== 'BatchWriteItem';
    const after = await Promise.all(targets.map((t) => (exact && t.put ? t.put : this.#image(t))));
    targets.forEach((target, i) => {
      this.#record(target, before[i], after[i]);
    });
    return reply;
  }

  /** Delivers every pending record now (in batches), instead of after the window. */
  flush(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    while (this.#pending.length > 0) this.#deliver(this.#pending.splice(0, this.#batchSize));
  }

  #record(target: Target, before: Item | undefined, after: Item | undefined): void {
    if (same(before, after)) return;
    this.#sequence += 1n;
    const image = after ?? before ?? {};
    this.#pending.push({
      eventID: randomBytes(16).toString('hex'),
      eventName: !before ? 'INSERT' : !after ? 'REMOVE' : 'MODIFY',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: this.#region,
      eventSourceARN: `arn:aws-cn:dynamodb:${this.#region}:000000000000:table/${target.table}/stream/local`,
      dynamodb: {
        ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
        Keys: target.key,
        ...(before ? { OldImage: before } : {}),
        ...(after ? { NewImage: after } : {}),
        SequenceNumber: this.#sequence.toString().padStart(21, '0'),
        SizeBytes: Buffer.byteLength(JSON.stringify(image)),
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
    });
    if (this.#pending.length >= this.#batchSize) {
      // A full batch goes at once (after the write's answer), as the mapping does not wait for the window.
      setImmediate(() => this.#deliverFull());
    } else this.#timer ??= setTimeout(() => this.flush(), this.#windowMs);
  }

  #deliverFull(): void {
    while (this.#pending.length >= this.#batchSize) this.#deliver(this.#pending.splice(0, this.#batchSize));
  }

  #keySchema(table: string): Promise<string[]> {
    let keys = this.#keySchemas.get(table);
    if (!keys) {
      keys = this.#db.call('DescribeTable', { TableName: table }).then((answer) => {
        const schema = ((answer.Table ?? {}) as WireObject).KeySchema;
        return Array.isArray(schema) ? schema.map((k) => String((k as WireObject).AttributeName)) : [];
      });
      keys.catch(() => this.#keySchemas.delete(table));
      this.#keySchemas.set(table, keys);
    }
    return keys;
  }

  async #target(table: unknown, key: unknown, item: unknown): Promise<Target | undefined> {
    if (typeof table !== 'string' || !this.#tables.has(table)) return undefined;
    if (isObject(key)) return { table, key: key as Item };
    if (!isObject(item)) return undefined;
    const names = await this.#keySchema(table).catch(() => undefined);
    if (!names || names.length === 0) return undefined;
    const put = item as Item;
    return { table, key: Object.fromEntries(names.map((n) => [n, put[n] ?? {}])), put };
  }

  async #image(target: Target): Promise<Item | undefined> {
    const answer = await this.#db
      .call('GetItem', { TableName: target.table, Key: target.key, ConsistentRead: true })
      .catch(() => ({}) as WireObject);
    return isObject(answer.Item) ? (answer.Item as Item) : undefined;
  }

  /** The watched items a write request names (one, each of a batch's, or each of a transaction's). */
  async #targets(operation: string, input: WireObject): Promise<Target[]> {
    let named: Array<Promise<Target | undefined>> = [];
    if (operation === 'BatchWriteItem') {
      named = Object.entries(isObject(input.RequestItems) ? input.RequestItems : {}).flatMap(
        ([table, writes]) =>
          (Array.isArray(writes) ? (writes as WireObject[]) : []).map((w) => {
            const put = (w.PutRequest ?? {}) as WireObject;
            const del = (w.DeleteRequest ?? {}) as WireObject;
            return this.#target(table, del.Key, put.Item);
          }),
      );
    } else if (operation === 'TransactWriteItems') {
      const entries = Array.isArray(input.TransactItems) ? (input.TransactItems as WireObject[]) : [];
      named = entries.map((entry) => {
        const kind = WRITE_KINDS.find((k) => isObject(entry[k]));
        const op = (kind ? entry[kind] : {}) as WireObject;
        return this.#target(op.TableName, op.Key, op.Item);
      });
    } else named = [this.#target(input.TableName, input.Key, input.Item)];
    return (await Promise.all(named)).filter((t): t is Target => t !== undefined);
  }
}
