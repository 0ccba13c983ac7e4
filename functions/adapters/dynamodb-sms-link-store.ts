/** SmsLinkStore on DynamoDB. */
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SmsLink, SmsLinkStore } from '../ports/sms-link-store.js';

export class DynamoSmsLinkStore implements SmsLinkStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #tableName: string;

  constructor(options: { client: DynamoDBDocumentClient; tableName: string }) {
    this.#client = options.client;
    this.#tableName = options.tableName;
  }

  async put(link: SmsLink): Promise<void> {
    await this.#client.send(
      new PutCommand({
        TableName: this.#tableName,
        Item: link,
        ConditionExpression: 'attribute_not_exists(tokenHash)',
      }),
    );
  }

  async get(tokenHash: string): Promise<SmsLink | undefined> {
    const out = await this.#client.send(new GetCommand({ TableName: this.#tableName, Key: { tokenHash } }));
    return out.Item as SmsLink | undefined;
  }
}
