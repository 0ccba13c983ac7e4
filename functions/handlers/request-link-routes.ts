/**
 * The SMS link of an issuance request (办件提醒: one message per request): `/s/{token}` lists every licence
 * of the request — in Chinese, or with `?lang=en` in English from the catalogue's English names — and each
 * licence's file is served under the same token at `/s/{token}/licences/{certificateId}/pdf`. A request of
 * one licence keeps the single-licence page (`/s/{token}`, `/s/{token}/pdf`).
 */
import * as z from 'zod';
import type { AppDependencies } from '../composition.js';
import { subjectLabel } from '../core/catalogue/subject-checks.js';
import { resolveCertificate } from '../core/certificates/certificate-service.js';
import { publicHolderName } from '../core/certificates/holder.js';
import { readIntactLicence } from '../core/certificates/licence-integrity.js';
import type { CertificateRecord } from '../core/certificates/model.js';
import { effectiveStatus, verifyUrlOf } from '../core/certificates/view.js';
import { isRequestLink, linkedCertificateIds } from '../core/delivery/batch-links.js';
import { assertDownloadable, isWithheldFromHolder, resolveLink } from '../core/delivery/sms-links.js';
import { DomainError } from '../core/errors.js';
import { type ListedLicence, licenceListPage } from '../http/pages/licence-list-page.js';
import type { Lang } from '../http/pages.js';
import { pageResponse } from '../http/pages.js';
import { binary } from '../http/responses.js';
import { defineRoute, type RouteDefinition } from '../http/route.js';
import { errorSchema } from '../http/schemas.js';
import type { HttpResult } from '../http/types.js';
import type { SmsLink } from '../ports/sms-link-store.js';

/** True when `/s/{token}` must list licences rather than show one. */
export const listsLicences = (link: SmsLink | undefined): link is SmsLink & { certificateIds: string[] } =>
  link !== undefined && isRequestLink(link) && link.certificateIds.length > 1;

const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value : undefined);

/** What one licence is for, in `lang`: the catalogue's subject field (English twin and label for `en`). */
function subjectOf(deps: AppDependencies, record: CertificateRecord, lang: Lang): ListedLicence['subject'] {
  const item = deps.catalogue.get(record.serviceItemCode);
  const subject = item?.certificate.subject;
  if (!item || !subject) return undefined;
  const zh = text(record.fields[subject.field]);
  const en = text(subject.fieldEn ? record.fields[subject.fieldEn] : undefined) ?? zh;
  const value = lang === 'en' ? en : zh;
  const label = lang === 'en' ? subject.labelEn : subjectLabel(item);
  return value && label ? { label, value } : undefined;
}

function listed(deps: AppDependencies, record: CertificateRecord, self: string, lang: Lang): ListedLicence {
  const now = deps.clock.now();
  const item = deps.catalogue.get(record.serviceItemCode);
  // The English name of the licence type the record was issued as (the Chinese one as printed on it).
  const typeName =
    lang === 'en' && item?.certificate.type === record.type ? item.certificate.nameEn : record.typeName;
  const verify = verifyUrlOf(deps.certificates.publicBaseUrl, record.certificateId, record.verificationCode);
  const subject = subjectOf(deps, record, lang);
  return {
    typeName,
    ...(subject ? { subject } : {}),
    number: record.number,
    holderMasked: publicHolderName(record.holder),
    validFrom: record.validFrom,
    validUntil: record.validUntil,
    status: effectiveStatus(record, now),
    ...(isWithheldFromHolder(record, now)
      ? {}
      : { pdfHref: `${self}/licences/${encodeURIComponent(record.certificateId)}/pdf` }),
    verifyHref: lang === 'en' ? `${verify}&lang=en` : verify,
  };
}

/** The list page of a request link (200), or undefined when none of its licences can be read. */
export async function requestListResponse(
  deps: AppDependencies,
  link: SmsLink & { certificateIds: string[] },
  lang: Lang,
  self: string,
  switchTo: string,
): Promise<HttpResult | undefined> {
  const records = (
    await Promise.all(link.certificateIds.map((id) => resolveCertificate(deps.verification, id)))
  ).filter((r): r is CertificateRecord => r !== undefined);
  const first = records[0];
  if (!first) return undefined;
  const item = deps.catalogue.get(first.serviceItemCode);
  const itemName = (lang === 'en' ? item?.nameEn : item?.name) ?? first.typeName;
  return pageResponse(
    200,
    licenceListPage(
      itemName,
      records.map((r) => listed(deps, r, self, lang)),
      lang,
      switchTo,
    ),
    { 'x-robots-tag': 'noindex', 'referrer-policy': 'no-referrer' },
  );
}

const linkGone = () =>
  new DomainError('NOT_FOUND', 'LINK_NOT_FOUND', '链接无效或已过期', 'Unknown or expired link');

/**
 * The one licence behind a single-licence SMS link (`/s/{token}/pdf`, `/s/{token}/ofd`), downloadable now:
 * 404 LINK_NOT_FOUND for an unknown or expired link or one that lists several licences (each is served at
 * `/s/{token}/licences/{certificateId}/pdf`), 409 LICENCE_NOT_IN_FORCE when it is not in force.
 */
export async function linkedLicence(deps: AppDependencies, token: string): Promise<CertificateRecord> {
  const link = await resolveLink(deps.delivery, token);
  const record =
    link && !listsLicences(link)
      ? await resolveCertificate(deps.verification, link.certificateId)
      : undefined;
  if (!record) throw linkGone();
  assertDownloadable(record, deps.clock.now());
  return record;
}

export const requestLinkRoutes: RouteDefinition<AppDependencies>[] = [
  defineRoute<AppDependencies>({
    method: 'GET',
    path: '/s/{token}/licences/{certificateId}/pdf',
    operationId: 'smsLinkLicencePdf',
    summary: 'The signed PDF of one licence of an issuance request’s SMS link (exact bytes)',
    tags: ['citizen'],
    access: 'public',
    body: { kind: 'none' },
    params: z.object({ token: z.string(), certificateId: z.string() }),
    responses: {
      200: { description: 'The signed PDF', mediaType: 'application/pdf' },
      404: {
        description: 'Unknown or expired link, or a licence the link does not open',
        schema: errorSchema,
      },
      409: { description: 'LICENCE_NOT_IN_FORCE: revoked, suspended or replaced', schema: errorSchema },
      503: {
        description: 'LICENCE_INTEGRITY_ERROR: the stored file is not the ledger’s',
        schema: errorSchema,
      },
    },
    handle: async (request, deps) => {
      const link = await resolveLink(deps.delivery, request.params.token);
      const { certificateId } = request.params;
      // Only a licence the link opens: a token never reaches another request's licences.
      if (!link || !linkedCertificateIds(link).includes(certificateId)) throw linkGone();
      const record = await resolveCertificate(deps.verification, certificateId);
      if (!record) throw linkGone();
      assertDownloadable(record, deps.clock.now());
      const bytes = await readIntactLicence(
        { licences: deps.certificates.licences, audit: deps.audit, metrics: deps.metrics },
        record,
        'sms-link-download',
      );
      return binary(200, bytes, 'application/pdf', {
        'content-disposition': `inline; filename="${record.certificateId}.pdf"`,
        'x-robots-tag': 'noindex',
      });
    },
  }),
];
