/**
 * The record of the applicant's progress SMS, one per event: the claim that makes a message go out at most
 * once, whoever reads the event (the stream consumer, a retry of it, the local loop, the issuing request).
 */
import type { ProgressKind } from '../core/progress-sms/templates.js';

/** SENDING: claimed, the send may or may not have happened (never tried again); SENT: the provider took it. */
export type ProgressSmsStatus = 'SENDING' | 'SENT';

export interface ProgressSmsRecord {
  /** The domain event's id (`evt_` + 128 bits of its audit entry's hash). */
  eventId: string;
  kind: ProgressKind;
  caseId: string;
  status: ProgressSmsStatus;
  /** Who holds the claim (a random token): only the holder completes or gives it back. */
  claimToken: string;
  claimedAt: string;
  /** The recipient, masked (`138****8000`): the record is read back into audit entries and logs. */
  mobileMasked: string;
  messageId?: string;
  sentAt?: string;
  /** Set once the `case.sms-sent` audit entry is written. */
  audited?: boolean;
  /** Epoch seconds: the record expires (DynamoDB TTL) long after any reader could see the event again. */
  expiresAtEpoch: number;
}

export interface ProgressSmsLog {
  /** Write `record` unless the event has one; the stored one when it has. */
  claim(
    record: ProgressSmsRecord,
  ): Promise<{ claimed: true } | { claimed: false; existing: ProgressSmsRecord }>;
  /** SENDING → SENT with the provider's message id, if `claimToken` still holds the claim. */
  complete(eventId: string, claimToken: string, sent: { messageId: string; sentAt: string }): Promise<void>;
  /** Give the claim back after a send that failed (if still SENDING under `claimToken`): a retry may send. */
  release(eventId: string, claimToken: string): Promise<void>;
  /** Mark the record's audit entry written. */
  markAudited(eventId: string): Promise<void>;
}
