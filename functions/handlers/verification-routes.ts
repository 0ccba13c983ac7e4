/** Public routes for verifiers and citizens: QR verification, PDF upload verification, the SMS link pages. */

import * as z from 'zod';
import type { AppDependencies } from '../composition.js';
import { resolveCertificate } from '../core/certificates/certificate-service.js';
import { LicenceIntegrityError, readIntactLicence } from '../core/certificates/licence-integrity.js';
import type { CertificateRecord } from '../core/certificates/model.js';
import { verifyByCode, verifyUpload } from '../core/certificates/verify-licence.js';
import { isWithheldFromHolder, resolveLink } from '../core/delivery/sms-links.js';
import {
  langOf,
  licencePage,
  licenceUnavailablePage,
  linkNotFoundPage,
  pageResponse,
  switchHref,
  verificationPage,
} from '../http/pages.js';
import { binary, json } from '../http/responses.js';
import { defineRoute, type RouteDefinition } from '../http/route.js';
import { errorSchema, verificationSchema } from '../http/schemas.js';
import { OFD_MEDIA_TYPE, ofdLinkRoute, verifyOfdBody } from './ofd-routes.js';
import { qrKeyRoutes } from './qr-key-routes.js';
import {
  linkedLicence,
  listsLicences,
  requestLinkRoutes,
  requestListResponse,
} from './request-link-routes.js';
import { verifyPageRoutes } from './verify-page-routes.js';

/** The largest PDF accepted for verification. */
export const verificationMaxBytes = 10 * 1024 * 1024;

const integrityOf = (deps: AppDependencies) => ({
  licences: deps.certificates.licences,
  audit: deps.audit,
  metrics: deps.metrics,
});

/** Whether the stored file is the ledger's (a mismatch is counted and audited by `readIntactLicence`). */
async function licenceIsIntact(deps: AppDependencies, record: CertificateRecord): Promise<boolean> {
  try {
    await readIntactLicence(integrityOf(deps), record, 'sms-link-page');
    return true;
  } catch (error) {
    if (error instanceof LicenceIntegrityError) return false;
    throw error;
  }
}

const wantsJson = (accept: string | undefined) =>
  /application\/json/i.test(accept ?? '') && !/text\/html/i.test(accept ?? '');

export const verificationRoutes: RouteDefinition<AppDependencies>[] = [
  defineRoute<AppDependencies>({
    method: 'GET',
    path: '/verify/{certificateId}',
    operationId: 'verifyByCode',
    summary: 'QR landing: verification page (HTML), or the Verification JSON with Accept: application/json',
    tags: ['verification'],
    access: 'public',
    body: { kind: 'none' },
    params: z.object({ certificateId: z.string() }),
    query: z.object({ code: z.string().max(64).optional(), lang: z.string().max(8).optional() }),
    responses: {
      200: {
        description:
          'The verdict (NOT_FOUND for a wrong id or code alike): the page, or the Verification with ' +
          'Accept: application/json',
        schema: verificationSchema,
        mediaType: 'text/html',
      },
    },
    handle: async (request, deps) => {
      const result = await verifyByCode(
        deps.verification,
        request.params.certificateId,
        String(request.query.code ?? ''),
      );
      if (wantsJson(request.headers.accept)) return json(200, result);
      const lang = langOf(request.query.lang);
      const self = `/verify/${encodeURIComponent(request.params.certificateId)}`;
      return pageResponse(200, verificationPage(result, lang, switchHref(self, request.query, lang)), {
        'referrer-policy': 'no-referrer',
      });
    },
  }),
  defineRoute<AppDependencies>({
    method: 'POST',
    path: '/v1/verifications',
    operationId: 'verifyUpload',
    summary: 'Verify an uploaded licence: PDF (PAdES) or OFD (GB/T 38540 SM2 seal)',
    tags: ['verification'],
    access: 'public',
    body: {
      kind: 'binary',
      contentTypes: ['application/pdf', OFD_MEDIA_TYPE],
      maxBytes: verificationMaxBytes,
    },
    responses: {
      200: {
        description:
          'The verdict (MALFORMED for a broken file, or one that is not what its Content-Type says)',
        schema: verificationSchema,
      },
      404: { description: 'OFD_NOT_AVAILABLE: an OFD, and this stage has no SM2 seal', schema: errorSchema },
      413: { description: 'Larger than 10 MiB', schema: errorSchema },
      415: { description: 'Content-Type is not application/pdf or application/ofd', schema: errorSchema },
    },
    handle: async (request, deps) =>
      json(
        200,
        (request.headers['content-type'] ?? '').toLowerCase().startsWith(OFD_MEDIA_TYPE)
          ? await verifyOfdBody(deps, request.rawBody)
          : await verifyUpload(deps.verification, request.rawBody),
      ),
  }),
  defineRoute<AppDependencies>({
    method: 'GET',
    path: '/s/{token}',
    operationId: 'smsLinkPage',
    summary: "The citizen's SMS link: the licence summary and a download button",
    tags: ['citizen'],
    access: 'public',
    body: { kind: 'none' },
    params: z.object({ token: z.string() }),
    query: z.object({ lang: z.string().max(8).optional() }),
    responses: {
      200: { description: 'Phone page', mediaType: 'text/html' },
      404: { description: 'Unknown or expired link', mediaType: 'text/html' },
      503: { description: 'The stored file failed its integrity check', mediaType: 'text/html' },
    },
    handle: async (request, deps) => {
      const link = await resolveLink(deps.delivery, request.params.token);
      const lang = langOf(request.query.lang);
      const self = `/s/${encodeURIComponent(request.params.token)}`;
      const switchTo = switchHref(self, request.query, lang);
      // An issuance request's one link: the list of its licences.
      const list = listsLicences(link)
        ? await requestListResponse(deps, link, lang, self, switchTo)
        : undefined;
      if (list) return list;
      const record =
        link && !listsLicences(link)
          ? await resolveCertificate(deps.verification, link.certificateId)
          : undefined;
      if (!link || !record)
        return pageResponse(404, linkNotFoundPage(lang, switchTo), { 'x-robots-tag': 'noindex' });
      const headers = { 'x-robots-tag': 'noindex', 'referrer-policy': 'no-referrer' };
      const withheld = isWithheldFromHolder(record, deps.clock.now());
      // A file offered for download is first checked against the ledger: never "valid" over a forged file.
      const intact = withheld || (await licenceIsIntact(deps, record));
      if (!intact) return pageResponse(503, licenceUnavailablePage(lang, switchTo), headers);
      const result = await verifyByCode(deps.verification, record.certificateId, record.verificationCode);
      const links = { pdf: withheld ? undefined : `${self}/pdf`, preview: `${self}/preview.svg` };
      return pageResponse(200, licencePage(result, lang, switchTo, links), headers);
    },
  }),
  defineRoute<AppDependencies>({
    method: 'GET',
    path: '/s/{token}/pdf',
    operationId: 'smsLinkPdf',
    summary: 'The signed PDF behind an SMS link (exact bytes)',
    tags: ['citizen'],
    access: 'public',
    body: { kind: 'none' },
    params: z.object({ token: z.string() }),
    responses: {
      200: { description: 'The signed PDF', mediaType: 'application/pdf' },
      404: { description: 'Unknown or expired link', schema: errorSchema },
      409: { description: 'LICENCE_NOT_IN_FORCE: revoked, suspended or replaced', schema: errorSchema },
      503: {
        description: 'LICENCE_INTEGRITY_ERROR: the stored file is not the ledger’s',
        schema: errorSchema,
      },
    },
    handle: async (request, deps) => {
      const record = await linkedLicence(deps, request.params.token);
      const bytes = await readIntactLicence(integrityOf(deps), record, 'sms-link-download');
      // ASCII file name (the id), so no header injection or encoding games.
      return binary(200, bytes, 'application/pdf', {
        'content-disposition': `inline; filename="${record.certificateId}.pdf"`,
        'x-robots-tag': 'noindex',
      });
    },
  }),
  ofdLinkRoute,
  ...requestLinkRoutes,
  ...verifyPageRoutes,
  ...qrKeyRoutes,
];
