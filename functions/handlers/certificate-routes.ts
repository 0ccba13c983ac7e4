/** Routes of the certificates Lambda: issuance, reading, the signed PDF, revocation. 🔑 */
import * as z from 'zod';
import type { AppDependencies } from '../composition.js';
import type { Principal } from '../core/cases/model.js';
import { getCertificate, getCertificatePdf } from '../core/certificates/certificate-service.js';
import { issueCertificates } from '../core/certificates/issue-certificates.js';
import {
  reinstateCertificate,
  reissueCertificate,
  revokeCertificate,
  suspendCertificate,
} from '../core/certificates/lifecycle.js';
import { assertMobile, notifyHolder } from '../core/delivery/sms-links.js';
import { deliverIssuanceSms } from '../core/progress-sms/issuance-sms.js';
import { binary, json } from '../http/responses.js';
import { defineRoute, type RouteDefinition, type RouteRequest } from '../http/route.js';
import {
  certificateSchema,
  errorSchema,
  issuedCertificatesSchema,
  issueRequestSchema,
  notificationRequestSchema,
  reasonRequestSchema,
  reissueRequestSchema,
  revokeRequestSchema,
} from '../http/schemas.js';
import { certificateListRoute } from './list-routes.js';
import { ofdCertificateRoute } from './ofd-routes.js';
import { pledgeCheckRoutes } from './pledge-routes.js';

const principal = (request: RouteRequest): Principal => {
  if (!request.client) throw new Error('upstream route without an authenticated client');
  return request.client;
};

const certificateParams = z.object({ certificateId: z.string() });
const errors = {
  400: { description: 'Invalid request', schema: errorSchema },
  401: { description: 'Missing or wrong API key', schema: errorSchema },
  403: { description: 'Not allowed for this service item', schema: errorSchema },
  404: { description: 'Not found (or issued by another client)', schema: errorSchema },
};

export const certificateRoutes: RouteDefinition<AppDependencies>[] = [
  defineRoute<AppDependencies>({
    method: 'POST',
    path: '/v1/cases/{caseId}/certificates',
    operationId: 'issueCertificates',
    summary: 'Issue 1..100 sealed licences for an APPROVED case, all or nothing',
    tags: ['certificates'],
    access: 'upstream',
    idempotent: true,
    body: { kind: 'json', schema: issueRequestSchema, maxBytes: 1024 * 1024, optional: true },
    params: z.object({ caseId: z.string() }),
    responses: {
      201: { description: 'The issued licences', schema: issuedCertificatesSchema },
      ...errors,
      409: {
        description:
          'CASE_NOT_APPROVED / MATERIALS_DEFERRED (容缺: deferred materials outstanding) / ISSUANCE_IN_PROGRESS / ' +
          'idempotency conflicts',
        schema: errorSchema,
      },
      422: { description: 'INVALID_FIELDS / INVALID_VALIDITY / UNRENDERABLE_CHARACTER', schema: errorSchema },
    },
    handle: async (request, deps) => {
      const client = principal(request);
      // A wrong mobile is refused before anything is issued.
      if (request.body?.notify) assertMobile(request.body.notify.mobile, '/notify/mobile');
      const certificates = await issueCertificates(
        deps.certificates,
        client,
        request.params.caseId,
        request.body,
      );
      // 办件提醒: one SMS for the request (its link lists every licence), through the event's own claim.
      const sms = request.body?.notify
        ? await deliverIssuanceSms(deps.progressSms, request.params.caseId)
        : undefined;
      const notifications = sms
        ? certificates.map((c) => ({ certificateId: c.certificateId, ...sms }))
        : undefined;
      deps.metrics.count('LicencesIssued', certificates.length);
      return json(201, { certificates, ...(notifications ? { notifications } : {}) });
    },
  }),
  defineRoute<AppDependencies>({
    method: 'GET',
    path: '/v1/certificates/{certificateId}',
    operationId: 'getCertificate',
    summary: 'A licence issued by this client',
    tags: ['certificates'],
    access: 'upstream',
    body: { kind: 'none' },
    params: certificateParams,
    responses: { 200: { description: 'The licence', schema: certificateSchema }, ...errors },
    handle: async (request, deps) =>
      json(200, await getCertificate(deps.certificates, principal(request), request.params.certificateId)),
  }),
  defineRoute<AppDependencies>({
    method: 'GET',
    path: '/v1/certificates/{certificateId}/pdf',
    operationId: 'getCertificatePdf',
    summary: 'The signed PDF (exact bytes)',
    tags: ['certificates'],
    access: 'upstream',
    body: { kind: 'none' },
    params: certificateParams,
    responses: {
      200: { description: 'The signed PDF', mediaType: 'application/pdf' },
      ...errors,
      503: {
        description: 'LICENCE_INTEGRITY_ERROR: the stored file is not the ledger’s',
        schema: errorSchema,
      },
    },
    handle: async (request, deps) => {
      const pdf = await getCertificatePdf(
        { ...deps.certificates, metrics: deps.metrics },
        principal(request),
        request.params.certificateId,
      );
      return binary(200, pdf.bytes, 'application/pdf', {
        'content-disposition': `attachment; filename="${pdf.fileName}"`,
      });
    },
  }),
  ofdCertificateRoute,
  defineRoute<AppDependencies>({
    method: 'POST',
    path: '/v1/certificates/{certificateId}/notifications',
    operationId: 'notifyHolder',
    summary: 'Send (again) the SMS link of a licence',
    tags: ['certificates'],
    access: 'upstream',
    // One key, one SMS: a retry replays the 202 with the same messageId.
    idempotent: true,
    body: { kind: 'json', schema: notificationRequestSchema, maxBytes: 1024 },
    params: certificateParams,
    responses: {
      202: { description: 'Sent', schema: z.object({ messageId: z.string() }) },
      ...errors,
      409: { description: 'The licence is revoked / idempotency conflicts', schema: errorSchema },
      422: { description: 'INVALID_MOBILE', schema: errorSchema },
    },
    handle: async (request, deps) => {
      const client = principal(request);
      // Same visibility rule as GET: another client's licence is not found.
      await getCertificate(deps.certificates, client, request.params.certificateId);
      const [sent] = await notifyHolder(
        { ...deps.delivery, ledger: deps.certificates.ledger },
        client.clientId,
        [request.params.certificateId],
        request.body.mobile,
      );
      return json(202, { messageId: sent?.messageId ?? '' });
    },
  }),
  defineRoute<AppDependencies>({
    method: 'POST',
    path: '/v1/certificates/{certificateId}/revoke',
    operationId: 'revokeCertificate',
    summary: 'Revoke a licence with a reason',
    tags: ['certificates'],
    access: 'upstream',
    idempotent: true,
    body: { kind: 'json', schema: revokeRequestSchema, maxBytes: 4096 },
    params: certificateParams,
    responses: {
      200: { description: 'The revoked licence', schema: certificateSchema },
      ...errors,
      409: { description: 'Already revoked / idempotency conflicts', schema: errorSchema },
    },
    handle: async (request, deps) =>
      json(
        200,
        await revokeCertificate(
          deps.certificates,
          principal(request),
          request.params.certificateId,
          request.body.reason,
        ),
      ),
  }),
  ...(['suspend', 'reinstate'] as const).map((verb) =>
    defineRoute<AppDependencies>({
      method: 'POST',
      path: `/v1/certificates/{certificateId}/${verb}`,
      operationId: `${verb}Certificate`,
      summary:
        verb === 'suspend'
          ? 'Suspend a licence (not in force until reinstated)'
          : 'Reinstate a suspended licence',
      tags: ['certificates'],
      access: 'upstream',
      idempotent: true,
      body: { kind: 'json', schema: reasonRequestSchema, maxBytes: 4096 },
      params: certificateParams,
      responses: {
        200: { description: 'The licence after the change', schema: certificateSchema },
        ...errors,
        409: { description: 'Not in a state that allows it / idempotency conflicts', schema: errorSchema },
      },
      handle: async (request, deps) => {
        const run = verb === 'suspend' ? suspendCertificate : reinstateCertificate;
        return json(
          200,
          await run(deps.certificates, principal(request), request.params.certificateId, request.body.reason),
        );
      },
    }),
  ),
  defineRoute<AppDependencies>({
    method: 'POST',
    path: '/v1/certificates/{certificateId}/reissue',
    operationId: 'reissueCertificate',
    summary: 'Issue a corrected licence that supersedes this one',
    tags: ['certificates'],
    access: 'upstream',
    idempotent: true,
    body: { kind: 'json', schema: reissueRequestSchema, maxBytes: 64 * 1024 },
    params: certificateParams,
    responses: {
      201: { description: 'The new licence', schema: certificateSchema },
      ...errors,
      409: {
        description: 'Revoked, expired or already superseded / idempotency conflicts',
        schema: errorSchema,
      },
      422: { description: 'INVALID_FIELDS / INVALID_VALIDITY', schema: errorSchema },
    },
    handle: async (request, deps) =>
      json(
        201,
        await reissueCertificate(
          deps.certificates,
          principal(request),
          request.params.certificateId,
          request.body,
        ),
      ),
  }),
  certificateListRoute,
  ...pledgeCheckRoutes,
];
