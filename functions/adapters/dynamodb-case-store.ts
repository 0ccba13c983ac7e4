/** CaseStore on DynamoDB: one item per case, optimistic locking with a conditional put on `version`. */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { CaseRecord } from '../core/cases/model.js';
import { type CaseStore, ConcurrentUpdateError } from '../ports/case-store.js';
import { queryAll } from './dynamodb-query.js';

export interface DynamoCaseStoreOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
}

export class DynamoCaseStore implements CaseStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #tableName: string;

  constructor(options: DynamoCaseStoreOptions) {
    this.#client = options.client;
    this.#tableName = options.tableName;
  }

  async get(caseId: string): Promise<CaseRecord | undefined> {
    const out = await this.#client.send(
      new GetCommand({ TableName: this.#tableName, Key: { caseId }, ConsistentRead: true }),
    );
    return out.Item as CaseRecord | undefined;
  }

  async create(record: CaseRecord): Promise<void> {
    await this.#put(record, 'attribute_not_exists(caseId)', {});
  }

  async update(record: CaseRecord): Promise<void> {
    await this.#put(record, '#version = :expected', { ':expected': record.version - 1 });
  }

  async listAwaitingDecision(dueAtOrBefore: string): Promise<CaseRecord[]> {
    return queryAll<CaseRecord>(this.#client, {
      TableName: this.#tableName,
      IndexName: 'bySla',
      KeyConditionExpression: 'slaQueue = :open AND dueAt <= :due',
      ExpressionAttributeValues: { ':open': 'OPEN', ':due': dueAtOrBefore },
    });
  }

  async #put(record: CaseRecord, condition: string, values: Record<string, unknown>): Promise<void> {
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#tableName,
          Item: record,
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
