/**
 * StatsAggregates on the counters table (the items `GET /v1/stats` reads, `name` → `value`). A batch's deltas
 * go in transactions of at most 99 counter updates, each with a marker item `stats:batch:{batchId}:{n}` put
 * on the condition that it does not exist yet: the updates of a chunk land together with its marker, or not
 * at all, so a stream delivering the same batch again (its retry after a lost answer or a timeout) finds
 * the markers and adds nothing twice. Markers expire after `MARKER_DAYS` (the stream keeps records 24 h, so a
 * retry of a batch never comes later than that).
 */
import { type DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../ports/clock.js';
import type { StatsAggregates } from '../ports/stats-aggregates.js';

/** DynamoDB's limit of items per transaction, one of which is the marker. */
const UPDATES_PER_TRANSACTION = 99;
/** How long a batch marker is kept (TTL attribute `expiresAtEpoch`). */
export const MARKER_DAYS = 7;

export interface DynamoStatsAggregatesOptions {
  client: DynamoDBDocumentClient;
  /** The counters table. */
  tableName: string;
  clock: Clock;
}

/** The marker's condition failed: this chunk of the batch was applied before. */
function markerExisted(error: unknown, markerIndex: number): boolean {
  if ((error as { name?: unknown } | null)?.name !== 'TransactionCanceledException') return false;
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return reasons[markerIndex]?.Code === 'ConditionalCheckFailed';
}

export class DynamoStatsAggregates implements StatsAggregates {
  readonly #client: DynamoDBDocumentClient;
  readonly #tableName: string;
  readonly #clock: Clock;

  constructor(options: DynamoStatsAggregatesOptions) {
    this.#client = options.client;
    this.#tableName = options.tableName;
    this.#clock = options.clock;
  }

  async applyOnce(batchId: string, deltas: Record<string, number>): Promise<'APPLIED' | 'ALREADY_APPLIED'> {
    // Sorted, so a redelivered batch is cut into the same chunks with the same markers.
    const entries = Object.entries(deltas)
      .filter(([, amount]) => amount !== 0)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const expiresAtEpoch = Math.floor(this.#clock.now().getTime() / 1000) + MARKER_DAYS * 86_400;
    let applied = false;
    for (let start = 0, n = 0; start < entries.length; start += UPDATES_PER_TRANSACTION, n++) {
      const chunk = entries.slice(start, start + UPDATES_PER_TRANSACTION);
      try {
        await this.#client.send(
          new TransactWriteCommand({
            TransactItems: [
              ...chunk.map(([name, amount]) => ({
                Update: {
                  TableName: this.#tableName,
                  Key: { name },
                  UpdateExpression: 'ADD #v :n',
                  ExpressionAttributeNames: { '#v': 'value' },
                  ExpressionAttributeValues: { ':n': amount },
                },
              })),
              {
                Put: {
                  TableName: this.#tableName,
                  Item: { name: `stats:batch:${batchId}:${n}`, expiresAtEpoch },
                  ConditionExpression: 'attribute_not_exists(#name)',
                  ExpressionAttributeNames: { '#name': 'name' },
                },
              },
            ],
          }),
        );
        applied = true;
      } catch (error) {
        if (!markerExisted(error, chunk.length)) throw error;
      }
    }
    return applied || entries.length === 0 ? 'APPLIED' : 'ALREADY_APPLIED';
  }
}
