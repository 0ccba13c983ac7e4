/**
 * 告知承诺制 routes. 🔑 `POST /v1/cases/{caseId}/pledge` belongs to the cases module (it writes the pledge
 * document to the materials bucket, drawn with the licence fonts); the checks (事后核查) belong to the
 * certificates module, whose FALSE outcome revokes licences in the ledger.
 */
import * as z from 'zod';
import type { AppDependencies } from '../composition.js';
import type { Principal } from '../core/cases/model.js';
import { listPledgeChecks, type PledgeCheckQuery, recordPledgeCheck } from '../core/pledges/pledge-checks.js';
import { signPledge } from '../core/pledges/sign-pledge.js';
import {
  pledgeCheckListSchema,
  pledgeCheckQuerySchema,
  pledgeCheckRequestSchema,
  pledgeRequestSchema,
} from '../http/pledge-schemas.js';
import { json } from '../http/responses.js';
import { defineRoute, type RouteRequest } from '../http/route.js';
import { caseSchema, errorSchema } from '../http/schemas.js';

const principal = (request: RouteRequest): Principal => {
  if (!request.client) throw new Error('upstream route without an authenticated client');
  return request.client;
};

const caseParams = z.object({ caseId: z.string() });
const errors = {
  400: { description: 'Invalid request', schema: errorSchema },
  401: { description: 'Missing or wrong API key', schema: errorSchema },
  404: { description: 'CASE_NOT_FOUND', schema: errorSchema },
};

/** `POST /v1/cases/{caseId}/pledge` (cases module). */
export const pledgeRoutes = [
  defineRoute<AppDependencies>({
    method: 'POST',
    path: '/v1/cases/{caseId}/pledge',
    operationId: 'signPledge',
    summary:
      'Sign the item’s pledge in place of the materials it replaces (告知承诺); the pledge becomes a PDF of the case',
    tags: ['cases'],
    access: 'upstream',
    idempotent: true,
    body: { kind: 'json', schema: pledgeRequestSchema, maxBytes: 4096 },
    params: caseParams,
    responses: {
      200: { description: 'The case: replaced materials ACCEPTED with source PLEDGE', schema: caseSchema },
      ...errors,
      403: {
        description:
          'PLEDGE_BARRED: the holder’s earlier pledge for this item proved false (details.barredUntil) / ' +
          'FORBIDDEN_SERVICE_ITEM',
        schema: errorSchema,
      },
      409: {
        description: 'CASE_NOT_EDITABLE (not a draft) / PLEDGE_ALREADY_SIGNED / idempotency conflicts',
        schema: errorSchema,
      },
      422: {
        description: 'PLEDGE_NOT_OFFERED (the item has no pledge) / UNPRINTABLE_CHARACTER in the signatory',
        schema: errorSchema,
      },
    },
    handle: async (request, deps) =>
      json(
        200,
        await signPledge(
          { ...deps.cases, pledgeDocuments: deps.pledgeDocuments },
          principal(request),
          request.params.caseId,
          request.body,
        ),
      ),
  }),
];

/** `GET /v1/pledge-checks` and `POST /v1/cases/{caseId}/pledge-check` (certificates module). */
export const pledgeCheckRoutes = [
  defineRoute<AppDependencies>({
    method: 'GET',
    path: '/v1/pledge-checks',
    operationId: 'listPledgeChecks',
    summary: 'Pledge checks (事后核查) of this client’s cases due at or before `dueBefore`, soonest first',
    tags: ['cases'],
    access: 'upstream',
    body: { kind: 'none' },
    query: pledgeCheckQuerySchema,
    responses: {
      200: { description: 'A page of checks with their status', schema: pledgeCheckListSchema },
      400: { description: 'INVALID_QUERY / INVALID_LIMIT / INVALID_CURSOR', schema: errorSchema },
      401: { description: 'Missing or wrong API key', schema: errorSchema },
      503: { description: 'KEY_SERVICE_UNAVAILABLE (Retry-After)', schema: errorSchema },
    },
    handle: async (request, deps) => {
      const page = await listPledgeChecks(deps.cases, principal(request), request.query as PledgeCheckQuery);
      return json(200, { checks: page.items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) });
    },
  }),
  defineRoute<AppDependencies>({
    method: 'POST',
    path: '/v1/cases/{caseId}/pledge-check',
    operationId: 'recordPledgeCheck',
    summary: 'Record a pledge check: FALSE revokes the case’s licences (PLEDGE_FALSE) and bars the holder',
    tags: ['cases'],
    access: 'upstream',
    idempotent: true,
    body: { kind: 'json', schema: pledgeCheckRequestSchema, maxBytes: 8192 },
    params: caseParams,
    responses: {
      200: { description: 'The case with the recorded check', schema: caseSchema },
      ...errors,
      403: { description: 'FORBIDDEN_DEPARTMENT / FORBIDDEN_SERVICE_ITEM', schema: errorSchema },
      409: {
        description:
          'PLEDGE_CHECK_NOT_DUE (no pledge, or not approved yet) / PLEDGE_CHECK_ALREADY_RECORDED (another outcome) / ' +
          'idempotency conflicts',
        schema: errorSchema,
      },
      422: { description: 'UNKNOWN_DEPARTMENT', schema: errorSchema },
    },
    handle: async (request, deps) =>
      json(
        200,
        await recordPledgeCheck(deps.certificates, principal(request), request.params.caseId, request.body),
      ),
  }),
];
