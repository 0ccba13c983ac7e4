/**
 * The OFD rendition (GB/T 33190 with a GB/T 38540 SM2 seal): the upstream download 🔑 and the citizen's SMS
 * link download, both made on first request and stored (core/ofd/ofd-service.ts), with the same
 * authorisation and the same "not in force" rules as the PDF routes.
 */
import * as z from 'zod';
import type { AppDependencies } from '../composition.js';
import type { Principal } from '../core/cases/model.js';
import { loadOwn } from '../core/certificates/certificate-service.js';
import { licenceOfd, ofdNotAvailable } from '../core/ofd/ofd-service.js';
import { verifyOfdUpload } from '../core/ofd/verify-ofd-licence.js';
import { binary } from '../http/responses.js';
import { defineRoute, type RouteRequest } from '../http/route.js';
import { errorSchema } from '../http/schemas.js';
import { linkedLicence } from './request-link-routes.js';

/** The media type of OFD files (GB/T 33190; as national platforms serve them). */
export const OFD_MEDIA_TYPE = 'application/ofd';

const principal = (request: RouteRequest): Principal => {
  if (!request.client) throw new Error('upstream route without an authenticated client');
  return request.client;
};

const integrity = {
  description: 'LICENCE_INTEGRITY_ERROR: the stored OFD failed its seal check',
  schema: errorSchema,
};

/** `POST /v1/verifications` with an OFD body. */
export async function verifyOfdBody(deps: AppDependencies, body: Uint8Array) {
  const keys = await deps.ofd.sealKeys();
  if (!keys) throw ofdNotAvailable();
  return verifyOfdUpload(deps.verification, body, [keys.maker.certificate]);
}

export const ofdCertificateRoute = defineRoute<AppDependencies>({
  method: 'GET',
  path: '/v1/certificates/{certificateId}/ofd',
  operationId: 'getCertificateOfd',
  summary: 'The licence as OFD (GB/T 33190) sealed with an SM2 electronic seal (GB/T 38540)',
  tags: ['certificates'],
  access: 'upstream',
  body: { kind: 'none' },
  params: z.object({ certificateId: z.string() }),
  responses: {
    200: { description: 'The sealed OFD', mediaType: OFD_MEDIA_TYPE },
    401: { description: 'Missing or wrong API key', schema: errorSchema },
    403: { description: 'Not allowed for this service item', schema: errorSchema },
    404: { description: 'Not found (or issued by another client); OFD_NOT_AVAILABLE', schema: errorSchema },
    503: integrity,
  },
  handle: async (request, deps) => {
    const record = await loadOwn(deps.certificates, principal(request), request.params.certificateId);
    const bytes = await licenceOfd(deps.ofd, record);
    return binary(200, bytes, OFD_MEDIA_TYPE, {
      'content-disposition': `attachment; filename="${record.certificateId}.ofd"`,
    });
  },
});

export const ofdLinkRoute = defineRoute<AppDependencies>({
  method: 'GET',
  path: '/s/{token}/ofd',
  operationId: 'smsLinkOfd',
  summary: 'The licence behind an SMS link as sealed OFD',
  tags: ['citizen'],
  access: 'public',
  body: { kind: 'none' },
  params: z.object({ token: z.string() }),
  responses: {
    200: { description: 'The sealed OFD', mediaType: OFD_MEDIA_TYPE },
    404: { description: 'Unknown or expired link; OFD_NOT_AVAILABLE', schema: errorSchema },
    409: { description: 'LICENCE_NOT_IN_FORCE: revoked, suspended or replaced', schema: errorSchema },
    503: integrity,
  },
  handle: async (request, deps) => {
    const record = await linkedLicence(deps, request.params.token);
    const bytes = await licenceOfd(deps.ofd, record);
    return binary(200, bytes, OFD_MEDIA_TYPE, {
      'content-disposition': `inline; filename="${record.certificateId}.ofd"`,
      'x-robots-tag': 'noindex',
    });
  },
});
