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
  'expiryQueue',
  'validUntil',
  'archiveQueue',
  'archiveDue',
  'statusListKey',
  'statusListIdx',
]);

/**
 * A record whose PDF names its id (`namesItself`) is found by id, never by hash: its `sha256` is compacted,
 * so the record has no copy in the `bySha256` index (1 WRU less per licence).
 */
const TOP_LEVEL_NAMED = new Set([...TOP_LEVEL].filter((name) => name !== 'sha256'));

const defaultObjectKey = (certificateId: string) => `licences/${certificateId}.pdf`;

/** The item stored for `record`: index keys derived, compacted, the PDF's key left out when it is the default. */
export function storedLedgerItem(record: CertificateRecord): Record<string, unknown> {
  const item = ledgerItem(record);
  if (item.objectKey === defaultObjectKey(record.certificateId)) delete item.objectKey;
  return compactItem(item, record.namesItself ? TOP_LEVEL_NAMED : TOP_LEVEL);
}

/** The record a ledger item holds (compacted or not). */
export function ledgerRecord(item: Record<string, unknown>): CertificateRecord {
  const record = expandItem<CertificateRecord>(item);
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

  async listExpiring(validUntilOnOrBefore: string): Promise<CertificateRecord[]> {
    const items = await queryIndexedItems<CertificateRecord>(
      this.#client,
      {
        TableName: this.#tableName,
        IndexName: 'byExpiry',
        KeyConditionExpression: 'expiryQueue = :active AND validUntil <= :until',
        ExpressionAttributeValues: { ':active': 'ACTIVE', ':until': validUntilOnOrBefore },
      },
      'certificateId',
      (r) => r.expiryQueue === 'ACTIVE' && r.validUntil <= validUntilOnOrBefore,
    );
    return items.map((item) => ledgerRecord(item as unknown as Record<string, unknown>));
  }

  async listArchiveDue(dueOnOrBefore: string, limit: number): Promise<CertificateRecord[]> {
    // One page: a run takes the soonest due; those it handles move on in the index, the rest come next run.
    const page = await queryIndexedPage<CertificateRecord>(
      this.#client,
      {
        TableName: this.#tableName,
        IndexName: 'byArchiveDue',
        KeyConditionExpression: 'archiveQueue = :due AND archiveDue <= :until',
        ExpressionAttributeValues: { ':due': 'DUE', ':until': dueOnOrBefore },
      },
      'certificateId',
      {
        limit,
        partition: { archiveQueue: 'DUE' },
        keyNames: ['archiveQueue', 'archiveDue', 'certificateId'],
      },
      (r) => r.archiveQueue === 'DUE' && (r.archiveDue ?? '') <= dueOnOrBefore,
    );
    return page.items.map((item) => ledgerRecord(item as unknown as Record<string, unknown>));
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
