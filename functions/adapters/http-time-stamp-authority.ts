/**
 * RFC 3161 over HTTP (RFC 3161 §3.4): POST `application/timestamp-query`, expect `application/timestamp-reply`.
 * Every reply is checked — status granted, the token's messageImprint is our digest (SHA-256) and its nonce is
 * ours — before it goes into a seal. A timeout bounds each attempt, transient failures are retried with
 * exponential backoff, and a circuit breaker stops calling a TSA that keeps failing, so an outage costs each
 * issuance request milliseconds, not the API Gateway's 30 s: it answers 503 TSA_UNAVAILABLE with Retry-After.
 */
import { TimeStampUnavailableError } from '../core/timestamp/errors.js';
import {
  encodeTimeStampRequest,
  PKI_STATUS,
  parseTimeStampResponse,
  readTstInfo,
  TSP_OIDS,
} from '../core/timestamp/rfc3161.js';
import type { Random } from '../ports/random.js';
import type { TimeStampAuthority } from '../ports/time-stamp-authority.js';

/** Options of `HttpTimeStampAuthority`. */
export interface HttpTimeStampAuthorityOptions {
  /** The TSA's URL (configuration: `TSA_URL`). */
  url: string;
  random: Random;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Per attempt. @default 3000 */
  timeoutMs?: number;
  /** Attempts after the first, for transient failures (timeouts, network errors, 5xx, 429). @default 2 */
  retries?: number;
  /** First backoff; doubles per retry. @default 100 */
  backoffMs?: number;
  /** Consecutive failed calls that open the breaker. @default 5 */
  failureThreshold?: number;
  /** How long an open breaker refuses calls before letting one through. @default 30000 */
  openMs?: number;
  /** Milliseconds clock for the breaker. @default Date.now */
  now?: () => number;
}

/** A failed attempt, and whether trying again may help. */
class AttemptError extends Error {
  constructor(
    readonly reason: string,
    readonly transient: boolean,
    options?: { cause?: unknown },
  ) {
    super(reason, options);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class HttpTimeStampAuthority implements TimeStampAuthority {
  readonly #options: Required<Omit<HttpTimeStampAuthorityOptions, 'fetch'>> & { fetch: typeof fetch };
  #failures = 0;
  #openUntil = 0;

  constructor(options: HttpTimeStampAuthorityOptions) {
    this.#options = {
      timeoutMs: 3000,
      retries: 2,
      backoffMs: 100,
      failureThreshold: 5,
      openMs: 30_000,
      now: Date.now,
      fetch: (...args) => globalThis.fetch(...args),
      ...options,
    };
  }

  async timestamp(digest: Uint8Array): Promise<Uint8Array> {
    const { now, openMs, failureThreshold } = this.#options;
    if (this.#openUntil > now()) {
      throw new TimeStampUnavailableError('CIRCUIT_OPEN', Math.ceil((this.#openUntil - now()) / 1000));
    }
    let last: AttemptError | undefined;
    for (let attempt = 0; attempt <= this.#options.retries; attempt++) {
      if (attempt > 0) await sleep(this.#options.backoffMs * 2 ** (attempt - 1));
      try {
        const token = await this.#attempt(digest);
        this.#failures = 0;
        return token;
      } catch (error) {
        last = error instanceof AttemptError ? error : new AttemptError('FAILED', false, { cause: error });
        if (!last.transient) break;
      }
    }
    this.#failures += 1;
    if (this.#failures >= failureThreshold) this.#openUntil = now() + openMs;
    const retryAfter = this.#openUntil > now() ? Math.ceil(openMs / 1000) : 2;
    throw new TimeStampUnavailableError(last?.reason ?? 'FAILED', retryAfter, last);
  }

  async #attempt(digest: Uint8Array): Promise<Uint8Array> {
    const nonce = Uint8Array.from(this.#options.random.bytes(8));
    nonce[0] = ((nonce[0] ?? 0) & 0x7f) | 0x01; // positive, and no leading zero byte to strip
    let response: Response;
    try {
      response = await this.#options.fetch(this.#options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/timestamp-query', accept: 'application/timestamp-reply' },
        body: Buffer.from(encodeTimeStampRequest({ digest, nonce, certReq: true })),
        signal: AbortSignal.timeout(this.#options.timeoutMs),
      });
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      throw new AttemptError(timedOut ? 'TIMEOUT' : 'CONNECTION', true, { cause: error });
    }
    const body = new Uint8Array(await response.arrayBuffer());
    if (!response.ok)
      throw new AttemptError(`HTTP_${response.status}`, response.status >= 500 || response.status === 429);
    if (!(response.headers.get('content-type') ?? '').startsWith('application/timestamp-reply'))
      throw new AttemptError('WRONG_CONTENT_TYPE', false);
    return this.#checked(body, digest, nonce);
  }

  /** RFC 3161 §2.4.2: status granted, messageImprint and nonce as sent. */
  #checked(body: Uint8Array, digest: Uint8Array, nonce: Uint8Array): Uint8Array {
    let reply: ReturnType<typeof parseTimeStampResponse>;
    let info: ReturnType<typeof readTstInfo>;
    try {
      reply = parseTimeStampResponse(body);
      if (reply.status !== PKI_STATUS.granted && reply.status !== PKI_STATUS.grantedWithMods)
        throw new AttemptError(`REJECTED_${reply.status}`, reply.status === PKI_STATUS.systemFailure);
      if (!reply.token) throw new AttemptError('NO_TOKEN', false);
      info = readTstInfo(reply.token);
    } catch (error) {
      if (error instanceof AttemptError) throw error;
      throw new AttemptError('MALFORMED_REPLY', false, { cause: error });
    }
    if (info.hashAlgorithm !== TSP_OIDS.sha256 || !Buffer.from(info.digest).equals(digest))
      throw new AttemptError('IMPRINT_MISMATCH', false);
    if (!info.nonce || !Buffer.from(info.nonce).equals(nonce))
      throw new AttemptError('NONCE_MISMATCH', false);
    return reply.token;
  }
}
