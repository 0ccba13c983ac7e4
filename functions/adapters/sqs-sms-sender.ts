/**
 * SmsSender that enqueues: the request hands the message to SQS (fast, durable) and the `sms` function sends
 * it through SNS with retries; what keeps failing lands in the dead-letter queue (and raises an alarm).
 */
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SmsSender } from '../ports/sms-sender.js';

export interface QueuedSms {
  to: string;
  body: string;
  link?: string;
}

export class SqsSmsSender implements SmsSender {
  readonly #client: SQSClient;
  readonly #queueUrl: string;

  constructor(options: { client: SQSClient; queueUrl: string }) {
    this.#client = options.client;
    this.#queueUrl = options.queueUrl;
  }

  async send(message: QueuedSms): Promise<{ messageId: string }> {
    const out = await this.#client.send(
      new SendMessageCommand({ QueueUrl: this.#queueUrl, MessageBody: JSON.stringify(message) }),
    );
    return { messageId: out.MessageId ?? '' };
  }
}

/** Parse a queued message (the consumer's side); undefined for anything malformed. */
export function parseQueuedSms(body: string): QueuedSms | undefined {
  try {
    const value = JSON.parse(body) as Partial<QueuedSms>;
    if (typeof value.to !== 'string' || !/^1[3-9]\d{9}$/.test(value.to) || typeof value.body !== 'string')
      return undefined;
    return {
      to: value.to,
      body: value.body.slice(0, 500),
      ...(typeof value.link === 'string' ? { link: value.link } : {}),
    };
  } catch {
    return undefined;
  }
}
