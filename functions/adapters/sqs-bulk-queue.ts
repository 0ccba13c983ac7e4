/** The bulk queue on SQS: one message per chunk (or split / finalise), sent ten at a time. */
import { ChangeMessageVisibilityCommand, SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { BulkMessage } from '../core/bulk/model.js';
import type { BulkQueue } from '../ports/bulk.js';

export class SqsBulkQueue implements BulkQueue {
  readonly #client: SQSClient;
  readonly #queueUrl: string;

  constructor(options: { client: SQSClient; queueUrl: string }) {
    this.#client = options.client;
    this.#queueUrl = options.queueUrl;
  }

  async send(messages: BulkMessage[]): Promise<void> {
    for (let i = 0; i < messages.length; i += 10) {
      let entries = messages
        .slice(i, i + 10)
        .map((m, k) => ({ Id: String(k), MessageBody: JSON.stringify(m) }));
      // Entries a batch refused (throttled, internal) are sent again; a duplicate is harmless (at-least-once).
      for (let attempt = 0; entries.length > 0; attempt++) {
        const out = await this.#client.send(
          new SendMessageBatchCommand({ QueueUrl: this.#queueUrl, Entries: entries }),
        );
        const failed = new Set((out.Failed ?? []).map((f) => f.Id));
        if (failed.size > 0 && attempt >= 4) throw new Error(`bulk queue refused ${failed.size} messages`);
        entries = entries.filter((e) => failed.has(e.Id));
      }
    }
  }

  async postpone(receiptHandle: string, seconds: number): Promise<void> {
    await this.#client.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: this.#queueUrl,
        ReceiptHandle: receiptHandle,
        VisibilityTimeout: seconds,
      }),
    );
  }
}
