/** Webhook registrations and deliveries as stored. */

/** A client's one webhook (`PUT /v1/webhook` replaces it). */
export interface WebhookRegistration {
  clientId: string;
  url: string;
  /** The secret sealed by `WebhookSecrets` (never stored in clear). */
  sealedSecret: string;
  registeredAt: string;
  /**
   * When the client first registered (kept by later PUTs): events recorded before it are not sent, so a
   * first registration does not replay the client's history.
   */
  activeSince: string;
  /** Increases with every PUT (the secret rotates with it). */
  version: number;
}

/** PENDING: tried again at `nextAttemptAt`; DELIVERED: a 2xx answer; FAILED: attempts exhausted (dead-lettered). */
export type DeliveryStatus = 'PENDING' | 'DELIVERED' | 'FAILED';

/** One event for one client, and what became of it (the delivery log; expires after its TTL). */
export interface DeliveryRecord {
  clientId: string;
  /** `createdAt#eventId`: the client's deliveries sort by time. */
  deliveryKey: string;
  eventId: string;
  type: string;
  createdAt: string;
  /**
   * The exact request body, fixed when the event was routed: every attempt sends the same bytes under the
   * same `webhook-id`. Masked data only.
   */
  body: string;
  status: DeliveryStatus;
  attempts: number;
  /** HTTP status of the last attempt, or what went wrong before one (`TIMEOUT`, `CONNECTION`, …). */
  lastStatus?: number | string;
  lastAttemptAt?: string;
  nextAttemptAt?: string;
  deliveredAt?: string;
  /**
   * How often an operator redrove the delivery's dead letter (AWS): each redrive of a FAILED delivery gives
   * it a fresh round of attempts (`attempts` counts the current round). Absent: never redriven.
   */
  redrives?: number;
  /** When the last redrive reopened it. */
  redrivenAt?: string;
  /** Sparse queue key of deliveries still to be tried (`DUE`): the local loop reads them by `nextAttemptAt`. */
  dueQueue?: 'DUE';
  /** Epoch seconds: the log entry expires (DynamoDB TTL). */
  expiresAtEpoch: number;
}

/** What one attempt's transport reports: an HTTP status, or why there was none. */
export type TransportResult =
  | { status: number }
  | { error: 'TIMEOUT' | 'CONNECTION' | 'FORBIDDEN_ADDRESS' | 'UNRESOLVABLE' | 'INVALID_URL' };
