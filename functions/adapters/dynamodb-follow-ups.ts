/**
 * Case follow-ups and pledge bars on DynamoDB (table `caseFollowUps`): a queue entry is the item
 * `{queue, entryKey: "{at}#{caseId}"}`, so a queue reads in due order with one key condition; a bar is the item
 * `{queue: "PLEDGE_BAR#{holderKey}", entryKey: serviceItemCode}` with a TTL a day after it ends (DynamoDB
 * deletes lazily, so `get` checks the end itself).
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import type { CaseFollowUps, FollowUpEntry, PledgeBar, PledgeBars } from '../ports/follow-ups.js';

const entryKeyOf = (entry: FollowUpEntry) => `${entry.at}#${entry.caseId}`;
const barQueue = (holderKey: string) => `PLEDGE_BAR#${holderKey}`;
/** A cursor is the last entry key read: an ISO instant, `#`, a case id. */
const cursorPattern = /^\d{4}-\d{2}-\d{2}T[\d:.]+Z#[A-Z]+-[0-9A-Z]{1,40}$/;

export class DynamoCaseFollowUps implements CaseFollowUps, PledgeBars {
  readonly #client: DynamoDBDocumentClient;
  readonly #tableName: string;

  constructor(options: { client: DynamoDBDocumentClient; tableName: string }) {
    this.#client = options.client;
    this.#tableName = options.tableName;
  }

  async add(entry: FollowUpEntry): Promise<void> {
    await this.#client.send(
      new PutCommand({
        TableName: this.#tableName,
        Item: { queue: entry.queue, entryKey: entryKeyOf(entry), at: entry.at, caseId: entry.caseId },
      }),
    );
  }

  async remove(entry: FollowUpEntry): Promise<void> {
    await this.#client.send(
      new DeleteCommand({
        TableName: this.#tableName,
        Key: { queue: entry.queue, entryKey: entryKeyOf(entry) },
      }),
    );
  }

  async list(
    queue: string,
    atOrBefore: string,
    page: { limit: number; cursor?: string },
  ): Promise<{ records: FollowUpEntry[]; nextCursor?: string }> {
    // `~` sorts after every character of a case id: the bound takes every entry due at `atOrBefore` itself.
    const start =
      page.cursor !== undefined && cursorPattern.test(page.cursor)
        ? { ExclusiveStartKey: { queue, entryKey: page.cursor } }
        : {};
    const out = await this.#client.send(
      new QueryCommand({
        TableName: this.#tableName,
        KeyConditionExpression: '#queue = :queue AND entryKey <= :bound',
        ExpressionAttributeNames: { '#queue': 'queue' },
        ExpressionAttributeValues: { ':queue': queue, ':bound': `${atOrBefore}#~` },
        Limit: page.limit,
        ConsistentRead: true,
        ...start,
      }),
    );
    const records = (out.Items ?? []).map((item) => ({
      queue,
      at: String(item.at),
      caseId: String(item.caseId),
    }));
    const last = out.LastEvaluatedKey?.entryKey;
    return { records, ...(typeof last === 'string' ? { nextCursor: last } : {}) };
  }

  async get(holderKey: string, serviceItemCode: string): Promise<PledgeBar | undefined> {
    const out = await this.#client.send(
      new GetCommand({
        TableName: this.#tableName,
        Key: { queue: barQueue(holderKey), entryKey: serviceItemCode },
        ConsistentRead: true,
      }),
    );
    if (!out.Item) return undefined;
    const { holderKey: key, serviceItemCode: code, barredUntil, caseId, at } = out.Item;
    return { holderKey: key, serviceItemCode: code, barredUntil, caseId, at } as PledgeBar;
  }

  async put(bar: PledgeBar): Promise<void> {
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#tableName,
          Item: {
            queue: barQueue(bar.holderKey),
            entryKey: bar.serviceItemCode,
            ...bar,
            expiresAtEpoch: Math.ceil(Date.parse(bar.barredUntil) / 1000) + 86_400,
          },
          // A bar is never shortened: a later false pledge extends it, an earlier one's retry leaves it.
          ConditionExpression: 'attribute_not_exists(entryKey) OR barredUntil <= :until',
          ExpressionAttributeValues: { ':until': bar.barredUntil },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}
