/**
 * A stored licence is served only as the file the ledger recorded: its SHA-256 is checked against the
 * ledger's on every way out (the upstream download, the citizen's SMS link and page). A mismatch — one byte
 * edited in the bucket, an object replaced or lost — is never served: 503 `LICENCE_INTEGRITY_ERROR`, an alarm
 * metric and an audit entry, because a citizen or a verifier would otherwise take a forged file as genuine.
 */
import { createHash } from 'node:crypto';
import type { AuditLog } from '../../ports/audit-log.js';
import type { Metrics } from '../../ports/metrics.js';
import type { ObjectStore } from '../../ports/object-store.js';
import { DomainError } from '../errors.js';
import { newestVersion } from './licence-versions.js';
import type { CertificateRecord } from './model.js';

/** The metric counted per refused file; the stack alarms on it (lib/observability.ts). */
export const LICENCE_INTEGRITY_METRIC = 'LicenceIntegrityFailure';

/** The audit action recorded per refused file. */
export const LICENCE_INTEGRITY_ACTION = 'licence.integrity-failed';

/** What the check reads and where it reports. */
export interface LicenceIntegrityDependencies {
  licences: Pick<ObjectStore, 'get'>;
  audit: Pick<AuditLog, 'append'>;
  metrics: Pick<Metrics, 'count'>;
}

/** Which way out asked for the file (recorded in the audit entry). */
export type LicenceChannel = 'upstream-download' | 'sms-link-download' | 'sms-link-page';

/** 503: the stored file is not the one the ledger recorded; retrying will not help until it is restored. */
export class LicenceIntegrityError extends DomainError {
  constructor(certificateId: string) {
    super(
      'UNAVAILABLE',
      'LICENCE_INTEGRITY_ERROR',
      '证照文件未通过完整性校验，暂不能提供，已通知管理员',
      'The stored licence file failed its integrity check and cannot be served; the operators have been alerted',
      { details: { certificateId } },
    );
    this.name = 'LicenceIntegrityError';
  }
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * The stored bytes of `record`'s licence when their SHA-256 equals the ledger's; otherwise counts the metric,
 * appends the audit entry (best effort: the refusal stands even if the trail is unavailable) and throws
 * `LicenceIntegrityError`.
 */
export async function readIntactLicence(
  deps: LicenceIntegrityDependencies,
  record: Pick<CertificateRecord, 'certificateId' | 'objectKey' | 'sha256' | 'versions'>,
  channel: LicenceChannel,
): Promise<Uint8Array> {
  // The newest version is served (after archive time-stamps, the issued file plus its B-LTA updates).
  const newest = newestVersion(record);
  const bytes = await deps.licences.get(newest.objectKey);
  const actual = bytes ? sha256(bytes) : undefined;
  if (bytes && actual === newest.sha256) return bytes;
  deps.metrics.count(LICENCE_INTEGRITY_METRIC);
  await deps.audit
    .append([
      {
        actor: 'system',
        action: LICENCE_INTEGRITY_ACTION,
        subject: record.certificateId,
        details: {
          channel,
          problem: bytes ? 'DIGEST_MISMATCH' : 'MISSING',
          objectKey: newest.objectKey,
          expectedSha256: newest.sha256,
          ...(actual ? { actualSha256: actual } : {}),
        },
      },
    ])
    .catch(() => undefined);
  throw new LicenceIntegrityError(record.certificateId);
}
