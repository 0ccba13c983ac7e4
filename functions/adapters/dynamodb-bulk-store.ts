/**
 * Bulk jobs and their chunks in one table: partition `bulkId`, sort `part` = `JOB` or `CHUNK#{index}`
 * (zero-padded, so a job's chunks read in order). Every deciding write is conditional.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  ScanCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { BulkChunk, BulkJob } from '../core/bulk/model.js';
import type { BulkStore } from '../ports/bulk.js';
import { ConcurrentUpdateError } from '../ports/case-store.js';

const JOB = 'JOB';
const chunkPart = (index: number) => `CHUNK#${String(index).padStart(7, '0')}`;

/** A stored job item → the job (the counted chunks are a number set, absent while empty). */
function jobOf(item: Record<string, unknown>): BulkJob {
  const { part: _, countedChunks, ...rest } = item;
  return {
    ...(rest as unknown as BulkJob),
    countedChunks: countedChunks instanceof Set ? [...(countedChunks as Set<number>)].map(Number) : [],
  };
}

/** The transaction's first item (the job's condition) failed: the chunk was counted before. */
function jobConditionFailed(error: unknown): boolean {
  if ((error as { name?: unknown } | null)?.name !== 'TransactionCanceledException') return false;
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return reasons[0]?.Code === 'ConditionalCheckFailed';
}

export class DynamoBulkStore implements BulkStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #tableName: string;
  readonly #countersTable: string;

  /** `countersTable`: the statistics' counters, added to in the transaction that counts a chunk. */
  constructor(options: { client: DynamoDBDocumentClient; tableName: string; countersTable: string }) {
    this.#client = options.client;
    this.#tableName = options.tableName;
    this.#countersTable = options.countersTable;
  }

  async createJob(job: BulkJob): Promise<void> {
    const { countedChunks: _, ...item } = job;
    await this.#conditional(
      new PutCommand({
        TableName: this.#tableName,
        Item: { ...item, part: JOB },
        ConditionExpression: 'attribute_not_exists(bulkId)',
      }),
      job.bulkId,
    );
  }

  async getJob(bulkId: string): Promise<BulkJob | undefined> {
    const out = await this.#client.send(
      new GetCommand({ TableName: this.#tableName, Key: { bulkId, part: JOB }, ConsistentRead: true }),
    );
    return out.Item ? jobOf(out.Item) : undefined;
  }

  async markSplit(bulkId: string, total: number, chunkCount: number): Promise<void> {
    await this.#transition(bulkId, 'SPLITTING', 'SET #s = :to, #total = :total, chunkCount = :chunks', {
      ':to': 'RUNNING',
      ':total': total,
      ':chunks': chunkCount,
    });
  }

  async markFailed(bulkId: string, error: { code: string; message: string }): Promise<void> {
    await this.#transition(bulkId, 'SPLITTING', 'SET #s = :to, #error = :error', {
      ':to': 'FAILED',
      ':error': error,
    });
  }

  async markCompleted(bulkId: string, resultsKey: string, at: string): Promise<void> {
    await this.#transition(bulkId, 'RUNNING', 'SET #s = :to, resultsKey = :key, completedAt = :at', {
      ':to': 'COMPLETED',
      ':key': resultsKey,
      ':at': at,
    });
  }

  /** A status change from `from` (a job no longer there is left as it is: the change was made before). */
  async #transition(bulkId: string, from: string, update: string, values: Record<string, unknown>) {
    try {
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#tableName,
          Key: { bulkId, part: JOB },
          UpdateExpression: update,
          ConditionExpression: '#s = :from',
          ExpressionAttributeNames: {
            '#s': 'status',
            ...(update.includes('#total') ? { '#total': 'total' } : {}),
            ...(update.includes('#error') ? { '#error': 'error' } : {}),
          },
          ExpressionAttributeValues: { ...values, ':from': from },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async countChunk(
    bulkId: string,
    index: number,
    counts: { issued: number; failed: number },
    counterDeltas: Record<string, number>,
  ): Promise<BulkJob> {
    const deltas = Object.entries(counterDeltas).filter(([, delta]) => delta !== 0);
    try {
      await this.#client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.#tableName,
                Key: { bulkId, part: JOB },
                // The set and the counts change together, and only if this chunk is not in the set yet.
                UpdateExpression: 'ADD issued :issued, failed :failed, countedChunks :chunk',
                ConditionExpression: 'attribute_exists(bulkId) AND NOT contains(countedChunks, :index)',
                ExpressionAttributeValues: {
                  ':issued': counts.issued,
                  ':failed': counts.failed,
                  ':chunk': new Set([index]),
                  ':index': index,
                },
              },
            },
            ...deltas.map(([name, delta]) => ({
              Update: {
                TableName: this.#countersTable,
                Key: { name },
                UpdateExpression: 'ADD #v :n',
                ExpressionAttributeNames: { '#v': 'value' },
                ExpressionAttributeValues: { ':n': delta },
              },
            })),
          ],
        }),
      );
    } catch (error) {
      if (!jobConditionFailed(error)) throw error;
    }
    const job = await this.getJob(bulkId);
    if (!job) throw new Error(`no bulk job ${bulkId}`);
    return job;
  }

  async putChunks(chunks: BulkChunk[]): Promise<void> {
    await Promise.all(
      chunks.map(async (chunk) => {
        try {
          await this.#client.send(
            new PutCommand({
              TableName: this.#tableName,
              Item: { ...chunk, part: chunkPart(chunk.index) },
              ConditionExpression: 'attribute_not_exists(bulkId)',
            }),
          );
        } catch (error) {
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
        }
      }),
    );
  }

  async getChunk(bulkId: string, index: number): Promise<BulkChunk | undefined> {
    const out = await this.#client.send(
      new GetCommand({
        TableName: this.#tableName,
        Key: { bulkId, part: chunkPart(index) },
        ConsistentRead: true,
      }),
    );
    if (!out.Item) return undefined;
    const { part: _, ...chunk } = out.Item;
    return chunk as BulkChunk;
  }

  async listOpenJobs(): Promise<BulkJob[]> {
    const jobs: BulkJob[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.#client.send(
        new ScanCommand({
          TableName: this.#tableName,
          FilterExpression: 'part = :job AND #s IN (:splitting, :running)',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':job': JOB, ':splitting': 'SPLITTING', ':running': 'RUNNING' },
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      jobs.push(...(out.Items ?? []).map(jobOf));
      start = out.LastEvaluatedKey;
    } while (start);
    return jobs;
  }

  async updateChunk(chunk: BulkChunk): Promise<void> {
    await this.#conditional(
      new PutCommand({
        TableName: this.#tableName,
        Item: { ...chunk, part: chunkPart(chunk.index) },
        ConditionExpression: 'version = :previous',
        ExpressionAttributeValues: { ':previous': chunk.version - 1 },
      }),
      `${chunk.bulkId}/${chunk.index}`,
    );
  }

  async #conditional(command: PutCommand, id: string): Promise<void> {
    try {
      await this.#client.send(command);
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new ConcurrentUpdateError(id);
      throw error;
    }
  }
}
