/**
 * Route definitions: one object per endpoint, carrying everything the shared plumbing needs (auth, body rules,
 * idempotency) and the zod schemas that both validate requests and generate the OpenAPI document.
 */
import type * as z from 'zod';
import type { ApiClient, HttpEvent, HttpResult } from './types.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** How a route accepts a body. */
export type BodyRule =
  | { kind: 'none' }
  | { kind: 'json'; schema: z.ZodType; maxBytes: number; optional?: boolean }
  | { kind: 'binary'; contentTypes: string[] | 'any'; maxBytes: number };

export interface ResponseSpec {
  description: string;
  /** JSON body schema (for OpenAPI). */
  schema?: z.ZodType;
  /**
   * Non-JSON media type, e.g. `text/html` or `application/pdf`. With `schema` as well, both are answered
   * (by the request's Accept header).
   */
  mediaType?: string;
}

/** What a route handler receives once the plumbing has authenticated and validated the request. */
export interface RouteRequest<
  TBody = unknown,
  TParams = Record<string, string>,
  TQuery = Record<string, unknown>,
> {
  event: HttpEvent;
  requestId: string;
  client: ApiClient | undefined;
  params: TParams;
  query: TQuery;
  body: TBody;
  /** The raw body bytes (binary routes). */
  rawBody: Uint8Array;
  /** Lower-cased request headers. */
  headers: Record<string, string>;
}

export interface RouteDefinition<TDeps = unknown> {
  method: HttpMethod;
  /** API Gateway style path, e.g. `/v1/cases/{caseId}`. */
  path: string;
  operationId: string;
  summary: string;
  tags: string[];
  /** `upstream`: needs an API key (🔑); `public`: anyone; `local`: only served by the local runtime. */
  access: 'upstream' | 'public' | 'local';
  /** Honour the `Idempotency-Key` header. */
  idempotent?: boolean;
  body: BodyRule;
  params?: z.ZodObject;
  query?: z.ZodObject;
  responses: Record<number, ResponseSpec>;
  // The body, params and query were validated against this route's own schemas before `handle` runs.
  // biome-ignore lint/suspicious/noExplicitAny: each route narrows the request with its schemas
  handle(request: RouteRequest<any, any, any>, deps: TDeps): Promise<HttpResult>;
}

/** Identity helper that keeps route literals type-checked. */
export const defineRoute = <TDeps>(route: RouteDefinition<TDeps>): RouteDefinition<TDeps> => route;
