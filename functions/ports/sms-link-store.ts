/**
 * SMS links: a token (stored only as its SHA-256) tied to one licence — or, for the one message of an
 * issuance request, to every licence of the request (`certificateIds`, `certificateId` the first) — expiring.
 */
export interface SmsLink {
  tokenHash: string;
  certificateId: string;
  /** A request's link: its licences in issuance order (the page lists them; each opens under the token). */
  certificateIds?: string[];
  /** A request's link: the case the licences were issued for. */
  caseId?: string;
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
