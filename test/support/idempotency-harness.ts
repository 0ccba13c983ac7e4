/**
 * A harness for the Idempotency-Key middleware on dynalite: the chain of `functions/http/handler.ts` (the
 * envelope around the middleware around a route) with a route whose outcome and duration a test sets.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import middy from '@middy/core';
import { DynamoIdempotencyStore } from '../../functions/adapters/dynamodb-idempotency-store.js';
import { DomainError } from '../../functions/core/errors.js';
import { httpEnvelope } from '../../functions/http/envelope.js';
import { type IdempotencyOptions, idempotency } from '../../functions/http/idempotency.js';
import type { Context, HttpEvent, HttpResult } from '../../functions/http/types.js';
import type { Clock } from '../../functions/ports/clock.js';
import type { Logger } from '../../functions/ports/logger.js';
import type { TestDynamo } from './storage.js';

export const T0 = Date.parse('2026-03-26T08:00:00Z');

/** A clock the test moves by hand, shared by the store and the middleware. */
export const manualClock = () => {
  let nowMs = T0;
  return {
    now: () => new Date(nowMs),
    advance: (ms: number) => {
      nowMs += ms;
    },
  };
};

export type EventInput = {
  key?: string;
  body?: string;
  clientId?: string;
  path?: string;
  requestId?: string;
};

export const postEvent = ({
  key,
  body = '{"serviceItemCode":"A"}',
  clientId = 'client-a',
  path = '/v1/cases',
  requestId = randomUUID(),
}: EventInput): HttpEvent => ({
  version: '2.0',
  routeKey: `POST ${path}`,
  rawPath: path,
  rawQueryString: '',
  headers: {
    'content-type': 'application/json',
    'x-amzn-trace-id': randomUUID(),
    ...(key === undefined ? {} : { 'idempotency-key': key }),
  },
  requestContext: {
    accountId: 'local',
    apiId: 'local',
    domainName: 'localhost',
    domainPrefix: 'localhost',
    http: { method: 'POST', path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
    requestId,
    routeKey: `POST ${path}`,
    stage: '$default',
    time: '26/Mar/2026:08:00:00 +0000',
    timeEpoch: T0,
  },
  body,
  isBase64Encoded: false,
  client: { clientId, name: clientId, serviceItems: ['*'], departments: ['*'] },
  requestId,
});

/** Collects error log lines (the middleware logs records it could not settle). */
export const collectingLogger = () => {
  const errors: { message: string; fields?: Record<string, unknown> }[] = [];
  const ignore = () => undefined;
  const logger: Logger = {
    debug: ignore,
    info: ignore,
    warn: ignore,
    error: (message, fields) => void errors.push({ message, ...(fields ? { fields } : {}) }),
  };
  return { logger, errors };
};

export type Behaviour = {
  delayMs: number;
  outcome: 'created' | 'throws' | 'unprocessable' | 'conflict' | 'notFound' | 'huge';
};

export type Options = Omit<IdempotencyOptions, 'store' | 'clock' | 'logger'>;

/**
 * The chain of `functions/http/handler.ts`: the envelope (request id, error shape) wraps an inner chain with
 * the idempotency middleware around a handler that counts runs, takes a while, and creates something new
 * (a random id) each run.
 */
export const buildHandler = (store: DynamoIdempotencyStore, clock: Clock, options: Options) => {
  const behaviour: Behaviour = { delayMs: 100, outcome: 'created' };
  const { logger, errors } = collectingLogger();
  let runs = 0;
  const route = async (): Promise<HttpResult> => {
    runs++;
    await sleep(behaviour.delayMs);
    if (behaviour.outcome === 'throws') throw new Error('database unavailable');
    if (behaviour.outcome === 'unprocessable')
      return { statusCode: 422, body: '{"error":{"code":"INVALID_FORM","requestId":"first"}}' };
    if (behaviour.outcome === 'conflict')
      throw new DomainError('CONFLICT', 'CASE_NOT_APPROVED', '案件尚未批准', 'The case is not approved');
    if (behaviour.outcome === 'notFound')
      throw new DomainError('NOT_FOUND', 'SERVICE_ITEM_NOT_FOUND', '事项不存在', 'No such service item', {
        details: { serviceItemCode: 'NOPE' },
      });
    const body =
      behaviour.outcome === 'huge'
        ? randomBytes(500_000).toString('base64')
        : JSON.stringify({ caseId: randomUUID() });
    return {
      statusCode: 201,
      headers: { 'content-type': 'application/json', location: '/v1/cases/x' },
      body,
    };
  };
  const inner = middy<HttpEvent, HttpResult>()
    .use(idempotency({ store, clock, logger, pollMs: 10, ...options }))
    .handler(route);
  const outer = middy<HttpEvent, HttpResult>()
    .use(httpEnvelope({ logger, newRequestId: randomUUID }))
    .handler((event, context) => inner(event, context));
  const invoke = (event: HttpEvent) => outer(event, {} as Context) as Promise<HttpResult>;
  return { invoke, behaviour, runs: () => runs, loggedErrors: errors };
};

export const errorCode = (response: HttpResult) =>
  (JSON.parse(response.body ?? '{}') as { error?: { code?: string } }).error?.code;

/** A store on the test's dynalite, a clock moved by hand, and the handler chain around them. */
export const setUpIdempotency = (dynamo: TestDynamo, options: Options = {}) => {
  const clock = manualClock();
  const store = new DynamoIdempotencyStore({
    client: dynamo.doc,
    tableName: dynamo.tables.idempotency,
    clock,
  });
  return { clock, store, ...buildHandler(store, clock, options) };
};
