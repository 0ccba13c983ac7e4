/**
 * Webhook registrations, the delivery log and the local event cursor on DynamoDB (tables `webhooks`,
 * `webhookDeliveries`; the cursor is a named item of `counters`). Every write is conditional, so repeated
 * routing and racing attempts change nothing twice.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { DeliveryRecord, WebhookRegistration } from '../core/webhooks/model.js';
import { ConcurrentUpdateError } from '../ports/case-store.js';
import type { Clock } from '../ports/clock.js';
import type { DeliveryStore, EventCursor, WebhookStore } from '../ports/webhooks.js';
import { batchGetAll } from './dynamodb-query.js';

const conditionFailed = (error: unknown) => error instanceof ConditionalCheckFailedException;

export class DynamoWebhookStore implements WebhookStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #tableName: string;

  constructor(options: { client: DynamoDBDocumentClient; tableName: string }) {
    this.#client = options.client;
    this.#tableName = options.tableName;
  }

  async get(clientId: string): Promise<WebhookRegistration | undefined> {
    const out = await this.#client.send(
      new GetCommand({ TableName: this.#tableName, Key: { clientId }, ConsistentRead: true }),
    );
    return out.Item as WebhookRegistration | undefined;
  }

  async put(registration: WebhookRegistration): Promise<void> {
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#tableName,
          Item: registration,
          ConditionExpression:
            registration.version === 1 ? 'attribute_not_exists(clientId)' : '#v = :expected',
          ...(registration.version === 1
            ? {}
            : {
                ExpressionAttributeNames: { '#v': 'version' },
                ExpressionAttributeValues: { ':expected': registration.version - 1 },
              }),
        }),
      );
    } catch (error) {
      if (conditionFailed(error)) throw new ConcurrentUpdateError(registration.clientId);
      throw error;
    }
  }
}

export class DynamoDeliveryStore implements DeliveryStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #tableName: string;
  readonly #clock: Clock;

  /** `clock`: what "expired" is measured against (the runtime's clock, which a local NOW may set). */
  constructor(options: { client: DynamoDBDocumentClient; tableName: string; clock: Clock }) {
    this.#client = options.client;
    this.#tableName = options.tableName;
    this.#clock = options.clock;
  }

  async create(record: DeliveryRecord): Promise<DeliveryRecord> {
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#tableName,
          Item: record,
          ConditionExpression: 'attribute_not_exists(deliveryKey)',
        }),
      );
      return record;
    } catch (error) {
      if (!conditionFailed(error)) throw error;
      return (await this.get(record.clientId, record.deliveryKey)) ?? record;
    }
  }

  async get(clientId: string, deliveryKey: string): Promise<DeliveryRecord | undefined> {
    const out = await this.#client.send(
      new GetCommand({ TableName: this.#tableName, Key: { clientId, deliveryKey }, ConsistentRead: true }),
    );
    return out.Item as DeliveryRecord | undefined;
  }

  async recordAttempt(record: DeliveryRecord, expectedAttempts: number): Promise<boolean> {
    return this.#replace(record, expectedAttempts, 'PENDING');
  }

  async reopen(record: DeliveryRecord, expectedAttempts: number): Promise<boolean> {
    return this.#replace(record, expectedAttempts, 'FAILED');
  }

  async #replace(
    record: DeliveryRecord,
    expectedAttempts: number,
    expectedStatus: DeliveryRecord['status'],
  ): Promise<boolean> {
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#tableName,
          Item: record,
          ConditionExpression: 'attempts = :expected AND #s = :status',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':expected': expectedAttempts, ':status': expectedStatus },
        }),
      );
      return true;
    } catch (error) {
      if (conditionFailed(error)) return false;
      throw error;
    }
  }

  async listRecent(clientId: string, limit: number): Promise<DeliveryRecord[]> {
    const now = Math.floor(this.#clock.now().getTime() / 1000);
    const out = await this.#client.send(
      new QueryCommand({
        TableName: this.#tableName,
        KeyConditionExpression: 'clientId = :c',
        ExpressionAttributeValues: { ':c': clientId },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    // TTL deletes lazily (and never locally): an expired entry is gone as far as readers go.
    return ((out.Items ?? []) as DeliveryRecord[]).filter((r) => r.expiresAtEpoch > now);
  }

  async listDue(now: string, limit: number): Promise<DeliveryRecord[]> {
    const out = await this.#client.send(
      new QueryCommand({
        TableName: this.#tableName,
        IndexName: 'byDue',
        KeyConditionExpression: 'dueQueue = :due AND nextAttemptAt <= :now',
        ExpressionAttributeValues: { ':due': 'DUE', ':now': now },
        Limit: limit,
      }),
    );
    const keys = (out.Items ?? []).map((i) => ({ clientId: i.clientId, deliveryKey: i.deliveryKey }));
    if (keys.length === 0) return [];
    // The index lags: read the items themselves and keep those still due.
    const items = (await batchGetAll(this.#client, this.#tableName, keys)) as unknown as DeliveryRecord[];
    return items
      .filter((r) => r.status === 'PENDING' && r.nextAttemptAt !== undefined && r.nextAttemptAt <= now)
      .sort((a, b) => (a.nextAttemptAt ?? '').localeCompare(b.nextAttemptAt ?? ''));
  }
}

/** The audit seq the local delivery loop has routed up to: one item of the counters table. */
export class DynamoEventCursor implements EventCursor {
  readonly #client: DynamoDBDocumentClient;
  readonly #tableName: string;
  readonly #name: string;

  constructor(options: { client: DynamoDBDocumentClient; tableName: string; name?: string }) {
    this.#client = options.client;
    this.#tableName = options.tableName;
    this.#name = options.name ?? 'events:webhooks:cursor';
  }

  async read(): Promise<number> {
    const out = await this.#client.send(
      new GetCommand({ TableName: this.#tableName, Key: { name: this.#name }, ConsistentRead: true }),
    );
    return Number(out.Item?.value ?? 0);
  }

  async advance(from: number, to: number): Promise<boolean> {
    try {
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#tableName,
          Key: { name: this.#name },
          UpdateExpression: 'SET #v = :to',
          ConditionExpression: from === 0 ? 'attribute_not_exists(#v) OR #v = :from' : '#v = :from',
          ExpressionAttributeNames: { '#v': 'value' },
          ExpressionAttributeValues: { ':to': to, ':from': from },
        }),
      );
      return true;
    } catch (error) {
      if (conditionFailed(error)) return false;
      throw error;
    }
  }
}
