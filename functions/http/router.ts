/**
 * Route matching and request decoding: path parameters, query, body size (413), content type (415),
 * JSON parsing and schema validation (400). Works on API Gateway HTTP API v2 events in both runtimes.
 */
import type * as z from 'zod';
import { DomainError } from '../core/errors.js';
import type { RouteDefinition } from './route.js';
import type { HttpEvent } from './types.js';

export interface CompiledRoute<TDeps> {
  route: RouteDefinition<TDeps>;
  pattern: RegExp;
  paramNames: string[];
}

export interface RouteMatch<TDeps> {
  route: RouteDefinition<TDeps>;
  params: Record<string, string>;
}

/** Compile `/v1/cases/{caseId}` into a matcher once per cold start. */
export function compileRoutes<TDeps>(routes: RouteDefinition<TDeps>[]): CompiledRoute<TDeps>[] {
  return routes.map((route) => {
    const paramNames: string[] = [];
    const source = route.path
      .split('/')
      .map((segment) => {
        const param = /^\{([A-Za-z]+)\}$/.exec(segment);
        if (!param?.[1]) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        paramNames.push(param[1]);
        return '([^/]+)';
      })
      .join('/');
    return { route, pattern: new RegExp(`^${source}/?$`), paramNames };
  });
}

/** Matches a UTF-16 surrogate that is not part of a pair (with the u flag, pairs are one code point). */
const loneSurrogate = /\p{Cs}/u;

const decodeSegment = (value: string): string => {
  try {
    const decoded = decodeURIComponent(value);
    if (loneSurrogate.test(decoded)) throw new Error('lone surrogate');
    return decoded;
  } catch {
    throw new DomainError(
      'INVALID',
      'INVALID_PATH',
      '请求路径编码无效',
      'The request path is not validly encoded',
    );
  }
};

/** Find the route for a method and path; 404 for an unknown path, 405 for a known path with another method. */
export function matchRoute<TDeps>(
  compiled: CompiledRoute<TDeps>[],
  method: string,
  path: string,
): RouteMatch<TDeps> {
  const allowed: string[] = [];
  for (const { route, pattern, paramNames } of compiled) {
    const m = pattern.exec(path);
    if (!m) continue;
    if (route.method !== method && !(method === 'HEAD' && route.method === 'GET')) {
      allowed.push(route.method);
      continue;
    }
    const params: Record<string, string> = {};
    paramNames.forEach((name, i) => {
      params[name] = decodeSegment(m[i + 1] ?? '');
    });
    return { route, params };
  }
  if (allowed.length > 0) {
    throw new DomainError(
      'METHOD_NOT_ALLOWED',
      'METHOD_NOT_ALLOWED',
      '不支持该请求方法',
      'Method not allowed',
      {
        details: { allowed },
      },
    );
  }
  throw new DomainError('NOT_FOUND', 'ROUTE_NOT_FOUND', '请求的接口不存在', 'No such endpoint', {
    details: { method, path: path.slice(0, 200) },
  });
}

/** Lower-cased copy of the request headers. */
export const lowerCaseHeaders = (event: HttpEvent): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(event.headers ?? {})) if (v !== undefined) out[k.toLowerCase()] = v;
  return out;
};

/** The media type of a Content-Type header, lower-cased, without parameters. */
export const mediaTypeOf = (contentType: string | undefined): string =>
  (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';

const tooLarge = (maxBytes: number) =>
  new DomainError(
    'TOO_LARGE',
    'PAYLOAD_TOO_LARGE',
    `请求体过大，上限为 ${maxBytes} 字节`,
    `Request body too large; the limit is ${maxBytes} bytes`,
    { details: { maxBytes } },
  );

/** Decode the body bytes, refusing anything over `maxBytes` before decoding it. */
export function readBody(event: HttpEvent, maxBytes: number): Uint8Array {
  const raw = event.body ?? '';
  if (raw.length === 0) return new Uint8Array(0);
  const estimated = event.isBase64Encoded
    ? Math.floor((raw.length * 3) / 4) - 2
    : Buffer.byteLength(raw, 'utf8');
  if (estimated > maxBytes) throw tooLarge(maxBytes);
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (bytes.byteLength > maxBytes) throw tooLarge(maxBytes);
  return bytes;
}

/** Issues of a zod validation as JSON-pointer paths, for error details. */
export const zodIssues = (error: z.ZodError): Array<{ path: string; message: string }> =>
  error.issues.slice(0, 50).map((issue) => ({
    path: `/${issue.path.map(String).join('/')}`,
    message: issue.message,
  }));

const unsupported = (expected: string[]) =>
  new DomainError(
    'UNSUPPORTED_MEDIA_TYPE',
    'UNSUPPORTED_MEDIA_TYPE',
    `不支持的内容类型，应为：${expected.join(', ')}`,
    `Unsupported Content-Type; expected one of: ${expected.join(', ')}`,
    { details: { expected } },
  );

/** Validate and decode the body according to the route's body rule. */
export function decodeBody(
  route: RouteDefinition<unknown>,
  event: HttpEvent,
  headers: Record<string, string>,
): { body: unknown; rawBody: Uint8Array } {
  const rule = route.body;
  if (rule.kind === 'none') return { body: undefined, rawBody: readBody(event, 64 * 1024) };
  const rawBody = readBody(event, rule.maxBytes);
  const mediaType = mediaTypeOf(headers['content-type']);
  if (rule.kind === 'binary') {
    if (rule.contentTypes !== 'any' && !rule.contentTypes.includes(mediaType))
      throw unsupported(rule.contentTypes);
    return { body: undefined, rawBody };
  }
  if (rawBody.byteLength === 0 && rule.optional) return { body: {}, rawBody };
  if (mediaType !== 'application/json') throw unsupported(['application/json']);
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(rawBody));
  } catch {
    throw new DomainError(
      'INVALID',
      'INVALID_JSON',
      '请求体不是有效的 UTF-8 JSON',
      'The body is not valid UTF-8 JSON',
    );
  }
  const result = rule.schema.safeParse(parsed);
  if (!result.success) {
    throw new DomainError(
      'INVALID',
      'INVALID_REQUEST',
      '请求内容不符合接口要求',
      'The request does not match the schema',
      {
        details: { issues: zodIssues(result.error) },
      },
    );
  }
  return { body: result.data, rawBody };
}

/** Validate the query string against the route's schema. */
export function decodeQuery(route: RouteDefinition<unknown>, event: HttpEvent): Record<string, unknown> {
  const query = event.queryStringParameters ?? {};
  if (!route.query) return query;
  const result = route.query.safeParse(query);
  if (!result.success) {
    throw new DomainError('INVALID', 'INVALID_QUERY', '查询参数无效', 'Invalid query parameters', {
      details: { issues: zodIssues(result.error) },
    });
  }
  return result.data as Record<string, unknown>;
}
