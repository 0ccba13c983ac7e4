/**
 * CaseStore on DynamoDB: one item per case, optimistic locking with a conditional put on `version`. An update
 * with audit entries is one transaction with them (the audit chain's append protocol, `DynamoAuditLog`).
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { CaseRecord } from '../core/cases/model.js';
import type { CertificateRecord } from '../core/certificates/model.js';
import type { AuditInput } from '../ports/audit-log.js';
import {
  type CaseStore,
  type CaseUpdateCompanions,
  ConcurrentUpdateError,
  MAX_AUDIT_ENTRIES_PER_UPDATE,
} from '../ports/case-store.js';
import { compactItem, expandItem } from './compact-item.js';
import { CompanionConditionFailed, type DynamoAuditLog } from './dynamodb-audit-log.js';
import { storedLedgerItem } from './dynamodb-ledger.js';
import { queryIndexedItems, queryIndexedPage } from './dynamodb-query.js';

/**
 * What a case item keeps at its top level (compact-item.ts): its key, `version` (the optimistic lock's
 * condition) and the keys of the table's indexes; the form, materials, decisions and issuance batch are
 * compacted — a case is written at every step and, inside a transaction, billed twice per started KB.
 */
const TOP_LEVEL = new Set([
  'caseId',
  'version',
  'clientId',
  'createdAt',
  'serviceItemCode',
  'slaQueue',
  'dueAt',
  'provisionalQueue',
  'preparingQueue',
  'preparingSince',
]);

/** The item stored for a case. */
export const storedCaseItem = (record: CaseRecord) =>
  compactItem(record as unknown as Record<string, unknown>, TOP_LEVEL);

/** The case an item holds (compacted or not). */
export const caseRecord = (item: Record<string, unknown>) => expandItem<CaseRecord>(item);

export interface DynamoCaseStoreOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** The audit chain that updates append to in the same transaction. */
  audit: DynamoAuditLog;
  /** The ledger table, for the records an issuance commit writes with the case (`CaseUpdateCompanions`). */
  ledgerTableName?: string;
}

export class DynamoCaseStore implements CaseStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #tableName: string;
  readonly #audit: DynamoAuditLog;
  readonly #ledgerTableName: string | undefined;

  constructor(options: DynamoCaseStoreOptions) {
    this.#client = options.client;
    this.#tableName = options.tableName;
    this.#audit = options.audit;
    this.#ledgerTableName = options.ledgerTableName;
  }

  async get(caseId: string): Promise<CaseRecord | undefined> {
    const out = await this.#client.send(
      new GetCommand({ TableName: this.#tableName, Key: { caseId }, ConsistentRead: true }),
    );
    return out.Item ? caseRecord(out.Item) : undefined;
  }

  async create(record: CaseRecord): Promise<void> {
    await this.#put(record, 'attribute_not_exists(caseId)', {});
  }

  async update(
    record: CaseRecord,
    audit: AuditInput[] = [],
    companions: CaseUpdateCompanions = {},
  ): Promise<void> {
    const expected = { ':expected': record.version - 1 };
    const ledger = this.#ledgerPuts(companions.ledger ?? []);
    if (audit.length === 0 && ledger.length === 0) return this.#put(record, '#version = :expected', expected);
    if (audit.length + ledger.length > MAX_AUDIT_ENTRIES_PER_UPDATE) {
      if (ledger.length > 0) throw new Error('DynamoCaseStore: ledger records beyond one transaction');
      // Beyond one transaction (never for a case transition; a batch of ~100 licences): write, then append.
      await this.#put(record, '#version = :expected', expected);
      await this.#audit.append(audit);
      return;
    }
    const put = {
      TableName: this.#tableName,
      Item: storedCaseItem(record),
      ConditionExpression: '#version = :expected',
      ExpressionAttributeNames: { '#version': 'version' },
      ExpressionAttributeValues: expected,
    };
    try {
      await this.#audit.appendWith(audit, [{ Put: put }, ...ledger]);
    } catch (error) {
      // The case's version or a ledger record's condition: either way the case changed since it was read.
      if (error instanceof CompanionConditionFailed) throw new ConcurrentUpdateError(record.caseId);
      throw error;
    }
  }

  /** The ledger records' puts: only where no record is, or over a PENDING record of the same batch. */
  #ledgerPuts(records: CertificateRecord[]) {
    if (records.length > 0 && !this.#ledgerTableName)
      throw new Error('DynamoCaseStore: no ledger table for the records of the update');
    return records.map((r) => ({
      Put: {
        TableName: this.#ledgerTableName as string,
        Item: storedLedgerItem(r),
        ConditionExpression: 'attribute_not_exists(certificateId) OR (#s = :pending AND batchId = :batch)',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':pending': 'PENDING', ':batch': r.batchId },
      },
    }));
  }

  /** Reads the audit chain's head ahead of the update (see `DynamoAuditLog.prefetchHead`). */
  prepareUpdate(): Promise<void> {
    return this.#audit.prefetchHead();
  }

  async listAwaitingDecision(dueAtOrBefore: string): Promise<CaseRecord[]> {
    const items = await queryIndexedItems<CaseRecord>(
      this.#client,
      {
        TableName: this.#tableName,
        IndexName: 'bySla',
        KeyConditionExpression: 'slaQueue = :open AND dueAt <= :due',
        ExpressionAttributeValues: { ':open': 'OPEN', ':due': dueAtOrBefore },
      },
      'caseId',
      (c) => c.slaQueue === 'OPEN' && c.dueAt !== undefined && c.dueAt <= dueAtOrBefore,
    );
    return items.map((item) => caseRecord(item as unknown as Record<string, unknown>));
  }

  async listProvisionalDeadlines(): Promise<CaseRecord[]> {
    const items = await queryIndexedItems<CaseRecord>(
      this.#client,
      {
        TableName: this.#tableName,
        IndexName: 'byProvisionalDue',
        KeyConditionExpression: 'provisionalQueue = :provisional',
        ExpressionAttributeValues: { ':provisional': 'PROVISIONAL' },
      },
      'caseId',
      (c) => c.provisionalQueue === 'PROVISIONAL',
    );
    return items.map((item) => caseRecord(item as unknown as Record<string, unknown>));
  }

  async listPreparingBatches(before: string): Promise<CaseRecord[]> {
    const items = await queryIndexedItems<CaseRecord>(
      this.#client,
      {
        TableName: this.#tableName,
        IndexName: 'byPreparingBatch',
        KeyConditionExpression: 'preparingQueue = :preparing AND preparingSince <= :before',
        ExpressionAttributeValues: { ':preparing': 'PREPARING', ':before': before },
      },
      'caseId',
      (c) => c.preparingQueue === 'PREPARING' && c.preparingSince !== undefined && c.preparingSince <= before,
    );
    return items.map((item) => caseRecord(item as unknown as Record<string, unknown>));
  }

  /** The `byClient` index (KEYS_ONLY), newest `createdAt` first; the cases read consistently. */
  async listByClient(
    clientId: string,
    page: { limit: number; cursor?: string },
  ): Promise<{ records: CaseRecord[]; nextCursor?: string }> {
    const { items, position } = await queryIndexedPage<CaseRecord>(
      this.#client,
      {
        TableName: this.#tableName,
        IndexName: 'byClient',
        KeyConditionExpression: 'clientId = :c',
        ExpressionAttributeValues: { ':c': clientId },
        ScanIndexForward: false,
      },
      'caseId',
      {
        limit: page.limit,
        ...(page.cursor !== undefined ? { position: page.cursor } : {}),
        partition: { clientId },
        keyNames: ['clientId', 'createdAt', 'caseId'],
      },
      (c) => c.clientId === clientId,
    );
    return {
      records: items.map((item) => caseRecord(item as unknown as Record<string, unknown>)),
      ...(position ? { nextCursor: position } : {}),
    };
  }

  async #put(record: CaseRecord, condition: string, values: Record<string, unknown>): Promise<void> {
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#tableName,
          Item: storedCaseItem(record),
          ConditionExpression: condition,
          ...(Object.keys(values).length > 0
            ? { ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: values }
            : {}),
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new ConcurrentUpdateError(record.caseId);
      throw error;
    }
  }
}
