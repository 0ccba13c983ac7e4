/** SmsSender on Amazon SNS (direct publish to a phone number, transactional). */
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { SmsSender } from '../ports/sms-sender.js';

export class SnsSmsSender implements SmsSender {
  readonly #client: SNSClient;
  readonly #senderId: string | undefined;

  constructor(options: { client: SNSClient; senderId?: string }) {
    this.#client = options.client;
    this.#senderId = options.senderId;
  }

  async send(message: { to: string; body: string }): Promise<{ messageId: string }> {
    const out = await this.#client.send(
      new PublishCommand({
        PhoneNumber: `+86${message.to}`,
        Message: message.body,
        MessageAttributes: {
          'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
          ...(this.#senderId
            ? { 'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: this.#senderId } }
            : {}),
        },
      }),
    );
    return { messageId: out.MessageId ?? '' };
  }
}
