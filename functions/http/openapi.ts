/**
 * The OpenAPI 3.1 document, generated from the route definitions and the zod schemas the handlers validate
 * with — never written by hand beside them.
 */
import { z } from 'zod';
import type { RouteDefinition } from './route.js';

type JsonSchema = Record<string, unknown>;

const toSchema = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
  const json = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
  delete json.$schema;
  return json;
};

const parameters = (route: RouteDefinition<unknown>) => {
  const path = [...route.path.matchAll(/\{([A-Za-z]+)\}/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  const query = route.query
    ? Object.entries((toSchema(route.query, 'input').properties ?? {}) as Record<string, JsonSchema>).map(
        ([name, schema]) => ({
          name,
          in: 'query',
          required: ((toSchema(route.query as z.ZodType, 'input').required as string[]) ?? []).includes(name),
          schema,
        }),
      )
    : [];
  const idem = route.idempotent
    ? [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 255 } }]
    : [];
  return [...path, ...query, ...idem];
};

const requestBody = (route: RouteDefinition<unknown>) => {
  const body = route.body;
  if (body.kind === 'none') return undefined;
  if (body.kind === 'binary') {
    const types =
      body.contentTypes === 'any' ? ['application/pdf', 'image/jpeg', 'image/png'] : body.contentTypes;
    return {
      required: true,
      content: Object.fromEntries(
        types.map((t) => [t, { schema: { type: 'string', contentEncoding: 'binary' } }]),
      ),
    };
  }
  return {
    required: !body.optional,
    content: { 'application/json': { schema: toSchema(body.schema, 'input') } },
  };
};

/** Build the OpenAPI 3.1 document for the given routes (local-only routes are left out). */
export function buildOpenApi(
  routes: RouteDefinition<unknown>[],
  info: { version: string; serverUrl: string },
) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes.filter((r) => r.access !== 'local')) {
    const operation: Record<string, unknown> = {
      operationId: route.operationId,
      summary: route.summary,
      tags: route.tags,
      parameters: parameters(route),
      responses: Object.fromEntries(
        Object.entries(route.responses).map(([status, spec]) => [
          status,
          {
            description: spec.description,
            ...(spec.schema
              ? { content: { 'application/json': { schema: toSchema(spec.schema, 'output') } } }
              : spec.mediaType
                ? { content: { [spec.mediaType]: {} } }
                : {}),
          },
        ]),
      ),
      ...(route.access === 'upstream' ? { security: [{ apiKey: [] }] } : {}),
    };
    const body = requestBody(route);
    if (body) operation.requestBody = body;
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, unknown>)[route.method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Zhengzhao — electronic licences API (电子证照)',
      version: info.version,
      description: 'Issues and verifies sealed electronic licences. Errors share one shape: `Error`.',
    },
    servers: [{ url: info.serverUrl }],
    components: {
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'Upstream API key' } },
    },
    paths,
  };
}
