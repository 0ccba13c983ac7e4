/**
 * The outermost middleware of every handler: assigns the request id, maps every error to the one error
 * shape of API.md, and adds security headers — also to early responses of inner middlewares, which is why it
 * wraps the inner chain instead of sitting beside it.
 */
import type { MiddlewareObj } from '@middy/core';
import { type DomainError, type ErrorKind, isDomainError } from '../core/errors.js';
import type { Logger } from '../ports/logger.js';
import type { Metrics } from '../ports/metrics.js';
import { errorBody, json } from './responses.js';
import type { HttpEvent, HttpResult } from './types.js';

const statusByKind: Record<ErrorKind, number> = {
  INVALID: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNPROCESSABLE: 422,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
};

const securityHeaders: Record<string, string> = {
  'strict-transport-security': 'max-age=63072000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
};

const requestIdPattern = /^[A-Za-z0-9=_.:-]{8,128}$/;

/** Map a domain error to an HTTP response in the API's error shape. */
export function domainErrorResponse(error: DomainError, requestId: string): HttpResult {
  const headers: Record<string, string> = {};
  if (error.retryAfterSeconds !== undefined) headers['retry-after'] = String(error.retryAfterSeconds);
  if (error.kind === 'UNAUTHENTICATED') headers['www-authenticate'] = 'Bearer realm="zhengzhao"';
  return json(
    statusByKind[error.kind],
    errorBody(error.code, `${error.messageZh} / ${error.messageEn}`, requestId, error.details),
    headers,
  );
}

const internalError = (requestId: string): HttpResult =>
  json(
    500,
    errorBody('INTERNAL_ERROR', '服务内部错误，请稍后重试 / Internal error, please retry later', requestId),
  );

export interface EnvelopeOptions {
  logger: Logger;
  metrics?: Metrics;
  /** Generates a request id when API Gateway did not provide one. */
  newRequestId: () => string;
}

/** Request id, error mapping, security headers and one access-log line per request. */
export function httpEnvelope(options: EnvelopeOptions): MiddlewareObj<HttpEvent, HttpResult> {
  const started = new WeakMap<object, number>();
  const finish = (event: HttpEvent, response: HttpResult): HttpResult => {
    const requestId = event.requestId ?? 'unknown';
    const headers: Record<string, string> = {
      ...securityHeaders,
      'cache-control': 'no-store',
      ...(response.headers ?? {}),
    };
    headers['x-request-id'] = requestId;
    const status = response.statusCode ?? 200;
    options.metrics?.count('Requests');
    if (status >= 500) options.metrics?.count('Http5xx');
    else if (status >= 400) options.metrics?.count('Http4xx');
    options.metrics?.flush();
    options.logger.info('request', {
      requestId,
      method: event.requestContext?.http?.method,
      // Route keys, not raw paths: paths can carry tokens and codes.
      routeKey: event.routeKey,
      status: response.statusCode,
      ms: Date.now() - (started.get(event) ?? Date.now()),
      clientId: event.client?.clientId,
    });
    return { ...response, headers };
  };
  return {
    before: (request) => {
      const event = request.event;
      started.set(event, Date.now());
      const fromGateway = event.requestContext?.requestId;
      event.requestId =
        fromGateway && requestIdPattern.test(fromGateway) ? fromGateway : options.newRequestId();
    },
    after: (request) => {
      request.response = finish(
        request.event,
        request.response ?? internalError(request.event.requestId ?? ''),
      );
    },
    onError: (request) => {
      const event = request.event;
      const requestId = event.requestId ?? options.newRequestId();
      event.requestId = requestId;
      const error = request.error;
      if (isDomainError(error)) {
        request.response = finish(event, domainErrorResponse(error, requestId));
        return;
      }
      options.logger.error('unhandled error', {
        requestId,
        error:
          error instanceof Error
            ? { name: error.name, message: error.message, stack: error.stack }
            : String(error),
      });
      request.response = finish(event, internalError(requestId));
    },
  };
}
