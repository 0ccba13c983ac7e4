/** Storage and transport of webhooks (DynamoDB, KMS-derived keys and node:https in both runtimes). */
import type { DeliveryRecord, TransportResult, WebhookRegistration } from '../core/webhooks/model.js';

/** One registration per client. */
export interface WebhookStore {
  get(clientId: string): Promise<WebhookRegistration | undefined>;
  /** Store `registration` if the stored version is `registration.version - 1` (or none exists for 1). */
  put(registration: WebhookRegistration): Promise<void>;
}

/** The delivery log, which is also the local runtime's retry queue. */
export interface DeliveryStore {
  /** Write a new delivery unless one exists for the same key; returns the stored one either way. */
  create(record: DeliveryRecord): Promise<DeliveryRecord>;
  get(clientId: string, deliveryKey: string): Promise<DeliveryRecord | undefined>;
  /**
   * Replace a delivery whose stored `attempts` is still `expectedAttempts`; false when another attempt
   * recorded itself first (nothing written).
   */
  recordAttempt(record: DeliveryRecord, expectedAttempts: number): Promise<boolean>;
  /**
   * Replace a FAILED delivery whose stored `attempts` is still `expectedAttempts` with `record` (PENDING
   * again: a redrive); false when it is no longer FAILED or changed meanwhile (nothing written).
   */
  reopen(record: DeliveryRecord, expectedAttempts: number): Promise<boolean>;
  /** A client's deliveries, newest first. */
  listRecent(clientId: string, limit: number): Promise<DeliveryRecord[]>;
  /** Deliveries still to be tried whose `nextAttemptAt` ≤ `now` (ISO), soonest first, at most `limit`. */
  listDue(now: string, limit: number): Promise<DeliveryRecord[]>;
}

/** Webhook secrets sealed at rest (AES-GCM under a key derived from the KMS HMAC key), bound to the client. */
export interface WebhookSecrets {
  seal(clientId: string, secret: Uint8Array): Promise<string>;
  /** The secret; throws when `sealed` was not sealed for `clientId` under this deployment's key. */
  open(clientId: string, sealed: string): Promise<Uint8Array>;
}

/**
 * POSTs one delivery. Resolves the host itself and refuses (without connecting) when any address falls
 * outside the deployment's address policy, so a name that resolved to a public address at registration
 * cannot be re-pointed at the metadata service (DNS rebinding). Reads no response body.
 */
export interface WebhookTransport {
  post(
    url: string,
    headers: Record<string, string>,
    body: string,
    timeoutMs: number,
  ): Promise<TransportResult>;
}

/** Where the local runtime's reader of the audit chain has got to (the last seq routed). */
export interface EventCursor {
  read(): Promise<number>;
  /** Move from `from` to `to` (> `from`); false when another reader moved it first. */
  advance(from: number, to: number): Promise<boolean>;
}
