/**
 * The webhook queue as the delivery function steers it: a failed attempt keeps its message invisible until
 * the next attempt is due (ChangeMessageVisibility, at most SQS's 12 hours), and a delivery out of attempts
 * is sent to the dead-letter queue explicitly (the queue's own redrive catches what fails in other ways).
 */
import { ChangeMessageVisibilityCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';

/** SQS's ceiling for a visibility timeout. */
export const MAX_VISIBILITY_SECONDS = 43_200;

export interface DeliveryQueue {
  postpone(receiptHandle: string, seconds: number): Promise<void>;
  deadLetter(body: string, reason: Record<string, string>): Promise<void>;
}

export class SqsDeliveryQueue implements DeliveryQueue {
  readonly #client: SQSClient;
  readonly #queueUrl: string;
  readonly #deadLetterQueueUrl: string;

  constructor(options: { client: SQSClient; queueUrl: string; deadLetterQueueUrl: string }) {
    this.#client = options.client;
    this.#queueUrl = options.queueUrl;
    this.#deadLetterQueueUrl = options.deadLetterQueueUrl;
  }

  async postpone(receiptHandle: string, seconds: number): Promise<void> {
    await this.#client.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: this.#queueUrl,
        ReceiptHandle: receiptHandle,
        VisibilityTimeout: Math.min(MAX_VISIBILITY_SECONDS, Math.max(0, Math.ceil(seconds))),
      }),
    );
  }

  async deadLetter(body: string, reason: Record<string, string>): Promise<void> {
    await this.#client.send(
      new SendMessageCommand({
        QueueUrl: this.#deadLetterQueueUrl,
        MessageBody: body,
        MessageAttributes: Object.fromEntries(
          Object.entries(reason).map(([k, v]) => [k, { DataType: 'String', StringValue: v }]),
        ),
      }),
    );
  }
}
