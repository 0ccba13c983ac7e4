/** ApiClientStore on DynamoDB, keyed by the SHA-256 of the API key. */
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ApiClient } from '../http/types.js';
import type { ApiClientStore } from '../ports/api-client-store.js';

export interface DynamoApiClientStoreOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** How long a looked-up client is cached in this process. @default 60_000 ms — revocation takes effect within it. */
  cacheMs?: number;
  now?: () => number;
}

export class DynamoApiClientStore implements ApiClientStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #tableName: string;
  readonly #cacheMs: number;
  readonly #now: () => number;
  readonly #cache = new Map<string, { client: ApiClient | undefined; until: number }>();

  constructor(options: DynamoApiClientStoreOptions) {
    this.#client = options.client;
    this.#tableName = options.tableName;
    this.#cacheMs = options.cacheMs ?? 60_000;
    this.#now = options.now ?? Date.now;
  }

  async findByKeyHash(keyHash: string): Promise<ApiClient | undefined> {
    const cached = this.#cache.get(keyHash);
    if (cached && cached.until > this.#now()) return cached.client;
    const out = await this.#client.send(new GetCommand({ TableName: this.#tableName, Key: { keyHash } }));
    const item = out.Item;
    const client =
      item && item.disabled !== true
        ? {
            clientId: String(item.clientId),
            name: String(item.name),
            serviceItems: (item.serviceItems as string[]) ?? [],
            departments: (item.departments as string[]) ?? [],
          }
        : undefined;
    // Unknown keys are cached too (briefly), so a flood of wrong keys does not become a flood of reads.
    if (this.#cache.size > 10_000) this.#cache.clear();
    this.#cache.set(keyHash, { client, until: this.#now() + this.#cacheMs });
    return client;
  }

  async save(keyHash: string, client: ApiClient): Promise<void> {
    await this.#client.send(new PutCommand({ TableName: this.#tableName, Item: { keyHash, ...client } }));
    this.#cache.delete(keyHash);
  }
}
