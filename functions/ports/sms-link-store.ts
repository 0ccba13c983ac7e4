/** SMS links: a token (stored only as its SHA-256) tied to one licence, expiring. */
export interface SmsLink {
  tokenHash: string;
  certificateId: string;
  clientId: string;
  mobileMasked: string;
  createdAt: string;
  expiresAt: string;
  /** Epoch seconds, for DynamoDB TTL (deletion is lazy: readers check `expiresAt`). */
  expiresAtEpoch: number;
}

export interface SmsLinkStore {
  put(link: SmsLink): Promise<void>;
  get(tokenHash: string): Promise<SmsLink | undefined>;
}
