/**
 * The OpenAPI 3.1 document, generated from the route definitions and the zod schemas the handlers validate
 * with — never written by hand beside them.
 */
import * as z from 'zod';
import { DEFAULT_REPLAYED_ERROR_STATUSES } from './idempotent-responses.js';
import type { ResponseSpec, RouteDefinition } from './route.js';
import { errorSchema } from './schemas.js';

type JsonSchema = Record<string, unknown>;

/**
 * zod puts named schemas under `$defs` of each converted schema; OpenAPI wants them once, under
 * `components.schemas`, referenced as `#/components/schemas/<id>`. An input variant that differs from the
 * output variant of the same id (defaults, transforms) is registered as `<id>Input`.
 */
const toSchema = (
  schema: z.ZodType,
  io: 'input' | 'output',
  components: Record<string, JsonSchema>,
): JsonSchema => {
  const json = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
  delete json.$schema;
  const defs = (json.$defs ?? {}) as Record<string, JsonSchema>;
  delete json.$defs;
  const rename = new Map<string, string>();
  for (const [id, def] of Object.entries(defs)) {
    const existing = components[id];
    rename.set(id, existing && JSON.stringify(existing) !== JSON.stringify(def) ? `${id}Input` : id);
  }
  const relink = (value: JsonSchema): JsonSchema =>
    JSON.parse(
      JSON.stringify(value).replace(
        /"#\/\$defs\/([^"]+)"/g,
        (_m, id: string) => `"#/components/schemas/${rename.get(id) ?? id}"`,
      ),
    ) as JsonSchema;
  for (const [id, def] of Object.entries(defs)) components[rename.get(id) ?? id] ??= relink(def);
  return relink(json);
};

type Convert = (schema: z.ZodType, io: 'input' | 'output') => JsonSchema;

const IDEMPOTENCY_KEY_DESCRIPTION =
  'The same key with the same request (method, path, body) replays the first answer with ' +
  `\`idempotent-replayed: true\` and runs nothing again. Kept for replay: every 2xx and ` +
  `${DEFAULT_REPLAYED_ERROR_STATUSES.join('/')}; ` +
  'after a 409, 429 or 5xx the key is free for a retry. A request racing the first gets its answer or 409 ' +
  'REQUEST_IN_PROGRESS with Retry-After; the key with another request → 409 IDEMPOTENCY_KEY_REUSED. ' +
  '1–255 printable ASCII characters, scoped per client, kept 24 h.';

const parameters = (route: RouteDefinition<unknown>, toSchema: Convert) => {
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
    ? [
        {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          description: IDEMPOTENCY_KEY_DESCRIPTION,
          schema: { type: 'string', minLength: 1, maxLength: 255 },
        },
      ]
    : [];
  return [...path, ...query, ...idem];
};

const requestBody = (route: RouteDefinition<unknown>, toSchema: Convert) => {
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

/**
 * Answers the shared plumbing gives any route of this shape (router, authentication, idempotency, the
 * gateway's payload limit, the envelope's 500, the backing services' 503), so that every status a client
 * can meet is documented. A route's own entry for the same status wins: it names the route's codes.
 */
const plumbingResponses = (route: RouteDefinition<unknown>): Record<number, ResponseSpec> => {
  const invalid = [
    ...(route.path.includes('{') ? ['INVALID_PATH (a badly encoded path segment)'] : []),
    ...(route.query ? ['INVALID_QUERY'] : []),
    ...(route.body.kind === 'json' ? ['INVALID_JSON', 'INVALID_REQUEST (details.issues)'] : []),
    ...(route.idempotent ? ['INVALID_IDEMPOTENCY_KEY'] : []),
  ];
  const error = (description: string): ResponseSpec => ({ description, schema: errorSchema });
  const responses: Record<number, ResponseSpec> = {};
  if (invalid.length > 0) responses[400] = error(invalid.join(' / '));
  if (route.access === 'upstream')
    responses[401] = error('UNAUTHENTICATED: missing, malformed or unknown API key');
  if (route.idempotent) responses[409] = error('REQUEST_IN_PROGRESS (Retry-After) / IDEMPOTENCY_KEY_REUSED');
  responses[413] = error("PAYLOAD_TOO_LARGE: over the route's body limit (10 MiB at the gateway)");
  if (route.body.kind !== 'none') responses[415] = error('UNSUPPORTED_MEDIA_TYPE');
  responses[500] = error(
    'INTERNAL_ERROR: an unexpected failure (a generic message and the request id, nothing more)',
  );
  // Writes append to the audit chain, and holder look-ups and seals need KMS: each can be briefly busy.
  if (route.access === 'upstream')
    responses[503] = error(
      'A backing service is briefly busy or unavailable (AUDIT_LOG_BUSY, KEY_SERVICE_UNAVAILABLE, ' +
        'SEAL_SIGNER_UNAVAILABLE): retry after Retry-After',
    );
  return responses;
};

/** One response: JSON by its schema and/or another media type (both when the route negotiates on Accept). */
const responseObject = (spec: ResponseSpec, convert: Convert) => {
  const content: Record<string, unknown> = {};
  if (spec.schema) content['application/json'] = { schema: convert(spec.schema, 'output') };
  if (spec.mediaType) content[spec.mediaType] = {};
  return { description: spec.description, ...(Object.keys(content).length > 0 ? { content } : {}) };
};

/** Build the OpenAPI 3.1 document for the given routes (local-only routes are left out). */
export function buildOpenApi(
  routes: RouteDefinition<unknown>[],
  info: { version: string; serverUrl: string },
) {
  const paths: Record<string, Record<string, unknown>> = {};
  // Named schemas (zod `.meta({ id })`) collected while converting, for `components.schemas`.
  const schemas: Record<string, JsonSchema> = {};
  const convert: Convert = (schema, io) => toSchema(schema, io, schemas);
  for (const route of routes.filter((r) => r.access !== 'local')) {
    const operation: Record<string, unknown> = {
      operationId: route.operationId,
      summary: route.summary,
      tags: route.tags,
      parameters: parameters(route, convert),
      responses: Object.fromEntries(
        // Integer keys enumerate in ascending order: the statuses come out sorted.
        Object.entries({ ...plumbingResponses(route), ...route.responses }).map(([status, spec]) => [
          status,
          responseObject(spec, convert),
        ]),
      ),
      // Public operations say so (`security: []`): without it a client generator or linter cannot tell an
      // open operation from one whose security was forgotten.
      security: route.access === 'upstream' ? [{ apiKey: [] }] : [],
    };
    const body = requestBody(route, convert);
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
      schemas,
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'Upstream API key' } },
    },
    paths,
  };
}
