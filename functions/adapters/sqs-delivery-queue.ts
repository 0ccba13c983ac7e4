/**
 * The webhook queue as the delivery function steers it: a failed attempt keeps its message invisible until
 * the next attempt is due (ChangeMessageVisibility, at most SQS's 12 hours), and deliveries out of attempts
 * are sent to the dead-letter queue explicitly (the queue's own redrive catches what fails in other ways).
 *
 * A dead letter wraps the original message body with the deliveries that failed (every one of them, for an
 * entry that stands for several events). The wrapper is the body, not message attributes: it survives any
 * way of moving the message back (a DLQ redrive, a copy by hand), and the consumer reads a redriven message
 * by it (`readQueuedMessage`).
 */
import { ChangeMessageVisibilityCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { FailedDelivery } from '../core/webhooks/queue-consumer.js';

/** SQS's ceiling for a visibility timeout. */
export const MAX_VISIBILITY_SECONDS = 43_200;

export interface DeliveryQueue {
  postpone(receiptHandle: string, seconds: number): Promise<void>;
  /** Send `body` (the original message) to the dead-letter queue, naming the deliveries that failed. */
  deadLetter(body: string, failed: readonly FailedDelivery[]): Promise<void>;
}

/** The body of a dead letter: why, which deliveries, and the original body (byte for byte). */
export interface DeadLetterBody {
  deadLetter: { reason: 'ATTEMPTS_EXHAUSTED'; failed: FailedDelivery[] };
  body: string;
}

/** A message as the consumer gets it: the original body, and the failed deliveries when it is a redrive. */
export interface QueuedMessage {
  body: string;
  redriven?: FailedDelivery[];
}

export function deadLetterBody(body: string, failed: readonly FailedDelivery[]): string {
  const letter: DeadLetterBody = {
    deadLetter: {
      reason: 'ATTEMPTS_EXHAUSTED',
      failed: failed.map(({ eventId, clientId, redrives }) => ({ eventId, clientId, redrives })),
    },
    body,
  };
  return JSON.stringify(letter);
}

const isFailedDelivery = (value: unknown): value is FailedDelivery => {
  const v = value as Partial<FailedDelivery> | null;
  return (
    typeof v?.eventId === 'string' &&
    typeof v.clientId === 'string' &&
    Number.isSafeInteger(v.redrives) &&
    (v.redrives ?? -1) >= 0
  );
};

/** A queued body read as a redriven dead letter when it is one; otherwise the body as it came (a stream record). */
export function readQueuedMessage(body: string): QueuedMessage {
  let parsed: Partial<DeadLetterBody> | null;
  try {
    parsed = JSON.parse(body) as Partial<DeadLetterBody> | null;
  } catch {
    return { body };
  }
  const failed = parsed?.deadLetter?.failed;
  if (typeof parsed?.body !== 'string' || !Array.isArray(failed) || !failed.every(isFailedDelivery))
    return { body };
  return { body: parsed.body, redriven: failed };
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

  async deadLetter(body: string, failed: readonly FailedDelivery[]): Promise<void> {
    await this.#client.send(
      new SendMessageCommand({
        QueueUrl: this.#deadLetterQueueUrl,
        MessageBody: deadLetterBody(body, failed),
        // Readable without parsing the body (console, `aws sqs receive-message`).
        MessageAttributes: {
          reason: { DataType: 'String', StringValue: 'ATTEMPTS_EXHAUSTED' },
          failedDeliveries: { DataType: 'Number', StringValue: String(failed.length) },
        },
      }),
    );
  }
}
