import type { ApiClient } from '../http/types.js';

/** Upstream API clients, looked up by the SHA-256 (hex) of their API key; the key itself is never stored. */
export interface ApiClientStore {
  findByKeyHash(keyHash: string): Promise<ApiClient | undefined>;
  /** Register a client for an API key hash (idempotent). */
  save(keyHash: string, client: ApiClient): Promise<void>;
}
