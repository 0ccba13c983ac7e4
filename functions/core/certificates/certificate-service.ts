/** Reading and revoking licences, for the issuing client only (others get 404, as for cases). */
import type { AuditLog } from '../../ports/audit-log.js';
import type { CaseStore } from '../../ports/case-store.js';
import type { Clock } from '../../ports/clock.js';
import type { Ledger } from '../../ports/ledger.js';
import type { ObjectStore } from '../../ports/object-store.js';
import { authoriseServiceItem } from '../cases/case-context.js';
import type { Principal } from '../cases/model.js';
import { DomainError } from '../errors.js';
import { type LicenceIntegrityDependencies, readIntactLicence } from './licence-integrity.js';
import type { CertificateRecord, CertificateView } from './model.js';
import { toCertificateView } from './view.js';

export interface CertificateDependencies {
  ledger: Ledger;
  cases: CaseStore;
  licences: ObjectStore;
  audit: AuditLog;
  clock: Clock;
  publicBaseUrl: string;
  /** Base of `statusList.uri` (the edge on AWS). @default publicBaseUrl */
  statusListBaseUrl?: string;
}

const notFound = (certificateId: string) =>
  new DomainError('NOT_FOUND', 'CERTIFICATE_NOT_FOUND', '证照不存在', 'Certificate not found', {
    details: { certificateId: certificateId.slice(0, 64) },
  });

/**
 * The record if it is in force or was: PENDING records count only once their batch committed (the case names
 * the batch); otherwise they do not exist for anyone.
 */
export async function resolveCertificate(
  deps: Pick<CertificateDependencies, 'ledger' | 'cases'>,
  certificateId: string,
): Promise<CertificateRecord | undefined> {
  const record = await deps.ledger.get(certificateId);
  return record ? resolveRecord(deps, record) : undefined;
}

/** `resolveCertificate` for a record already read. */
export async function resolveRecord(
  deps: Pick<CertificateDependencies, 'ledger' | 'cases'>,
  record: CertificateRecord,
): Promise<CertificateRecord | undefined> {
  if (record.status !== 'PENDING') return record;
  const { certificateId } = record;
  if (record.replaces) {
    // A reissued licence is in force once the licence it replaces names it (the reissue's commit point).
    const replaced = await deps.ledger.get(record.replaces);
    if (replaced?.supersededBy !== certificateId) return undefined;
    // Lazy repair of a crash between commit and activation; read-only callers may lack the right: best effort.
    await deps.ledger.activate(certificateId, record.batchId).catch(() => undefined);
    return { ...record, status: 'VALID' };
  }
  const owner = await deps.cases.get(record.caseId);
  const committed = owner?.issuance?.batchId === record.batchId && owner.issuance.state === 'COMMITTED';
  if (!committed) return undefined;
  await deps.ledger.activate(certificateId, record.batchId).catch(() => undefined);
  return { ...record, status: 'VALID' };
}

export async function loadOwn(deps: CertificateDependencies, principal: Principal, certificateId: string) {
  if (certificateId.length > 64) throw notFound(certificateId);
  const record = await resolveCertificate(deps, certificateId);
  if (!record || record.clientId !== principal.clientId) throw notFound(certificateId);
  // A key of the same client scoped to other service items may not act on this licence.
  authoriseServiceItem(principal, record.serviceItemCode);
  return record;
}

export async function getCertificate(
  deps: CertificateDependencies,
  principal: Principal,
  certificateId: string,
): Promise<CertificateView> {
  return toCertificateView(await loadOwn(deps, principal, certificateId), deps, deps.clock.now());
}

/** The exact signed bytes — only if they are the ledger's (see `readIntactLicence`) — and a safe file name. */
export async function getCertificatePdf(
  deps: CertificateDependencies & Pick<LicenceIntegrityDependencies, 'metrics'>,
  principal: Principal,
  certificateId: string,
): Promise<{ bytes: Uint8Array; fileName: string }> {
  const record = await loadOwn(deps, principal, certificateId);
  const bytes = await readIntactLicence(deps, record, 'upstream-download');
  return { bytes, fileName: `${record.certificateId}.pdf` };
}
