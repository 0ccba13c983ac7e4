/** Views of ledger records: the issuing client's `Certificate` (holder masked) and the verify URL. */

import { statusListUri } from '../status-lists/status-list.js';
import { maskedHolder } from './holder.js';
import type { CertificateRecord, CertificateView } from './model.js';

/** The URL in the QR code: `${PUBLIC_BASE_URL}/verify/{certificateId}?code={verificationCode}`. */
export const verifyUrlOf = (base: string, certificateId: string, code: string) =>
  `${base}/verify/${encodeURIComponent(certificateId)}?code=${encodeURIComponent(code)}`;

/** Start of the first valid day (Asia/Shanghai). */
export const validFromInstant = (validFrom: string) => new Date(`${validFrom}T00:00:00.000+08:00`);

/** End of the last valid day (Asia/Shanghai). */
export const validUntilInstant = (validUntil: string) => new Date(`${validUntil}T23:59:59.999+08:00`);

/** The status a client or verifier sees now: EXPIRED after `validUntil`, PENDING shown as VALID only once committed. */
export type PublicStatus = 'VALID' | 'REVOKED' | 'EXPIRED' | 'SUSPENDED' | 'SUPERSEDED';

/** The status a client or verifier sees now; EXPIRED as soon as `validUntil` has passed, whatever the job did. */
export function effectiveStatus(record: CertificateRecord, now: Date): PublicStatus {
  if (record.status === 'REVOKED' || record.status === 'SUPERSEDED' || record.status === 'SUSPENDED')
    return record.status;
  if (record.status === 'EXPIRED' || validUntilInstant(record.validUntil).getTime() < now.getTime())
    return 'EXPIRED';
  return 'VALID';
}

/** The bases of a view's URLs: the verify URL's, and the status list's (the edge's on AWS; default the same). */
export interface ViewUrls {
  publicBaseUrl: string;
  statusListBaseUrl?: string;
}

export function toCertificateView(record: CertificateRecord, urls: ViewUrls, now: Date): CertificateView {
  const base = urls.publicBaseUrl;
  const statusBase = urls.statusListBaseUrl ?? base;
  return {
    certificateId: record.certificateId,
    number: record.number,
    identifier: record.identifier,
    serviceItemCode: record.serviceItemCode,
    caseId: record.caseId,
    type: record.type,
    typeName: record.typeName,
    issuer: record.issuer,
    status: effectiveStatus(record, now),
    holder: maskedHolder(record.holder),
    fields: record.fields,
    issuedAt: record.issuedAt,
    validFrom: record.validFrom,
    validUntil: record.validUntil,
    sha256: record.sha256,
    verificationCode: record.verificationCode,
    verifyUrl: verifyUrlOf(base, record.certificateId, record.verificationCode),
    ...(record.revokedAt ? { revokedAt: record.revokedAt } : {}),
    ...(record.revocationReason ? { revocationReason: record.revocationReason } : {}),
    ...(record.suspendedAt
      ? { suspendedAt: record.suspendedAt, suspensionReason: record.suspensionReason }
      : {}),
    ...(record.supersededBy
      ? { supersededBy: record.supersededBy, supersededByNumber: record.supersededByNumber }
      : {}),
    ...(record.replaces ? { replaces: record.replaces } : {}),
    ...(record.statusList
      ? {
          statusList: {
            uri: statusListUri(statusBase, record.statusList.listId),
            idx: record.statusList.idx,
          },
        }
      : {}),
  };
}
