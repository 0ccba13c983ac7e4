/** Errors of time-stamping that reach clients. */
import { DomainError } from '../errors.js';

/**
 * The TSA did not give a usable token now (down, slow, refusing, or answering garbage): issuance stops before
 * anything is stored and the client retries with the same Idempotency-Key. HTTP 503 with Retry-After.
 */
export class TimeStampUnavailableError extends DomainError {
  constructor(reason: string, retryAfterSeconds: number, cause?: unknown) {
    super(
      'UNAVAILABLE',
      'TSA_UNAVAILABLE',
      '时间戳服务暂不可用，请稍后重试',
      'The time-stamp authority is unavailable',
      {
        retryAfterSeconds,
        details: { reason },
        ...(cause === undefined ? {} : { cause }),
      },
    );
    this.name = 'TimeStampUnavailableError';
  }
}
