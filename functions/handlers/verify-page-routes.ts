/** Public page routes: `/verify` (check a PDF in the browser) and the licence preview behind an SMS link. */
import * as z from 'zod';
import type { AppDependencies } from '../composition.js';
import { resolveCertificate } from '../core/certificates/certificate-service.js';
import { verifyUrlOf } from '../core/certificates/view.js';
import { resolveLink } from '../core/delivery/sms-links.js';
import { DomainError } from '../core/errors.js';
import { langOf, licencePreviewSvg, pageResponse, switchHref, uploadPage } from '../http/pages.js';
import { defineRoute, type RouteDefinition } from '../http/route.js';
import { errorSchema } from '../http/schemas.js';
import { listsLicences } from './request-link-routes.js';

/** The upload limit the page checks before sending (the API enforces it anyway). @default 10 MiB */
const uploadLimit = (deps: AppDependencies) => deps.verification.maxBytes ?? 10 * 1024 * 1024;

const langQuery = z.object({ lang: z.string().max(8).optional() });

const linkGone = () =>
  new DomainError('NOT_FOUND', 'LINK_NOT_FOUND', '链接无效或已过期', 'Unknown or expired link');

/** The routes of the `/verify` page and the SMS link's preview image. */
export const verifyPageRoutes: RouteDefinition<AppDependencies>[] = [
  defineRoute<AppDependencies>({
    method: 'GET',
    path: '/verify',
    operationId: 'verifyUploadPage',
    summary: 'Page where anyone drops or picks a licence PDF to check it (posts to /v1/verifications)',
    tags: ['verification'],
    access: 'public',
    body: { kind: 'none' },
    query: langQuery,
    responses: { 200: { description: 'Upload page', mediaType: 'text/html' } },
    handle: async (request, deps) => {
      const lang = langOf(request.query.lang);
      return pageResponse(
        200,
        uploadPage(lang, switchHref('/verify', request.query, lang), uploadLimit(deps)),
        {
          'cache-control': 'public, max-age=300',
        },
      );
    },
  }),
  defineRoute<AppDependencies>({
    method: 'GET',
    path: '/s/{token}/preview.svg',
    operationId: 'smsLinkPreview',
    summary: "First-page preview of the licence behind an SMS link (SVG, holder's name masked)",
    tags: ['citizen'],
    access: 'public',
    body: { kind: 'none' },
    params: z.object({ token: z.string() }),
    responses: {
      200: { description: 'Preview image', mediaType: 'image/svg+xml' },
      404: { description: 'Unknown or expired link', schema: errorSchema },
    },
    handle: async (request, deps) => {
      const link = await resolveLink(deps.delivery, request.params.token);
      const record =
        link && !listsLicences(link)
          ? await resolveCertificate(deps.verification, link.certificateId)
          : undefined;
      const template = record ? deps.catalogue.get(record.serviceItemCode)?.certificate : undefined;
      if (!record || !template) throw linkGone();
      // The record, not today's catalogue, says what was printed: names may have changed since issuance.
      const printed = { ...template, name: record.typeName, issuer: record.issuer };
      const verifyUrl = verifyUrlOf(
        deps.certificates.publicBaseUrl,
        record.certificateId,
        record.verificationCode,
      );
      return {
        statusCode: 200,
        headers: {
          'content-type': 'image/svg+xml; charset=utf-8',
          // Opened directly, an SVG is a document: no script, nothing fetched.
          'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
          'cache-control': 'private, max-age=300',
          'x-robots-tag': 'noindex',
        },
        body: licencePreviewSvg(record, printed, verifyUrl),
      };
    },
  }),
];
