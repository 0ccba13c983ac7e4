/**
 * Domain errors. Core code throws these; the HTTP layer maps `kind` to a status code
 * and renders the one error shape of API.md. Messages are Chinese first, then English.
 */

/** What sort of failure this is; the HTTP layer maps it to a status code. */
export type ErrorKind =
  | 'INVALID' // 400
  | 'UNAUTHENTICATED' // 401
  | 'FORBIDDEN' // 403
  | 'NOT_FOUND' // 404
  | 'METHOD_NOT_ALLOWED' // 405
  | 'CONFLICT' // 409
  | 'TOO_LARGE' // 413
  | 'UNSUPPORTED_MEDIA_TYPE' // 415
  | 'UNPROCESSABLE' // 422
  | 'RATE_LIMITED' // 429
  | 'UNAVAILABLE'; // 503

export interface DomainErrorOptions {
  /** Machine-readable details for the client (never personal data, never internals). */
  details?: Record<string, unknown>;
  /** Seconds after which a retry may succeed (sent as `Retry-After`). */
  retryAfterSeconds?: number;
  cause?: unknown;
}

/** A failure the client can act on: stable `code`, bilingual message, HTTP-agnostic `kind`. */
export class DomainError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;
  readonly messageZh: string;
  readonly messageEn: string;
  readonly details: Record<string, unknown> | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(
    kind: ErrorKind,
    code: string,
    messageZh: string,
    messageEn: string,
    options: DomainErrorOptions = {},
  ) {
    super(`${messageZh} / ${messageEn}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DomainError';
    this.kind = kind;
    this.code = code;
    this.messageZh = messageZh;
    this.messageEn = messageEn;
    this.details = options.details;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** True for errors thrown deliberately by the domain (as opposed to bugs or infrastructure failures). */
export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;
