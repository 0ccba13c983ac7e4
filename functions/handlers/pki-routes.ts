/**
 * The CA's public routes (PAdES B-LT): the CRL, the OCSP responder and the TSA certificates. Relying parties
 * reach them from the URLs in our seal and TSA certificates; issuance fetches them for each licence's DSS.
 */
import * as z from 'zod';
import type { AppDependencies } from '../composition.js';
import { DomainError } from '../core/errors.js';
import { currentCrl } from '../core/pki/revocation-service.js';
import { binary } from '../http/responses.js';
import { defineRoute, type RouteDefinition } from '../http/route.js';
import { errorSchema } from '../http/schemas.js';

/** RFC 6960 Appendix A.1: a DER request is at most a few hundred bytes; 16 certificates fit well in 8 KB. */
const OCSP_MAX_BYTES = 8192;

export const pkiRoutes: RouteDefinition<AppDependencies>[] = [
  defineRoute<AppDependencies>({
    method: 'GET',
    path: '/pki/{crlFile}',
    operationId: 'getCrl',
    summary: 'The CA’s certificate revocation list, DER (`root.crl`): revoked seal and TSA certificates',
    tags: ['public'],
    access: 'public',
    params: z.object({ crlFile: z.string().regex(/^[a-z0-9-]{1,32}\.crl$/) }),
    body: { kind: 'none' },
    responses: {
      200: { description: 'X.509 v2 CRL signed by the root CA key', mediaType: 'application/pkix-crl' },
      404: { description: 'CA_NOT_FOUND', schema: errorSchema },
    },
    handle: async (request, deps) => {
      const crl = await currentCrl(deps.pki.revocation, request.params.crlFile.replace(/\.crl$/, ''));
      // Shared caches may keep it an hour; it is reissued daily and valid seven days.
      return binary(200, crl, 'application/pkix-crl', { 'cache-control': 'public, max-age=3600' });
    },
  }),
  defineRoute<AppDependencies>({
    method: 'POST',
    path: '/pki/ocsp',
    operationId: 'ocsp',
    summary: 'OCSP responder (RFC 6960) for certificates of the root CA',
    tags: ['public'],
    access: 'public',
    body: { kind: 'binary', contentTypes: ['application/ocsp-request'], maxBytes: OCSP_MAX_BYTES },
    responses: {
      200: {
        description: 'OCSPResponse (DER); malformed or foreign requests get malformedRequest/unauthorized',
        mediaType: 'application/ocsp-response',
      },
    },
    handle: async (request, deps) =>
      binary(200, await deps.pki.ocsp.respond(request.rawBody), 'application/ocsp-response', {
        'cache-control': 'no-store',
      }),
  }),
  defineRoute<AppDependencies>({
    method: 'GET',
    path: '/.well-known/tsa-certificates.pem',
    operationId: 'tsaCertificates',
    summary: 'The certificates of the time-stamp authority the seals use (PEM)',
    tags: ['public'],
    access: 'public',
    body: { kind: 'none' },
    responses: {
      200: { description: 'PEM certificates', mediaType: 'application/x-pem-file' },
      404: { description: 'TSA_CERTIFICATES_NOT_FOUND', schema: errorSchema },
    },
    handle: async (_request, deps) => {
      const pem = await deps.pki.tsaCertificates();
      if (!pem) {
        throw new DomainError(
          'NOT_FOUND',
          'TSA_CERTIFICATES_NOT_FOUND',
          '尚未配置时间戳服务证书',
          'No time-stamp authority certificates are published',
        );
      }
      return {
        statusCode: 200,
        headers: { 'content-type': 'application/x-pem-file', 'cache-control': 'public, max-age=3600' },
        body: pem,
      };
    },
  }),
];
