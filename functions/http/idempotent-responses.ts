/**
 * Which answers an `Idempotency-Key` keeps for replay, and how a kept answer is stored and replayed.
 *
 * Kept: every 2xx, and the client errors the same request meets again however often it is retried (a body
 * the rules refuse, an unknown service item, a target that does not exist, a client not allowed). A retry
 * with the same key and body then gets that answer again instead of running again, and so does every
 * request racing the first one. Not kept: 409 and 429 (a state or a rate that passes: the retry should run),
 * and 5xx (nothing was done; the retry completes it) — their claim is released.
 */
import { isDomainError } from '../core/errors.js';
import type { StoredResponse } from '../ports/idempotency-store.js';
import { domainErrorResponse } from './envelope.js';
import type { HttpResult } from './types.js';

/**
 * Client errors stored for replay beside every 2xx (see the module comment for what is left out and why).
 * A client that changes what made its request fail (uploads the missing material, say) sends a new request:
 * with a new key, as with any idempotency key whose answer is already given.
 */
export const DEFAULT_REPLAYED_ERROR_STATUSES: readonly number[] = [400, 403, 404, 410, 413, 415, 422];

/** Response headers never stored for replay: they describe one particular exchange. */
const VOLATILE_HEADERS = new Set(['x-request-id', 'date', 'idempotent-replayed', 'set-cookie']);

/** The outcome of the guarded handler: the response it returned, or the error it threw. */
export type HandlerOutcome = { response: unknown } | { error: unknown };

/**
 * The answer to keep for replay, or `undefined` when the claim is to be released instead. A thrown domain
 * error is kept as the error response the envelope will render from it (same status, code and details).
 */
export function answerToKeep(
  outcome: HandlerOutcome,
  replayedErrorStatuses: ReadonlySet<number>,
  requestId: string,
): StoredResponse | undefined {
  let response: unknown;
  if ('error' in outcome) {
    if (!isDomainError(outcome.error)) return undefined;
    response = domainErrorResponse(outcome.error, requestId);
  } else {
    response = outcome.response;
  }
  if (!hasStatus(response)) return undefined;
  const status = response.statusCode;
  const kept = (status >= 200 && status < 300) || replayedErrorStatuses.has(status);
  return kept ? toStoredResponse(response) : undefined;
}

/**
 * The stored answer as this request's response, marked `idempotent-replayed: true` and carrying this
 * request's id — in the header and, for an error, in the body, so the two never disagree.
 */
export function replayResponse(stored: StoredResponse, requestId: string | undefined): HttpResult {
  const headers: Record<string, string> = { ...stored.headers, 'idempotent-replayed': 'true' };
  if (requestId !== undefined) headers['x-request-id'] = requestId;
  const body =
    requestId !== undefined && stored.statusCode >= 400 && !stored.isBase64Encoded
      ? withErrorRequestId(stored.body, requestId)
      : stored.body;
  return { statusCode: stored.statusCode, headers, body, isBase64Encoded: stored.isBase64Encoded };
}

function hasStatus(response: unknown): response is HttpResult & { statusCode: number } {
  if (typeof response !== 'object' || response === null) return false;
  return typeof (response as { statusCode?: unknown }).statusCode === 'number';
}

function toStoredResponse(response: HttpResult & { statusCode: number }): StoredResponse {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers ?? {})) {
    if (!VOLATILE_HEADERS.has(name.toLowerCase())) headers[name] = String(value);
  }
  return {
    statusCode: response.statusCode,
    headers,
    body: response.body ?? '',
    isBase64Encoded: response.isBase64Encoded ?? false,
  };
}

function withErrorRequestId(body: string, requestId: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return body;
  }
  const error = (parsed as { error?: unknown } | null)?.error;
  if (typeof error !== 'object' || error === null || !('requestId' in error)) return body;
  return JSON.stringify({ ...(parsed as object), error: { ...error, requestId } });
}
