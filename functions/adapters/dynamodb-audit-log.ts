/**
 * The audit chain in DynamoDB (table `tables.audit`: pk `chain`, sk `seq`, GSI `bySubject`).
 *
 * Appends read the head with a consistent query and write the next seqs with `attribute_not_exists`, so
 * two writers can never both take a seq and the chain cannot fork; the loser re-reads and retries with
 * jittered backoff. A caller that knows an append is coming may have the head read early (`prefetchHead`),
 * overlapping it with its other work; a head that moved meanwhile is just a lost race. All appends of one
 * chain go through one partition key, which bounds throughput (a few hundred appends per second) — enough
 * for case events, and the price of a single total order.
 * Verification is O(n) reads over the whole chain, held against the signed checkpoints by the verifier the
 * caller passes (core/audit/checkpoint-anchor.ts).
 */
import { randomUUID } from 'node:crypto';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { canonicalJson } from '../core/audit/canonical-json.js';
import { createChainVerifier } from '../core/audit/chain-verifier.js';
import { AuditContentionError } from '../core/audit/errors.js';
import { type ChainHead, extendChain } from '../core/audit/extend-chain.js';
import { assertNoPersonalData } from '../core/audit/personal-data.js';
import type { AuditEntry, AuditInput, AuditLog, ChainSink, ChainVerification } from '../ports/audit-log.js';
import type { Clock } from '../ports/clock.js';
import { tables } from './schema.js';

/** Construction options of `DynamoAuditLog`. */
export interface DynamoAuditLogOptions {
  client: DynamoDBDocumentClient;
  /** Physical name of the `audit` table. */
  tableName: string;
  /** Source of each entry's `at`. */
  clock: Clock;
  /** Partition key of the chain; separate chains verify separately. @default 'main' */
  chain?: string;
  /** Retries after a lost race before `AuditContentionError`. @default 20 */
  maxRetries?: number;
  /** Backoff before retry n is uniform in [0, min(maxBackoffMs, baseBackoffMs·2ⁿ)) ("full jitter"). @default 10 */
  baseBackoffMs?: number;
  /** Ceiling of the backoff. @default 1000 */
  maxBackoffMs?: number;
  /** Items per query page when walking the chain; bounds the memory of `verifyChain`. @default 500 */
  pageSize?: number;
  /** Waits between retries; tests may pass a faster one. @default setTimeout */
  sleep?: (ms: number) => Promise<void>;
}

/** DynamoDB's limit of items in one TransactWriteItems. */
export const MAX_TRANSACTION_ITEMS = 100;

/** One write of a transaction, as the document client takes it. */
export type TransactWriteItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** A companion write of `appendWith` failed its condition: nothing was written. */
export class CompanionConditionFailed extends Error {
  constructor(cause: unknown) {
    super('a companion write of the audit transaction failed its condition', { cause });
    this.name = 'CompanionConditionFailed';
  }
}

/** A head read ahead of an append (`prefetchHead`) older than this is not used: the chain has likely moved. */
export const PREFETCH_TTL_MS = 2000;

const SUBJECT_INDEX = tables.audit.globalIndexes[0].indexName;
const MAX_LIST_LIMIT = 1000;
const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** `AuditLog` on DynamoDB; see the module comment for the append protocol and its limits. */
export class DynamoAuditLog implements AuditLog {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly clock: Clock;
  private readonly chain: string;
  private readonly maxRetries: number;
  private readonly baseBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly pageSize: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private queue: Promise<unknown> = Promise.resolve();
  /** A head read started by `prefetchHead`, taken by the next append (once). */
  private prefetched: { head: Promise<ChainHead | undefined>; startedAt: number } | undefined;
  /** When this instance last completed a write (`performance.now()`): an older prefetch cannot know it. */
  private lastWriteAt = Number.NEGATIVE_INFINITY;

  constructor(options: DynamoAuditLogOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.clock = options.clock;
    this.chain = options.chain ?? 'main';
    this.maxRetries = options.maxRetries ?? 20;
    this.baseBackoffMs = options.baseBackoffMs ?? 10;
    this.maxBackoffMs = options.maxBackoffMs ?? 1000;
    this.pageSize = options.pageSize ?? 500;
    this.sleep = options.sleep ?? defaultSleep;
  }

  /**
   * Append all inputs as consecutive entries, or none. Rejects personal data before anything is written.
   * Appends through one instance are queued, so a process never races itself (a lost race costs two
   * requests and, on AWS, write capacity); other processes are kept off the seq by the conditional write.
   */
  async append(inputs: AuditInput[]): Promise<AuditEntry[]> {
    return this.appendWith(inputs, []);
  }

  /**
   * `append`, in one transaction with `companions` (other writes, e.g. the case record whose change the
   * entries describe): all are written or none. A failed condition of a companion throws
   * `CompanionConditionFailed` (nothing written); a lost race for the seq is retried as in `append`. At most
   * `MAX_TRANSACTION_ITEMS` items in all.
   */
  async appendWith(inputs: AuditInput[], companions: TransactWriteItem[]): Promise<AuditEntry[]> {
    if (inputs.length === 0 && companions.length === 0) return [];
    if (inputs.length + companions.length > MAX_TRANSACTION_ITEMS)
      throw new RangeError(`a transaction holds at most ${MAX_TRANSACTION_ITEMS} items`);
    for (const input of inputs) assertNoPersonalData(input);
    const appended = this.queue.then(() => this.appendWithRetries(inputs, companions));
    this.queue = appended.catch(() => undefined);
    return appended;
  }

  /**
   * Start reading the chain head for an append that follows shortly, so that the caller can overlap that
   * read with other work (issuance: with storing the licences). The next append takes it, once, if it is
   * younger than `PREFETCH_TTL_MS` and this instance has written nothing since; had another writer extended
   * the chain meanwhile, that append's conditional write fails and is retried with a fresh read, as after
   * any lost race. Settles when the read does; its failure only means the append reads again.
   */
  prefetchHead(): Promise<void> {
    const head = this.readHead();
    this.prefetched = { head, startedAt: performance.now() };
    return head.then(
      () => undefined,
      () => undefined,
    );
  }

  /** The head the first attempt of an append extends: the prefetched one when still usable, else read now. */
  private async headForFirstAttempt(): Promise<ChainHead | undefined> {
    const prefetched = this.prefetched;
    this.prefetched = undefined;
    const usable =
      prefetched !== undefined &&
      prefetched.startedAt > this.lastWriteAt &&
      performance.now() - prefetched.startedAt < PREFETCH_TTL_MS;
    if (usable) {
      try {
        return await prefetched.head;
      } catch {
        // Read again below.
      }
    }
    return this.readHead();
  }

  // A write whose success was lost in transit (the SDK sent it again and met its own item) is recognised
  // by its `writeId` and not appended twice.
  private async appendWithRetries(
    inputs: AuditInput[],
    companions: TransactWriteItem[],
  ): Promise<AuditEntry[]> {
    for (let attempt = 0; ; attempt++) {
      const head = () => (attempt === 0 ? this.headForFirstAttempt() : this.readHead());
      const entries = inputs.length > 0 ? extendChain(await head(), inputs, this.clock.now()) : [];
      const writeId = randomUUID();
      try {
        await this.write(entries, writeId, companions);
        this.lastWriteAt = performance.now();
        return entries;
      } catch (error) {
        if (companionFailed(error, companions.length)) {
          // Sent again by the SDK after a lost response, the transaction may have met its own first write.
          if (sentMoreThanOnce(error) && entries[0] && (await this.wasWrittenBy(entries[0].seq, writeId)))
            return entries;
          throw new CompanionConditionFailed(error);
        }
        if (!isLostRace(error)) throw error;
        if (sentMoreThanOnce(error) && (await this.wasWrittenBy(entries[0]?.seq ?? 0, writeId)))
          return entries;
        if (attempt >= this.maxRetries) throw new AuditContentionError(attempt + 1, error);
        const ceiling = Math.min(this.maxBackoffMs, this.baseBackoffMs * 2 ** attempt);
        // Jitter only spreads contending writers apart; it needs no cryptographic randomness.
        await this.sleep(Math.random() * ceiling);
      }
    }
  }

  /** A subject's entries in ascending seq, at most `limit` (default and maximum 1000). */
  async listBySubject(subject: string, options: { limit?: number } = {}): Promise<AuditEntry[]> {
    const limit = Math.min(options.limit ?? MAX_LIST_LIMIT, MAX_LIST_LIMIT);
    // A global index cannot be read consistently: an entry appended a moment ago may not be listed yet.
    const items = await this.collect(
      {
        IndexName: SUBJECT_INDEX,
        KeyConditionExpression: '#subject = :subject',
        // The index spans every chain of the table; list this chain's entries only.
        FilterExpression: '#chain = :chain',
        ExpressionAttributeNames: { '#subject': 'subject', '#chain': 'chain' },
        ExpressionAttributeValues: { ':subject': subject, ':chain': this.chain },
      },
      limit,
    );
    return items.map(requireEntry);
  }

  /** Up to `limit` entries with seq ≥ `fromSeq`, ascending, read consistently. */
  async listRange(fromSeq: number, limit: number): Promise<AuditEntry[]> {
    const items = await this.collect(
      {
        KeyConditionExpression: '#chain = :chain AND #seq >= :from',
        ExpressionAttributeNames: { '#chain': 'chain', '#seq': 'seq' },
        ExpressionAttributeValues: { ':chain': this.chain, ':from': fromSeq },
        ConsistentRead: true,
      },
      limit,
    );
    return items.map(requireEntry);
  }

  /** The last entry's seq and stored hash, read consistently. */
  async head(): Promise<{ seq: number; hash: string } | undefined> {
    const head = await this.readHead();
    return head && { seq: head.seq, hash: head.hash };
  }

  /**
   * Walk the whole chain page by page (memory bounded by `pageSize`) and report the first break; `verifier`
   * (e.g. one anchored at the signed checkpoints) replaces the plain hash-chain verifier.
   */
  async verifyChain(verifier: ChainSink = createChainVerifier()): Promise<ChainVerification> {
    const query = {
      KeyConditionExpression: '#chain = :chain',
      ExpressionAttributeNames: { '#chain': 'chain' },
      ExpressionAttributeValues: { ':chain': this.chain },
      ConsistentRead: true,
      Limit: this.pageSize,
    };
    for await (const page of this.pages(query)) {
      for (const item of page) {
        const entry = toEntry(item);
        if (entry) verifier.push(entry);
        else verifier.pushMalformed(Number(item.seq), typeof item.hash === 'string' ? item.hash : '');
      }
    }
    return verifier.result();
  }

  private async readHead(): Promise<ChainHead | undefined> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: '#chain = :chain',
        ExpressionAttributeNames: { '#chain': 'chain' },
        ExpressionAttributeValues: { ':chain': this.chain },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    const item = out.Items?.[0];
    if (!item) return undefined;
    // A tampered head must not stop the audit trail: extend it as stored; verification reports the damage.
    return {
      seq: Number(item.seq),
      hash: typeof item.hash === 'string' ? item.hash : '',
      at: typeof item.at === 'string' ? item.at : '',
    };
  }

  private async write(
    entries: AuditEntry[],
    writeId: string,
    companions: TransactWriteItem[],
  ): Promise<void> {
    // The condition is on the item's own key: it fails exactly when another writer already took this seq.
    const put = (entry: AuditEntry) => ({
      TableName: this.tableName,
      Item: toItem(this.chain, entry, writeId),
      ConditionExpression: 'attribute_not_exists(#seq)',
      ExpressionAttributeNames: { '#seq': 'seq' },
    });
    const [first] = entries;
    if (entries.length === 1 && first && companions.length === 0) {
      await this.client.send(new PutCommand(put(first)));
      return;
    }
    // The token makes the SDK's own retries of this transaction idempotent for 10 minutes.
    await this.client.send(
      new TransactWriteCommand({
        TransactItems: [...companions, ...entries.map((e) => ({ Put: put(e) }))],
        ClientRequestToken: writeId,
      }),
    );
  }

  private async wasWrittenBy(seq: number, writeId: string): Promise<boolean> {
    const out = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { chain: this.chain, seq }, ConsistentRead: true }),
    );
    return out.Item?.writeId === writeId;
  }

  private async collect(query: Omit<QueryCommandInput, 'TableName'>, limit: number) {
    const items: Record<string, unknown>[] = [];
    if (!Number.isInteger(limit) || limit < 1) return items;
    for await (const page of this.pages({ ...query, Limit: Math.min(limit, this.pageSize) })) {
      items.push(...page.slice(0, limit - items.length));
      if (items.length >= limit) break;
    }
    return items;
  }

  private async *pages(query: Omit<QueryCommandInput, 'TableName'>) {
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.client.send(
        new QueryCommand({ ...query, TableName: this.tableName, ExclusiveStartKey: start }),
      );
      yield (out.Items ?? []) as Record<string, unknown>[];
      start = out.LastEvaluatedKey;
    } while (start);
  }
}

// `details` is stored as its canonical JSON string: DynamoDB's number and empty-value handling can then
// never make the stored entry differ from the one that was hashed.
function toItem(chain: string, entry: AuditEntry, writeId: string): Record<string, unknown> {
  const { details, ...rest } = entry;
  return { chain, ...rest, detailsJson: canonicalJson(details), writeId };
}

function toEntry(item: Record<string, unknown>): AuditEntry | undefined {
  const { seq, at, actor, action, subject, detailsJson, prevHash, hash } = item;
  if (typeof seq !== 'number' || typeof detailsJson !== 'string') return undefined;
  if (typeof at !== 'string' || typeof actor !== 'string' || typeof action !== 'string') return undefined;
  if (typeof subject !== 'string' || typeof prevHash !== 'string' || typeof hash !== 'string')
    return undefined;
  let details: unknown;
  try {
    details = JSON.parse(detailsJson);
  } catch {
    return undefined;
  }
  if (details === null || typeof details !== 'object' || Array.isArray(details)) return undefined;
  return { seq, at, actor, action, subject, details: details as Record<string, unknown>, prevHash, hash };
}

function requireEntry(item: Record<string, unknown>): AuditEntry {
  const entry = toEntry(item);
  // An internal failure (500), not a client error; GET /v1/audit/verification explains it.
  if (!entry) throw new Error(`audit item at seq ${String(item.seq)} is malformed`);
  return entry;
}

// Only a request the SDK sent again (after a timeout or a lost response) can have met its own item; a
// single attempt that failed its condition lost to another writer, which spares a read under contention.
function sentMoreThanOnce(error: unknown): boolean {
  const attempts = (error as { $metadata?: { attempts?: unknown } }).$metadata?.attempts;
  return typeof attempts !== 'number' || attempts > 1;
}

// The first `count` items of the transaction are the companions: did one of their conditions fail?
function companionFailed(error: unknown, count: number): boolean {
  if (count === 0 || (error as { name?: unknown } | null)?.name !== 'TransactionCanceledException')
    return false;
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return reasons.slice(0, count).some((r) => r.Code === 'ConditionalCheckFailed');
}

// Lost races: our seq was taken (conditional check), or a concurrent transaction held the item.
function isLostRace(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'ConditionalCheckFailedException' || name === 'TransactionConflictException') return true;
  if (name !== 'TransactionCanceledException') return false;
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  const raceCodes = new Set(['None', 'ConditionalCheckFailed', 'TransactionConflict']);
  return reasons.length > 0 && reasons.every((r) => raceCodes.has(r.Code ?? 'None'));
}
