/** Ledger and Counters on DynamoDB. */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { CertificateRecord } from '../core/certificates/model.js';
import type { AuditInput } from '../ports/audit-log.js';
import { ConcurrentUpdateError } from '../ports/case-store.js';
import type { Counters, Ledger } from '../ports/ledger.js';
import { compactItem, expandItem } from './compact-item.js';
import { CompanionConditionFailed, type DynamoAuditLog } from './dynamodb-audit-log.js';
import { batchGetAll, queryIndexedItems, queryIndexedPage } from './dynamodb-query.js';
import { ledgerItem } from './dynamodb-status-list-index.js';

/**
 * What a ledger item keeps at its top level (compact-item.ts): its key, the attributes of the conditions
 * below and the keys of the table's indexes; the rest of the record is compacted, so a licence's record
 * stays under 1 KB (1 WRU a write).
 */
const TOP_LEVEL = new Set([
  'certificateId',
  'status',
  'batchId',
  'version',
  'sha256',
  'holderKey',
  'issuedAt',
  'dueQueue',
  'dueAt',
  'statusListKey',
  'statusListIdx',
]);

/**
 * How long before `validUntil` the reminder job first has work on a licence (its earliest reminder, 90 days:
 * core/jobs/expiry-reminders.ts `REMINDER_THRESHOLDS_DAYS`); the `byDue` index lists a licence from then on,
 * so both jobs read the same range, what is due today. Any value finds every licence `listExpiring` asks for
 * (it queries up to its date minus the same days); this one keeps the other job's licences out of the range.
 */
export const EXPIRY_LOOKAHEAD_DAYS = 90;

/** `day` (YYYY-MM-DD) moved by `days`. */
function shiftDay(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, (d ?? 1) + days)).toISOString().slice(0, 10);
}

/**
 * The `byDue` keys of a record (schema.ts): the first day the expiry job (from `validUntil` −
 * EXPIRY_LOOKAHEAD_DAYS, while `expiryQueue` is ACTIVE) or the archive job (from `archiveDue`, while
 * `archiveQueue` is DUE) has work on it; none when neither has. Derived at every write, like the status-list keys.
 */
export function dueKeys(record: CertificateRecord): { dueQueue: 'DUE'; dueAt: string } | undefined {
  const days = [
    ...(record.expiryQueue === 'ACTIVE' && record.validUntil
      ? [shiftDay(record.validUntil.slice(0, 10), -EXPIRY_LOOKAHEAD_DAYS)]
      : []),
    ...(record.archiveQueue === 'DUE' && record.archiveDue ? [record.archiveDue] : []),
  ].sort();
  return days[0] === undefined ? undefined : { dueQueue: 'DUE', dueAt: days[0] };
}

/**
 * A record whose PDF names its id (`namesItself`) is found by id, never by hash: its `sha256` is compacted,
 * so the record has no copy in the `bySha256` index (1 WRU less per licence).
 */
const TOP_LEVEL_NAMED = new Set([...TOP_LEVEL].filter((name) => name !== 'sha256'));

const defaultObjectKey = (certificateId: string) => `licences/${certificateId}.pdf`;

/** The item stored for `record`: index keys derived, compacted, the PDF's key left out when it is the default. */
export function storedLedgerItem(record: CertificateRecord): Record<string, unknown> {
  const { dueQueue: _queue, dueAt: _at, ...rest } = ledgerItem(record);
  const item: Record<string, unknown> = { ...rest, ...dueKeys(record) };
  if (item.objectKey === defaultObjectKey(record.certificateId)) delete item.objectKey;
  return compactItem(item, record.namesItself ? TOP_LEVEL_NAMED : TOP_LEVEL);
}

/** The record a ledger item holds (compacted or not). */
export function ledgerRecord(item: Record<string, unknown>): CertificateRecord {
  const {
    dueQueue: _queue,
    dueAt: _at,
    ...record
  } = expandItem<CertificateRecord & Record<string, unknown>>(item);
  return record.objectKey ? record : { ...record, objectKey: defaultObjectKey(record.certificateId) };
}

export class DynamoLedger implements Ledger {
  readonly #client: DynamoDBDocumentClient;
  readonly #tableName: string;
  readonly #audit: DynamoAuditLog | undefined;

  /** `audit`: the chain that updates with audit entries append to in the same transaction. */
  constructor(options: { client: DynamoDBDocumentClient; tableName: string; audit?: DynamoAuditLog }) {
    this.#client = options.client;
    this.#tableName = options.tableName;
    this.#audit = options.audit;
  }

  async get(certificateId: string): Promise<CertificateRecord | undefined> {
    const out = await this.#client.send(
      new GetCommand({ TableName: this.#tableName, Key: { certificateId }, ConsistentRead: true }),
    );
    return out.Item ? ledgerRecord(out.Item) : undefined;
  }

  async putPending(record: CertificateRecord, options: { ifAbsent?: boolean } = {}): Promise<void> {
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#tableName,
          Item: storedLedgerItem(record),
          // A resumed issuance may rewrite its own pending record, nothing else.
          ...(options.ifAbsent
            ? { ConditionExpression: 'attribute_not_exists(certificateId)' }
            : {
                ConditionExpression:
                  'attribute_not_exists(certificateId) OR (#s = :pending AND batchId = :batch)',
                ExpressionAttributeNames: { '#s': 'status' },
                ExpressionAttributeValues: { ':pending': 'PENDING', ':batch': record.batchId },
              }),
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException)
        throw new ConcurrentUpdateError(record.certificateId);
      throw error;
    }
  }

  async activate(certificateId: string, batchId: string): Promise<void> {
    try {
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#tableName,
          Key: { certificateId },
          UpdateExpression: 'SET #s = :valid, version = version + :one',
          ConditionExpression: '#s = :pending AND batchId = :batch',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: {
            ':valid': 'VALID',
            ':pending': 'PENDING',
            ':batch': batchId,
            ':one': 1,
          },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      // Already activated (or changed since): activation is idempotent.
    }
  }

  async update(record: CertificateRecord, audit: AuditInput[] = []): Promise<void> {
    const put = {
      TableName: this.#tableName,
      Item: storedLedgerItem(record),
      ConditionExpression: 'version = :expected',
      ExpressionAttributeValues: { ':expected': record.version - 1 },
    };
    try {
      if (audit.length === 0) await this.#client.send(new PutCommand(put));
      else if (!this.#audit) throw new Error('DynamoLedger: no audit log to append the update to');
      else await this.#audit.appendWith(audit, [{ Put: put }]);
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException || error instanceof CompanionConditionFailed)
        throw new ConcurrentUpdateError(record.certificateId);
      throw error;
    }
  }

  /** The `byDue` index from `validUntil` − EXPIRY_LOOKAHEAD_DAYS; the licences the archive job waits for left out. */
  async listExpiring(validUntilOnOrBefore: string): Promise<CertificateRecord[]> {
    const items = await queryIndexedItems<Record<string, unknown>>(
      this.#client,
      {
        TableName: this.#tableName,
        IndexName: 'byDue',
        KeyConditionExpression: 'dueQueue = :due AND dueAt <= :until',
        ExpressionAttributeValues: {
          ':due': 'DUE',
          ':until': shiftDay(validUntilOnOrBefore.slice(0, 10), -EXPIRY_LOOKAHEAD_DAYS),
        },
      },
      'certificateId',
    );
    return items
      .map((item) => ledgerRecord(item))
      .filter((r) => r.expiryQueue === 'ACTIVE' && r.validUntil <= validUntilOnOrBefore)
      .sort((a, b) => a.validUntil.localeCompare(b.validUntil));
  }

  /**
   * The `byDue` index up to `dueOnOrBefore`, page by page until `limit` licences of the archive queue are
   * found: the licences due only for a reminder share the range and are skipped (read, not returned).
   */
  async listArchiveDue(dueOnOrBefore: string, limit: number): Promise<CertificateRecord[]> {
    const found: CertificateRecord[] = [];
    let position: string | undefined;
    do {
      const page = await queryIndexedPage<Record<string, unknown>>(
        this.#client,
        {
          TableName: this.#tableName,
          IndexName: 'byDue',
          KeyConditionExpression: 'dueQueue = :due AND dueAt <= :until',
          ExpressionAttributeValues: { ':due': 'DUE', ':until': dueOnOrBefore },
        },
        'certificateId',
        {
          limit: Math.max(limit, 100),
          ...(position ? { position } : {}),
          partition: { dueQueue: 'DUE' },
          keyNames: ['dueQueue', 'dueAt', 'certificateId'],
        },
      );
      for (const record of page.items.map((item) => ledgerRecord(item)))
        if (record.archiveQueue === 'DUE' && (record.archiveDue ?? '') <= dueOnOrBefore) found.push(record);
      position = page.position;
    } while (position && found.length < limit);
    return found.sort((a, b) => (a.archiveDue ?? '').localeCompare(b.archiveDue ?? '')).slice(0, limit);
  }

  async findBySha256(sha256: string): Promise<CertificateRecord | undefined> {
    const out = await this.#client.send(
      new QueryCommand({
        TableName: this.#tableName,
        IndexName: 'bySha256',
        KeyConditionExpression: 'sha256 = :h',
        ExpressionAttributeValues: { ':h': sha256 },
        Limit: 1,
      }),
    );
    // The index is eventually consistent: re-read the record itself for its current status.
    const hit = out.Items?.[0] as CertificateRecord | undefined;
    return hit ? this.get(hit.certificateId) : undefined;
  }

  /** The `byHolder` index (KEYS_ONLY), newest `issuedAt` first; the records read consistently. */
  async listByHolder(
    holderKey: string,
    page: { limit: number; cursor?: string },
  ): Promise<{ records: CertificateRecord[]; nextCursor?: string }> {
    const { items, position } = await queryIndexedPage<CertificateRecord>(
      this.#client,
      {
        TableName: this.#tableName,
        IndexName: 'byHolder',
        KeyConditionExpression: 'holderKey = :h',
        ExpressionAttributeValues: { ':h': holderKey },
        ScanIndexForward: false,
      },
      'certificateId',
      {
        limit: page.limit,
        ...(page.cursor !== undefined ? { position: page.cursor } : {}),
        partition: { holderKey },
        keyNames: ['holderKey', 'issuedAt', 'certificateId'],
      },
      (r) => r.holderKey === holderKey,
    );
    return {
      records: items.map((item) => ledgerRecord(item as unknown as Record<string, unknown>)),
      ...(position ? { nextCursor: position } : {}),
    };
  }
}

export class DynamoCounters implements Counters {
  readonly #client: DynamoDBDocumentClient;
  readonly #tableName: string;

  constructor(options: { client: DynamoDBDocumentClient; tableName: string }) {
    this.#client = options.client;
    this.#tableName = options.tableName;
  }

  async reserve(name: string, count: number, claim?: string): Promise<number> {
    if (claim === undefined) {
      // One atomic ADD: concurrent reservations get disjoint blocks.
      const out = await this.#client.send(
        new UpdateCommand({
          TableName: this.#tableName,
          Key: { name },
          UpdateExpression: 'ADD #v :n',
          ExpressionAttributeNames: { '#v': 'value' },
          ExpressionAttributeValues: { ':n': count },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return Number(out.Attributes?.value) - count + 1;
    }
    return this.#reserveClaimed(name, count, claim);
  }

  /**
   * One atomic update that also records who took the block and where it began (operands of an update
   * expression read the item as it was before it, so `lastBase` is the value before the addition). The
   * condition makes a repeat of the latest claim — the SDK's own retry after a timeout, or the caller's
   * after a lost reply — fail instead of taking a second block; the block it made is then returned.
   */
  async #reserveClaimed(name: string, count: number, claim: string): Promise<number> {
    try {
      const out = await this.#client.send(
        new UpdateCommand({
          TableName: this.#tableName,
          Key: { name },
          UpdateExpression:
            'SET #v = if_not_exists(#v, :zero) + :n, #base = if_not_exists(#v, :zero), #claim = :claim',
          ConditionExpression: 'attribute_not_exists(#claim) OR #claim <> :claim',
          ExpressionAttributeNames: { '#v': 'value', '#base': 'lastBase', '#claim': 'lastClaim' },
          ExpressionAttributeValues: { ':n': count, ':zero': 0, ':claim': claim },
          ReturnValues: 'UPDATED_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return Number(out.Attributes?.lastBase) + 1;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      // The latest block is this claim's. DynamoDB returns the item with the failure (raw attribute values);
      // dynalite does not, so read it (a reservation by someone else in between would show: then unknown).
      const old = error.Item;
      const item = old?.lastClaim?.S
        ? { lastClaim: old.lastClaim.S, lastBase: Number(old.lastBase?.N) }
        : (
            await this.#client.send(
              new GetCommand({ TableName: this.#tableName, Key: { name }, ConsistentRead: true }),
            )
          ).Item;
      if (item?.lastClaim !== claim) throw error;
      return Number(item.lastBase) + 1;
    }
  }

  async add(deltas: Record<string, number>): Promise<void> {
    await Promise.all(
      Object.entries(deltas)
        .filter(([, delta]) => delta !== 0)
        .map(([name, delta]) =>
          this.#client.send(
            new UpdateCommand({
              TableName: this.#tableName,
              Key: { name },
              UpdateExpression: 'ADD #v :n',
              ExpressionAttributeNames: { '#v': 'value' },
              ExpressionAttributeValues: { ':n': delta },
            }),
          ),
        ),
    );
  }

  async read(names: string[]): Promise<Record<string, number>> {
    const values: Record<string, number> = Object.fromEntries(names.map((n) => [n, 0]));
    const items = await batchGetAll(
      this.#client,
      this.#tableName,
      names.map((name) => ({ name })),
    );
    for (const item of items) values[String(item.name)] = Number(item.value ?? 0);
    return values;
  }
}
