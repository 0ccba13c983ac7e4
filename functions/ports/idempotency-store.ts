/**
 * Storage of `Idempotency-Key` records. A record is claimed (IN_PROGRESS) before the work runs and
 * completed with the response afterwards, so a repeated or racing request can replay that response
 * instead of doing the work again.
 */

/** The part of an HTTP response that is kept for replay (volatile headers are already stripped). */
export interface StoredResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: boolean;
}

/** Lifecycle of a record: claimed by a running request, or finished with a stored response. */
export type IdempotencyStatus = 'IN_PROGRESS' | 'COMPLETED';

/** One idempotency record per client and key. */
export interface IdempotencyRecord {
  /** `<clientId>#<key>`: keys are scoped per client. */
  id: string;
  /** Hex SHA-256 over method, path and body: the same key with another request is a misuse. */
  requestHash: string;
  status: IdempotencyStatus;
  /**
   * Epoch milliseconds after which an IN_PROGRESS claim counts as abandoned (the request crashed or
   * timed out) and may be taken over by a retry.
   */
  lockedUntil: number;
  /** Epoch seconds after which the record is ignored (DynamoDB TTL attribute; deletion is lazy). */
  expiresAtEpoch: number;
  /**
   * Random value identifying the claimant, so that a request whose lock expired cannot complete or
   * release the claim of the request that took over.
   */
  lockToken: string;
  /** Present once COMPLETED. */
  response?: StoredResponse;
}

/**
 * Result of `claim`: this caller owns the key now; or the live record that prevented it; or `vanished`: a
 * live record prevented it but was gone when read back — the request holding it finished without storing
 * a response (it released its claim) while this one raced it.
 */
export type ClaimResult =
  | { outcome: 'claimed' }
  | { outcome: 'exists'; record: IdempotencyRecord }
  | { outcome: 'vanished' };

/** Persistence of idempotency records; implementations must make `claim` atomic. */
export interface IdempotencyStore {
  /**
   * Atomically create `record` (status IN_PROGRESS) unless a live record exists. A record is not live
   * when it has expired or is an IN_PROGRESS claim whose lock has run out; such a record is replaced.
   * One attempt: a conflict is reported (`exists` or `vanished`), never retried or thrown, so the caller
   * decides what a racing request answers.
   */
  claim(record: IdempotencyRecord): Promise<ClaimResult>;
  /**
   * Mark the claim COMPLETED with `response`. Throws `IdempotencyClaimLostError` when the claim is no
   * longer held under `lockToken`, and `IdempotencyResponseTooLargeError` when it cannot be stored.
   */
  complete(id: string, lockToken: string, response: StoredResponse): Promise<void>;
  /** Delete an IN_PROGRESS claim held under `lockToken` (nothing was created; a retry may run). No-op otherwise. */
  release(id: string, lockToken: string): Promise<void>;
  /** The live record for `id`, or `undefined` if there is none or it has expired. */
  get(id: string): Promise<IdempotencyRecord | undefined>;
}

/** The claim was taken over (its lock had expired) or released before `complete`. */
export class IdempotencyClaimLostError extends Error {
  constructor(readonly id: string) {
    super(`idempotency claim no longer held: ${id}`);
    this.name = 'IdempotencyClaimLostError';
  }
}

/** The response does not fit into one record even compressed. */
export class IdempotencyResponseTooLargeError extends Error {
  constructor(
    readonly id: string,
    readonly bytes: number,
  ) {
    super(`idempotent response too large to store (${bytes} bytes): ${id}`);
    this.name = 'IdempotencyResponseTooLargeError';
  }
}
