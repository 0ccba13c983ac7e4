/** Routes of the cases Lambda: intake (cases, materials, submit) and parallel decisions. 🔑 */
import * as z from 'zod';
import type { AppDependencies } from '../composition.js';
import { createCase, getCase, recordDecision, submitCase } from '../core/cases/case-service.js';
import { pullLicenceMaterial } from '../core/cases/licence-materials.js';
import { createUploadUrl, deleteMaterial, putMaterial } from '../core/cases/materials-service.js';
import type { Principal } from '../core/cases/model.js';
import { prefillForm } from '../core/cases/prefill.js';
import { json } from '../http/responses.js';
import { defineRoute, type RouteRequest } from '../http/route.js';
import {
  caseSchema,
  consentRefSchema,
  createCaseRequestSchema,
  decisionRequestSchema,
  errorSchema,
  materialSchema,
  prefillSchema,
  pullLicenceRequestSchema,
  uploadUrlRequestSchema,
  uploadUrlSchema,
} from '../http/schemas.js';
import { caseListRoute } from './list-routes.js';
import { pledgeRoutes } from './pledge-routes.js';

type Route = ReturnType<typeof defineRoute<AppDependencies>>;

const principal = (request: RouteRequest): Principal => {
  if (!request.client) throw new Error('upstream route without an authenticated client');
  return request.client;
};

const caseParams = z.object({ caseId: z.string() });
const materialParams = z.object({ caseId: z.string(), materialCode: z.string() });
const errors = {
  400: { description: 'Invalid request', schema: errorSchema },
  401: { description: 'Missing or wrong API key', schema: errorSchema },
  403: { description: 'Not allowed for this service item or department', schema: errorSchema },
  404: { description: 'Not found', schema: errorSchema },
};

/** The most a material may be when sent directly (Lambda payload limit); larger files use `upload-url`. */
export const directUploadMaxBytes = 4 * 1024 * 1024;

export const caseRoutes: Route[] = [
  defineRoute<AppDependencies>({
    method: 'POST',
    path: '/v1/cases',
    operationId: 'createCase',
    summary: 'Open a case for a service item',
    tags: ['cases'],
    access: 'upstream',
    idempotent: true,
    body: { kind: 'json', schema: createCaseRequestSchema, maxBytes: 256 * 1024 },
    responses: {
      201: { description: 'The new case (DRAFT)', schema: caseSchema },
      ...errors,
      409: { description: 'Idempotency conflict', schema: errorSchema },
      422: { description: 'INVALID_FORM / INVALID_APPLICANT', schema: errorSchema },
    },
    handle: async (request, deps) =>
      json(201, await createCase(deps.cases, principal(request), request.body)),
  }),
  defineRoute<AppDependencies>({
    method: 'GET',
    path: '/v1/cases/{caseId}',
    operationId: 'getCase',
    summary: 'Read a case',
    tags: ['cases'],
    access: 'upstream',
    body: { kind: 'none' },
    params: caseParams,
    responses: { 200: { description: 'The case', schema: caseSchema }, ...errors },
    handle: async (request, deps) =>
      json(200, await getCase(deps.cases, principal(request), request.params.caseId)),
  }),
  defineRoute<AppDependencies>({
    method: 'PUT',
    path: '/v1/cases/{caseId}/materials/{materialCode}',
    operationId: 'putMaterial',
    summary: 'Upload a material (raw bytes); validated at once',
    tags: ['materials'],
    access: 'upstream',
    body: { kind: 'binary', contentTypes: 'any', maxBytes: directUploadMaxBytes },
    params: materialParams,
    responses: {
      200: { description: 'ACCEPTED or REJECTED with problems', schema: materialSchema },
      ...errors,
      409: { description: 'The case is no longer a draft', schema: errorSchema },
      413: { description: 'Over the material limit', schema: errorSchema },
    },
    handle: async (request, deps) => {
      const fileName = /filename="?([^";]+)"?/i.exec(request.headers['content-disposition'] ?? '')?.[1];
      const material = await putMaterial(
        deps.cases,
        principal(request),
        request.params.caseId,
        request.params.materialCode,
        {
          bytes: request.rawBody,
          declaredType: request.headers['content-type'] ?? '',
          ...(fileName ? { fileName } : {}),
        },
      );
      return json(200, material);
    },
  }),
  defineRoute<AppDependencies>({
    method: 'DELETE',
    path: '/v1/cases/{caseId}/materials/{materialCode}',
    operationId: 'deleteMaterial',
    summary: 'Withdraw a material while DRAFT',
    tags: ['materials'],
    access: 'upstream',
    body: { kind: 'none' },
    params: materialParams,
    responses: {
      204: { description: 'Withdrawn' },
      ...errors,
      409: { description: 'Not a draft', schema: errorSchema },
    },
    handle: async (request, deps) => {
      await deleteMaterial(
        deps.cases,
        principal(request),
        request.params.caseId,
        request.params.materialCode,
      );
      return { statusCode: 204, headers: {}, body: '' };
    },
  }),
  defineRoute<AppDependencies>({
    method: 'POST',
    path: '/v1/cases/{caseId}/materials/{materialCode}/licence',
    operationId: 'pullLicenceMaterial',
    summary: 'Fill a material from an in-force licence of the applicant (电子证照自动调取), no upload',
    tags: ['materials'],
    access: 'upstream',
    idempotent: true,
    body: { kind: 'json', schema: pullLicenceRequestSchema, maxBytes: 4096, optional: true },
    params: materialParams,
    responses: {
      200: { description: 'ACCEPTED, source E_LICENCE, naming the licence', schema: materialSchema },
      ...errors,
      409: { description: 'The case is no longer a draft', schema: errorSchema },
      422: {
        description:
          'LICENCE_NOT_IN_FORCE / LICENCE_NOT_ACCEPTED (type or holder) / CONSENT_REQUIRED (issued through ' +
          'another client, no consentRef)',
        schema: errorSchema,
      },
    },
    handle: async (request, deps) =>
      json(
        200,
        await pullLicenceMaterial(
          deps.cases,
          principal(request),
          request.params.caseId,
          request.params.materialCode,
          request.body ?? {},
        ),
      ),
  }),
  defineRoute<AppDependencies>({
    method: 'GET',
    path: '/v1/service-items/{code}/prefill',
    operationId: 'prefillForm',
    summary: "Form values from the holder's in-force licences, each with its source (预填)",
    tags: ['cases'],
    access: 'upstream',
    body: { kind: 'none' },
    params: z.object({ code: z.string() }),
    query: z.object({
      holderIdNumber: z.string().min(15).max(18).optional(),
      holderCreditCode: z.string().length(18).optional(),
      consentRef: consentRefSchema.optional(),
    }),
    responses: {
      200: { description: 'The partial form and where each value came from', schema: prefillSchema },
      ...errors,
      422: { description: 'INVALID_HOLDER: the number fails its check character', schema: errorSchema },
    },
    handle: async (request, deps) =>
      json(200, await prefillForm(deps.cases, principal(request), request.params.code, request.query)),
  }),
  defineRoute<AppDependencies>({
    method: 'POST',
    path: '/v1/cases/{caseId}/materials/{materialCode}/upload-url',
    operationId: 'createUploadUrl',
    summary: 'Presigned S3 PUT for a large file',
    tags: ['materials'],
    access: 'upstream',
    body: { kind: 'json', schema: uploadUrlRequestSchema, maxBytes: 4096 },
    params: materialParams,
    responses: { 200: { description: 'Presigned upload', schema: uploadUrlSchema }, ...errors },
    handle: async (request, deps) =>
      json(
        200,
        await createUploadUrl(
          deps.cases,
          principal(request),
          request.params.caseId,
          request.params.materialCode,
          request.body.contentType,
        ),
      ),
  }),
  defineRoute<AppDependencies>({
    method: 'POST',
    path: '/v1/cases/{caseId}/submit',
    operationId: 'submitCase',
    summary: 'Completeness and validity check; DRAFT → SUBMITTED',
    tags: ['cases'],
    access: 'upstream',
    idempotent: true,
    body: { kind: 'json', schema: z.object({}), maxBytes: 1024, optional: true },
    params: caseParams,
    responses: {
      200: { description: 'Submitted', schema: caseSchema },
      ...errors,
      409: { description: 'Already submitted / idempotency conflicts', schema: errorSchema },
      422: {
        description:
          'MATERIALS_INCOMPLETE / INVALID_FORM / CALENDAR_YEAR_UNSUPPORTED (a deadline in a year neither a ' +
          'holiday notice nor the statutory rules cover; never for 2025–9999)',
        schema: errorSchema,
      },
    },
    handle: async (request, deps) =>
      json(200, await submitCase(deps.cases, principal(request), request.params.caseId)),
  }),
  defineRoute<AppDependencies>({
    method: 'POST',
    path: '/v1/cases/{caseId}/decisions',
    operationId: 'recordDecision',
    summary: "A department's decision (parallel countersign)",
    tags: ['cases'],
    access: 'upstream',
    idempotent: true,
    body: { kind: 'json', schema: decisionRequestSchema, maxBytes: 8192 },
    params: caseParams,
    responses: {
      200: { description: 'The case after the decision', schema: caseSchema },
      ...errors,
      409: {
        description: 'Department already decided, case not awaiting decisions, or idempotency conflicts',
        schema: errorSchema,
      },
      422: { description: 'Not an approving department', schema: errorSchema },
    },
    handle: async (request, deps) =>
      json(200, await recordDecision(deps.cases, principal(request), request.params.caseId, request.body)),
  }),
  caseListRoute,
  ...pledgeRoutes,
];
