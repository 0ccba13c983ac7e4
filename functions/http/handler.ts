/**
 * Builds a Lambda handler from route definitions: the one middy chain every handler module uses.
 *
 * outer: envelope (request id, error shape, security headers) — wraps —
 * inner: route match → body/query decoding → authentication (🔑 routes) → idempotency (idem routes) → route.
 */
import middy, { type MiddlewareObj } from '@middy/core';
import type { ApiClientStore } from '../ports/api-client-store.js';
import type { Logger } from '../ports/logger.js';
import type { Metrics } from '../ports/metrics.js';
import { authenticateClient, type RefusedAuthentication } from './authenticate.js';
import { httpEnvelope } from './envelope.js';
import type { RouteDefinition, RouteRequest } from './route.js';
import { compileRoutes, decodeBody, decodeQuery, lowerCaseHeaders, matchRoute } from './router.js';
import type { Context, HttpEvent, HttpResult } from './types.js';

/** What the shared plumbing needs from the composition root. */
export interface HttpDependencies {
  logger: Logger;
  /** Request counts by status class (CloudWatch EMF on AWS). */
  metrics?: Metrics;
  apiClients: ApiClientStore;
  newRequestId: () => string;
  /** Records a refused authentication (audit trail). */
  recordRefusedAuthentication: (
    refusal: RefusedAuthentication & { requestId: string; routeKey: string },
  ) => Promise<void>;
  /** Applied to routes marked `idempotent`. */
  idempotency: MiddlewareObj<HttpEvent, HttpResult>;
}

export type LambdaHttpHandler = (event: HttpEvent, context: Context) => Promise<HttpResult>;

const onlyWhen = (
  predicate: (event: HttpEvent) => boolean,
  middleware: MiddlewareObj<HttpEvent, HttpResult>,
): MiddlewareObj<HttpEvent, HttpResult> => ({
  name: middleware.name,
  before:
    middleware.before && ((request) => (predicate(request.event) ? middleware.before?.(request) : undefined)),
  after:
    middleware.after && ((request) => (predicate(request.event) ? middleware.after?.(request) : undefined)),
  onError:
    middleware.onError &&
    ((request) => (predicate(request.event) ? middleware.onError?.(request) : undefined)),
});

/** Create the Lambda handler for a set of routes. */
export function createHttpHandler<TDeps>(
  routes: RouteDefinition<TDeps>[],
  deps: TDeps,
  http: HttpDependencies,
): LambdaHttpHandler {
  const compiled = compileRoutes(routes);
  const prepared = new WeakMap<HttpEvent, RouteRequest & { route: RouteDefinition<TDeps> }>();

  const routing: MiddlewareObj<HttpEvent, HttpResult> = {
    name: 'routing',
    before: async ({ event }) => {
      const method = event.requestContext?.http?.method ?? 'GET';
      const path = event.rawPath ?? event.requestContext?.http?.path ?? '/';
      const { route, params } = matchRoute(compiled, method, path);
      const headers = lowerCaseHeaders(event);
      const routeKey = `${route.method} ${route.path}`;
      let client: RouteRequest['client'];
      if (route.access === 'upstream') {
        client = await authenticateClient(headers.authorization, http.apiClients, (refusal) =>
          http.recordRefusedAuthentication({ ...refusal, requestId: event.requestId ?? '', routeKey }),
        );
        event.client = client;
      }
      const { body, rawBody } = decodeBody(route as RouteDefinition<unknown>, event, headers);
      const query = decodeQuery(route as RouteDefinition<unknown>, event);
      event.idempotent = route.idempotent === true;
      event.routeKey = routeKey;
      prepared.set(event, {
        route,
        event,
        requestId: event.requestId ?? '',
        client,
        params,
        query,
        body,
        rawBody,
        headers,
      });
    },
  };

  const inner = middy<HttpEvent, HttpResult>()
    .use(routing)
    .use(onlyWhen((event) => event.idempotent === true, http.idempotency))
    .handler(async (event) => {
      const request = prepared.get(event);
      if (!request) throw new Error('routing middleware did not run');
      return request.route.handle(request, deps);
    });

  return middy<HttpEvent, HttpResult>()
    .use(
      httpEnvelope({
        logger: http.logger,
        newRequestId: http.newRequestId,
        ...(http.metrics ? { metrics: http.metrics } : {}),
      }),
    )
    .handler((event, context) => inner(event, context));
}
