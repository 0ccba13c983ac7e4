/**
 * ProgressSmsLog on DynamoDB: one item per event in the idempotency table (`tables.idempotency`, pk `id`,
 * TTL `expiresAtEpoch`) — it is an idempotency record, of an event instead of a request. The id
 * `sms:progress#<eventId>` cannot meet a request's record (`<encodeURIComponent(clientId)>#<key>`: an encoded
 * client id never holds `:`).
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { ProgressSmsLog, ProgressSmsRecord } from '../ports/progress-sms-log.js';

const idOf = (eventId: string) => `sms:progress#${eventId}`;
const conditionFailed = (error: unknown) => error instanceof ConditionalCheckFailedException;

export class DynamoProgressSmsLog implements ProgressSmsLog {
  readonly #client: DynamoDBDocumentClient;
  readonly #tableName: string;

  constructor(options: { client: DynamoDBDocumentClient; tableName: string }) {
    this.#client = options.client;
    this.#tableName = options.tableName;
  }

  async claim(
    record: ProgressSmsRecord,
  ): Promise<{ claimed: true } | { claimed: false; existing: ProgressSmsRecord }> {
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#tableName,
          Item: { id: idOf(record.eventId), ...record },
          ConditionExpression: 'attribute_not_exists(id)',
        }),
      );
      return { claimed: true };
    } catch (error) {
      if (!conditionFailed(error)) throw error;
    }
    const out = await this.#client.send(
      new GetCommand({ TableName: this.#tableName, Key: { id: idOf(record.eventId) }, ConsistentRead: true }),
    );
    // Released between our put and this read: the caller's next attempt claims it.
    if (!out.Item) return { claimed: false, existing: { ...record, status: 'SENDING' } };
    const { id: _id, ...existing } = out.Item;
    return { claimed: false, existing: existing as ProgressSmsRecord };
  }

  async complete(eventId: string, claimToken: string, sent: { messageId: string; sentAt: string }) {
    await this.#update(eventId, 'SET #s = :sent, messageId = :m, sentAt = :at', 'claimToken = :t', {
      ':sent': 'SENT',
      ':m': sent.messageId,
      ':at': sent.sentAt,
      ':t': claimToken,
    });
  }

  async release(eventId: string, claimToken: string): Promise<void> {
    try {
      await this.#client.send(
        new DeleteCommand({
          TableName: this.#tableName,
          Key: { id: idOf(eventId) },
          // Only a claim still ours and still unsent: a SENT record is never given back.
          ConditionExpression: 'claimToken = :t AND #s = :sending',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':t': claimToken, ':sending': 'SENDING' },
        }),
      );
    } catch (error) {
      if (!conditionFailed(error)) throw error;
    }
  }

  async markAudited(eventId: string): Promise<void> {
    await this.#update(eventId, 'SET audited = :yes', 'attribute_exists(id)', { ':yes': true });
  }

  async #update(eventId: string, update: string, condition: string, values: Record<string, unknown>) {
    try {
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#tableName,
          Key: { id: idOf(eventId) },
          UpdateExpression: update,
          ConditionExpression: condition,
          ...(update.includes('#s') ? { ExpressionAttributeNames: { '#s': 'status' } } : {}),
          ExpressionAttributeValues: values,
        }),
      );
    } catch (error) {
      // The claim was taken over or given back meanwhile: nothing of ours to record.
      if (!conditionFailed(error)) throw error;
    }
  }
}
