/**
 * The list endpoints: `GET /v1/cases` (the cases module) and `GET /v1/certificates?holder…` (the
 * certificates module). 🔑 Cursor pagination, newest first, scoped to what the key may see, masked.
 */
import type { AppDependencies } from '../composition.js';
import { type CaseListQuery, listCases } from '../core/cases/case-list.js';
import type { Principal } from '../core/cases/model.js';
import { type HolderListQuery, listCertificatesByHolder } from '../core/certificates/holder-list.js';
import {
  caseListQuerySchema,
  caseListSchema,
  certificateListQuerySchema,
  certificateListSchema,
} from '../http/list-schemas.js';
import { json } from '../http/responses.js';
import { defineRoute, type RouteRequest } from '../http/route.js';
import { errorSchema } from '../http/schemas.js';

const principal = (request: RouteRequest): Principal => {
  if (!request.client) throw new Error('upstream route without an authenticated client');
  return request.client;
};

const listErrors = {
  401: { description: 'Missing or wrong API key', schema: errorSchema },
  503: { description: 'KEY_SERVICE_UNAVAILABLE (Retry-After)', schema: errorSchema },
};

/** `GET /v1/cases` (cases module). */
export const caseListRoute = defineRoute<AppDependencies>({
  method: 'GET',
  path: '/v1/cases',
  operationId: 'listCases',
  summary: 'The calling client’s own cases, newest first, a page at a time',
  tags: ['cases'],
  access: 'upstream',
  body: { kind: 'none' },
  query: caseListQuerySchema,
  responses: {
    200: { description: 'A page of cases (applicants masked)', schema: caseListSchema },
    400: { description: 'INVALID_QUERY / INVALID_LIMIT / INVALID_CURSOR', schema: errorSchema },
    403: {
      description: 'FORBIDDEN_SERVICE_ITEM: serviceItemCode outside the key’s scope',
      schema: errorSchema,
    },
    ...listErrors,
  },
  handle: async (request, deps) => {
    const page = await listCases(deps.cases, principal(request), request.query as CaseListQuery);
    return json(200, { cases: page.items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) });
  },
});

/** `GET /v1/certificates` (certificates module). */
export const certificateListRoute = defineRoute<AppDependencies>({
  method: 'GET',
  path: '/v1/certificates',
  operationId: 'listCertificatesByHolder',
  summary: 'The licences of one holder this client may see, newest first, a page at a time (audited)',
  tags: ['certificates'],
  access: 'upstream',
  body: { kind: 'none' },
  query: certificateListQuerySchema,
  responses: {
    200: { description: 'A page of licences (holders masked)', schema: certificateListSchema },
    400: {
      description: 'HOLDER_REQUIRED / INVALID_HOLDER_ID / INVALID_QUERY / INVALID_LIMIT / INVALID_CURSOR',
      schema: errorSchema,
    },
    ...listErrors,
  },
  handle: async (request, deps) => {
    const page = await listCertificatesByHolder(
      deps.certificates,
      principal(request),
      request.query as HolderListQuery,
    );
    return json(200, {
      certificates: page.items,
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    });
  },
});
