/**
 * `Idempotency-Key` middleware (API.md, "Conventions" and "Any day, any retry"): the same key with the same
 * request replays the first answer with `idempotent-replayed: true` and runs nothing again, also when
 * identical requests race. Every 2xx and the client errors a retry would meet again are kept for replay
 * (idempotent-responses.ts); after anything else the claim is released so a retry runs. A request racing
 * the first gets the first's kept answer or 409 `REQUEST_IN_PROGRESS` with `Retry-After` — never a 5xx,
 * whatever the first answered.
 *
 * Placement in the middy chain matters:
 * - after `authenticate()` (keys are scoped by `event.client.clientId`);
 * - after (inside) the error mapper, so that this `onError` runs first and keeps or releases the claim
 *   before the mapper turns the error into a response (middy stops at the first `onError` that sets one);
 * - before anything that rewrites `event.body` (the request hash is over the raw body).
 * `createHttpHandler` (handler.ts) meets all three: the envelope wraps an inner chain routing → this → route.
 * A replay is an early response: `after` middlewares registered before this one do not run for it, so the
 * replay carries its own `x-request-id` from `event.requestId`.
 *
 * `lockTimeoutSeconds` must exceed the Lambda timeout: a claim older than that counts as crashed and a
 * retry takes it over (so a crashed issuance can be completed by retrying with the same key).
 */
import { createHash, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { MiddlewareObj, Request } from '@middy/core';
import { DomainError } from '../core/errors.js';
import type { Clock } from '../ports/clock.js';
import type { IdempotencyRecord, IdempotencyStore, StoredResponse } from '../ports/idempotency-store.js';
import type { Logger } from '../ports/logger.js';
import {
  answerToKeep,
  DEFAULT_REPLAYED_ERROR_STATUSES,
  type HandlerOutcome,
  replayResponse,
} from './idempotent-responses.js';
import type { HttpEvent, HttpResult } from './types.js';

/** Options of `idempotency()`. */
export interface IdempotencyOptions {
  store: IdempotencyStore;
  clock: Clock;
  /** Seconds after which an unfinished claim counts as crashed and may be taken over. @default 60 */
  lockTimeoutSeconds?: number;
  /** Seconds a completed response is replayed for. @default 86400 (24 h) */
  ttlSeconds?: number;
  /** How long a racing request waits for the first one before answering 409 `REQUEST_IN_PROGRESS`. @default 5000 */
  waitForInProgressMs?: number;
  /** Interval between reads of the record while waiting. @default 100 */
  pollMs?: number;
  /**
   * Told when storing or releasing a record fails after the handler ran. The handler's response is still
   * returned (the work is done); the claim then lapses after `lockTimeoutSeconds`.
   * @default one JSON line on stderr
   */
  logger?: Logger;
  /**
   * Error statuses kept for replay like a 2xx (the rest release the claim).
   * @default DEFAULT_REPLAYED_ERROR_STATUSES: 400, 403, 404, 410, 413, 415, 422
   */
  replayedErrorStatuses?: readonly number[];
}

const KEY_PATTERN = /^[\x20-\x7e]{1,255}$/;

/** True if `key` is an acceptable Idempotency-Key: 1–255 printable ASCII characters. */
export const isValidIdempotencyKey = (key: string): boolean => KEY_PATTERN.test(key);

/**
 * Hex SHA-256 over method, raw path and body bytes (base64-decoded if `isBase64Encoded`). Headers are left
 * out on purpose: retries legitimately differ in request id, date and tracing headers.
 */
export function computeRequestHash(event: HttpEvent): string {
  const body =
    event.body === undefined
      ? Buffer.alloc(0)
      : Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
  const hash = createHash('sha256');
  // Length-prefixed parts, so that no shift of bytes between path and body yields the same input.
  for (const part of [
    Buffer.from(event.requestContext.http.method.toUpperCase()),
    Buffer.from(event.rawPath),
    body,
  ]) {
    hash.update(`${part.byteLength}:`);
    hash.update(part);
  }
  return hash.digest('hex');
}

interface HeldClaim {
  id: string;
  lockToken: string;
}

type Acquired = { lockToken: string } | { replay: StoredResponse };

/** Options with defaults applied, shared by the steps below. */
interface Settings {
  store: IdempotencyStore;
  clock: Clock;
  lockTimeoutMs: number;
  ttlSeconds: number;
  waitMs: number;
  pollMs: number;
  replayedErrorStatuses: ReadonlySet<number>;
  onStoreError: (error: unknown, recordId: string) => void;
}

/**
 * Middy middleware implementing `Idempotency-Key` for one route's handler. Requests without the header pass
 * through untouched; answers not kept for replay release the claim so the client may retry.
 */
export function idempotency(options: IdempotencyOptions): MiddlewareObj<HttpEvent, HttpResult> {
  const settings: Settings = {
    store: options.store,
    clock: options.clock,
    lockTimeoutMs: (options.lockTimeoutSeconds ?? 60) * 1000,
    ttlSeconds: options.ttlSeconds ?? 24 * 60 * 60,
    waitMs: options.waitForInProgressMs ?? 5000,
    pollMs: options.pollMs ?? 100,
    replayedErrorStatuses: new Set(options.replayedErrorStatuses ?? DEFAULT_REPLAYED_ERROR_STATUSES),
    onStoreError: (error, recordId) => {
      const reason = error instanceof Error ? { name: error.name, message: error.message } : String(error);
      const fields = { recordId, error: reason };
      if (options.logger) options.logger.error('idempotency record not settled', fields);
      else
        console.error(JSON.stringify({ level: 'error', msg: 'idempotency record not settled', ...fields }));
    },
  };
  // Claims held by requests in flight, keyed by middy's request object (the same in before/after/onError).
  const held = new WeakMap<object, HeldClaim>();

  return {
    name: 'idempotency',
    before: async (request) => {
      const key = headerValue(request.event.headers, 'idempotency-key');
      if (key === undefined) return undefined;
      if (!isValidIdempotencyKey(key)) throw invalidKey();
      const clientId = request.event.client?.clientId;
      if (clientId === undefined) {
        throw new Error('idempotency middleware needs an authenticated client: use it after authenticate()');
      }
      // The client id is encoded so that '#' inside it cannot make two (client, key) pairs collide.
      const id = `${encodeURIComponent(clientId)}#${key}`;
      const acquired = await acquire(settings, id, computeRequestHash(request.event));
      if ('replay' in acquired) return replayResponse(acquired.replay, request.event.requestId);
      held.set(request, { id, lockToken: acquired.lockToken });
      return undefined;
    },
    after: (request) => settle(settings, held, request, { response: request.response }),
    onError: (request) => settle(settings, held, request, { error: request.error }),
  };
}

function newClaim(settings: Settings, id: string, requestHash: string): IdempotencyRecord {
  const nowMs = settings.clock.now().getTime();
  return {
    id,
    requestHash,
    status: 'IN_PROGRESS',
    lockedUntil: nowMs + settings.lockTimeoutMs,
    expiresAtEpoch: Math.floor(nowMs / 1000) + settings.ttlSeconds,
    lockToken: randomUUID(),
  };
}

/**
 * Claim the key, or wait for the request holding it: replay its answer once kept, take over if its lock
 * runs out, answer 409 `REQUEST_IN_PROGRESS` after `waitMs` or when it lets go without a kept answer.
 * Waiting is measured on the monotonic timer, not the injected clock, so a fixed test clock cannot make it
 * wait forever.
 */
async function acquire(settings: Settings, id: string, requestHash: string): Promise<Acquired> {
  const started = performance.now();
  for (let attempt = 0; ; attempt++) {
    if (attempt > 0 && performance.now() - started >= settings.waitMs) throw requestInProgress(undefined);
    const claim = newClaim(settings, id, requestHash);
    const result = await settings.store.claim(claim);
    if (result.outcome === 'claimed') return { lockToken: claim.lockToken };
    // The holder let go without a kept answer (409, 429, 5xx) while this request raced it: the retry the
    // client makes after Retry-After runs on its own, rather than every racer running at once now.
    if (result.outcome === 'vanished') throw requestInProgress(undefined);
    const replay = await waitForHolder(settings, id, requestHash, result.record, started);
    if (replay !== undefined) return { replay };
  }
}

/**
 * Poll the holder's record: its kept answer, or `undefined` once its lock has run out (it crashed or timed
 * out; the caller takes the claim over). Throws 409 when the holder lets go or `waitMs` passes.
 */
async function waitForHolder(
  settings: Settings,
  id: string,
  requestHash: string,
  blocking: IdempotencyRecord,
  started: number,
): Promise<StoredResponse | undefined> {
  const { store, clock } = settings;
  let record: IdempotencyRecord | undefined = blocking;
  for (;;) {
    if (record === undefined) throw requestInProgress(undefined);
    if (record.requestHash !== requestHash) throw keyReused();
    if (record.status === 'COMPLETED') return completedResponse(record);
    const lockRemainingMs = record.lockedUntil - clock.now().getTime();
    if (lockRemainingMs < 0) return undefined;
    const waited = performance.now() - started;
    if (waited >= settings.waitMs) throw requestInProgress(lockRemainingMs);
    await sleep(Math.min(settings.pollMs, settings.waitMs - waited));
    record = await store.get(id);
  }
}

/** Keep the answer for replay, or release the claim when it is not one to keep. */
async function settle(
  settings: Settings,
  held: WeakMap<object, HeldClaim>,
  request: Request<HttpEvent, HttpResult>,
  outcome: HandlerOutcome,
): Promise<void> {
  const claim = held.get(request);
  if (claim === undefined) return;
  held.delete(request);
  try {
    const kept = answerToKeep(outcome, settings.replayedErrorStatuses, request.event.requestId ?? '');
    if (kept !== undefined) await settings.store.complete(claim.id, claim.lockToken, kept);
    else await settings.store.release(claim.id, claim.lockToken);
  } catch (error) {
    settings.onStoreError(error, claim.id);
  }
}

function headerValue(headers: HttpEvent['headers'] | undefined, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (key.toLowerCase() === name) return value;
  }
  return undefined;
}

function completedResponse(record: IdempotencyRecord): StoredResponse {
  if (record.response === undefined)
    throw new Error(`completed idempotency record without response: ${record.id}`);
  return record.response;
}

const invalidKey = (): DomainError =>
  new DomainError(
    'INVALID',
    'INVALID_IDEMPOTENCY_KEY',
    '幂等键（Idempotency-Key）无效：须为 1 至 255 个可打印 ASCII 字符',
    'Invalid Idempotency-Key: it must be 1 to 255 printable ASCII characters',
  );

const keyReused = (): DomainError =>
  new DomainError(
    'CONFLICT',
    'IDEMPOTENCY_KEY_REUSED',
    '该幂等键（Idempotency-Key）已用于另一个不同的请求',
    'This Idempotency-Key was already used for a different request',
  );

/** Retry-After: the holder's remaining lock time, but at least 1 s and at most 5 s (it usually ends sooner). */
const requestInProgress = (lockRemainingMs: number | undefined): DomainError =>
  new DomainError(
    'CONFLICT',
    'REQUEST_IN_PROGRESS',
    '使用相同幂等键（Idempotency-Key）的请求仍在处理中，请稍后重试',
    'A request with the same Idempotency-Key is still in progress; please retry later',
    { retryAfterSeconds: Math.min(5, Math.max(1, Math.ceil((lockRemainingMs ?? 1000) / 1000))) },
  );
