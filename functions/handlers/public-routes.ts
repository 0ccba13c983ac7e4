/** Public routes: health, the OpenAPI document, the catalogue (办事指南). */
import * as z from 'zod';
import type { AppDependencies } from '../composition.js';
import { DomainError } from '../core/errors.js';
import { ofdNotAvailable } from '../core/sm2/seal-keys.js';
import { buildOpenApi } from '../http/openapi.js';
import { binary, json } from '../http/responses.js';
import { defineRoute, type RouteDefinition } from '../http/route.js';
import { errorSchema, serviceItemSampleSchema, serviceItemSchema } from '../http/schemas.js';
import { auditExportRoutes } from './audit-export-routes.js';
import { auditRoutes } from './audit-routes.js';
import { bulkRoutes } from './bulk-routes.js';
import { caseRoutes } from './case-routes.js';
import { certificateRoutes } from './certificate-routes.js';
import { pkiRoutes } from './pki-routes.js';
import { statsRoutes } from './stats-routes.js';
import { statusListRoutes } from './status-list-routes.js';
import { verificationRoutes } from './verification-routes.js';
import { webhookRoutes } from './webhook-routes.js';

const cacheable = { 'cache-control': 'public, max-age=300' };

export const publicRoutes: RouteDefinition<AppDependencies>[] = [
  defineRoute<AppDependencies>({
    method: 'GET',
    path: '/health',
    operationId: 'health',
    summary: 'Liveness',
    tags: ['public'],
    access: 'public',
    body: { kind: 'none' },
    responses: { 200: { description: 'OK', schema: z.object({ status: z.literal('ok') }) } },
    handle: async () => json(200, { status: 'ok' }),
  }),
  defineRoute<AppDependencies>({
    method: 'GET',
    path: '/openapi.json',
    operationId: 'openapi',
    summary: 'This API as OpenAPI 3.1',
    tags: ['public'],
    access: 'public',
    body: { kind: 'none' },
    responses: { 200: { description: 'The OpenAPI document', mediaType: 'application/json' } },
    handle: async (_request, deps) => json(200, openApiDocument(deps.config.publicBaseUrl), cacheable),
  }),
  defineRoute<AppDependencies>({
    method: 'GET',
    path: '/v1/service-items',
    operationId: 'listServiceItems',
    summary: 'The catalogue of service items (办事指南)',
    tags: ['catalogue'],
    access: 'public',
    body: { kind: 'none' },
    responses: { 200: { description: 'All items', schema: z.object({ items: z.array(serviceItemSchema) }) } },
    handle: async (_request, deps) => json(200, { items: deps.catalogue.list() }, cacheable),
  }),
  defineRoute<AppDependencies>({
    method: 'GET',
    path: '/v1/service-items/{code}',
    operationId: 'getServiceItem',
    summary: 'One service item',
    tags: ['catalogue'],
    access: 'public',
    body: { kind: 'none' },
    params: z.object({ code: z.string() }),
    responses: {
      200: { description: 'The item', schema: serviceItemSchema },
      404: { description: 'SERVICE_ITEM_NOT_FOUND', schema: errorSchema },
    },
    handle: async (request, deps) => json(200, requireItem(deps, request.params.code), cacheable),
  }),
  defineRoute<AppDependencies>({
    method: 'GET',
    path: '/v1/service-items/{code}/sample',
    operationId: 'getServiceItemSample',
    summary: 'A filled sample of the item (样表): a form and licence fields that pass every check',
    tags: ['catalogue'],
    access: 'public',
    body: { kind: 'none' },
    params: z.object({ code: z.string() }),
    responses: {
      200: { description: 'The sample, its dates resolved on today', schema: serviceItemSampleSchema },
      404: { description: 'SERVICE_ITEM_NOT_FOUND', schema: errorSchema },
    },
    handle: async (request, deps) => {
      const item = requireItem(deps, request.params.code);
      return json(200, deps.catalogue.sample(item.code, deps.clock.now()), cacheable);
    },
  }),
  defineRoute<AppDependencies>({
    method: 'GET',
    path: '/v1/service-items/{code}/templates/{materialCode}',
    operationId: 'getServiceItemTemplate',
    summary: 'The blank PDF template of a material that is a form (申请表)',
    tags: ['catalogue'],
    access: 'public',
    body: { kind: 'none' },
    params: z.object({ code: z.string(), materialCode: z.string() }),
    responses: {
      200: { description: 'The template to print or fill in (PDF)', mediaType: 'application/pdf' },
      404: {
        description:
          'SERVICE_ITEM_NOT_FOUND, MATERIAL_NOT_IN_CHECKLIST, or MATERIAL_NOT_A_FORM (a document to supply)',
        schema: errorSchema,
      },
    },
    handle: async (request, deps) => {
      const item = requireItem(deps, request.params.code);
      const pdf = await deps.templates.render(item, request.params.materialCode);
      return binary(200, pdf, 'application/pdf', {
        'content-disposition': `inline; filename="${item.code}-${request.params.materialCode}.pdf"`,
        'cache-control': 'public, max-age=3600',
      });
    },
  }),
  defineRoute<AppDependencies>({
    method: 'GET',
    path: '/.well-known/seal-certificates.pem',
    operationId: 'sealCertificates',
    summary: 'The seal certificate chain (PEM), for offline verification',
    tags: ['public'],
    access: 'public',
    body: { kind: 'none' },
    responses: {
      200: { description: 'PEM chain, seal certificate first', mediaType: 'application/x-pem-file' },
    },
    handle: async (_request, deps) => ({
      statusCode: 200,
      headers: { 'content-type': 'application/x-pem-file', 'cache-control': 'public, max-age=3600' },
      body: await deps.sealChain.pem(),
    }),
  }),
  defineRoute<AppDependencies>({
    method: 'GET',
    path: '/.well-known/seal-certificates-sm2.pem',
    operationId: 'sealCertificatesSm2',
    summary: 'The OFD seal’s SM2 certificate chain (PEM): seal certificate first, the seal maker’s root last',
    tags: ['public'],
    access: 'public',
    body: { kind: 'none' },
    responses: {
      200: {
        description: 'PEM chain (SM3withSM2), seal certificate first',
        mediaType: 'application/x-pem-file',
      },
      404: { description: 'OFD_NOT_AVAILABLE: this stage has no SM2 seal', schema: errorSchema },
    },
    handle: async (_request, deps) => {
      if (!deps.config.ofd) throw ofdNotAvailable();
      return {
        statusCode: 200,
        headers: { 'content-type': 'application/x-pem-file', 'cache-control': 'public, max-age=3600' },
        body: await deps.sm2SealChain.pem(),
      };
    },
  }),
];

/** The item, or 404 `SERVICE_ITEM_NOT_FOUND`. */
function requireItem(deps: AppDependencies, code: string) {
  const item = deps.catalogue.get(code);
  if (!item) {
    throw new DomainError('NOT_FOUND', 'SERVICE_ITEM_NOT_FOUND', '事项不存在', 'No such service item', {
      details: { code: code.slice(0, 64) },
    });
  }
  return item;
}

/**
 * The document `GET /openapi.json` serves, for the given server URL — also what the linter checks and the
 * typed client is generated from (`npm run client:types`), so the three cannot differ.
 */
export const openApiDocument = (serverUrl: string) =>
  buildOpenApi(allRoutes() as RouteDefinition<unknown>[], { version: '1', serverUrl });

/** Every deployed route, for the OpenAPI document. */
export const allRoutes = (): RouteDefinition<AppDependencies>[] => [
  ...publicRoutes,
  ...caseRoutes,
  ...auditRoutes,
  ...certificateRoutes,
  ...verificationRoutes,
  ...statsRoutes,
  ...auditExportRoutes,
  ...webhookRoutes,
  ...statusListRoutes,
  ...pkiRoutes,
  ...bulkRoutes,
];
