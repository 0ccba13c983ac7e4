/** Routes of the bulk module: bulk issuance (存量证照电子化, mass renewals). 🔑 */
import * as z from 'zod';
import type { AppDependencies } from '../composition.js';
import { getBulk } from '../core/bulk/bulk-status.js';
import { createBulkUpload, startBulk } from '../core/bulk/start-bulk.js';
import type { Principal } from '../core/cases/model.js';
import {
  bulkIssuanceRequestSchema,
  bulkIssuanceSchema,
  bulkIssuanceStartedSchema,
  bulkUploadSchema,
} from '../http/bulk-schemas.js';
import { json } from '../http/responses.js';
import { defineRoute, type RouteDefinition, type RouteRequest } from '../http/route.js';
import { errorSchema } from '../http/schemas.js';

const principal = (request: RouteRequest): Principal => {
  if (!request.client) throw new Error('upstream route without an authenticated client');
  return request.client;
};

const errors = {
  400: { description: 'Invalid request', schema: errorSchema },
  401: { description: 'Missing or wrong API key', schema: errorSchema },
  403: { description: 'Not allowed for this service item', schema: errorSchema },
  404: { description: 'Not found (or another client’s)', schema: errorSchema },
};

export const bulkRoutes: RouteDefinition<AppDependencies>[] = [
  defineRoute<AppDependencies>({
    method: 'POST',
    path: '/v1/bulk-issuances/uploads',
    operationId: 'createBulkUpload',
    summary: 'A presigned PUT for a bulk job’s NDJSON rows file (up to 1,000,000 rows), and its rowsUrl',
    tags: ['bulk'],
    access: 'upstream',
    idempotent: true,
    body: { kind: 'none' },
    responses: {
      201: { description: 'Where to upload, and the rowsUrl naming the file', schema: bulkUploadSchema },
      ...errors,
    },
    handle: async (request, deps) => json(201, await createBulkUpload(deps.bulk, principal(request))),
  }),
  defineRoute<AppDependencies>({
    method: 'POST',
    path: '/v1/bulk-issuances',
    operationId: 'startBulkIssuance',
    summary: 'Issue a licence per row (inline or an uploaded file), each exactly once, in the background',
    tags: ['bulk'],
    access: 'upstream',
    idempotent: true,
    body: { kind: 'json', schema: bulkIssuanceRequestSchema, maxBytes: 1024 * 1024 },
    responses: {
      202: {
        description: 'The job is running; poll GET /v1/bulk-issuances/{bulkId}',
        schema: bulkIssuanceStartedSchema,
      },
      ...errors,
      409: { description: 'Idempotency conflicts', schema: errorSchema },
      413: { description: 'ROWS_FILE_TOO_LARGE', schema: errorSchema },
      422: { description: 'ROWS_NOT_UPLOADED (rowsUrl names no upload of this client)', schema: errorSchema },
    },
    handle: async (request, deps) => {
      const started = await startBulk(deps.bulk, principal(request), request.body);
      return json(202, started);
    },
  }),
  defineRoute<AppDependencies>({
    method: 'GET',
    path: '/v1/bulk-issuances/{bulkId}',
    operationId: 'getBulkIssuance',
    summary: 'A bulk job’s progress, and its per-row results once complete',
    tags: ['bulk'],
    access: 'upstream',
    body: { kind: 'none' },
    params: z.object({ bulkId: z.string() }),
    responses: { 200: { description: 'The job', schema: bulkIssuanceSchema }, ...errors },
    handle: async (request, deps) =>
      json(200, await getBulk(deps.bulk, principal(request), request.params.bulkId)),
  }),
];
