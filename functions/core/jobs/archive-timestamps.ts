/**
 * `archive-timestamps` (PAdES B-LTA, ETSI EN 319 142-1 §5.5): before the TSA certificate of a licence's newest
 * time-stamp expires, the licence gets a document time-stamp — the newest stored version plus one incremental
 * update (the DSS extended with the time-stamps' validation data, then a /DocTimeStamp over the whole file) —
 * stored as a NEW version under its own key (the issued file is never overwritten), checked by our own
 * verifier before it counts, and recorded in the ledger with its SHA-256. Licences come from the ledger's
 * sparse `byDue` index (shared with the expiry reminders; `Ledger.listArchiveDue`); a licence no longer in force leaves the queue. Idempotent: a version stored by a run
 * that crashed before the ledger write is taken over if it is a genuine extension, else replaced.
 */
import { createHash } from 'node:crypto';
import type { AuditLog } from '../../ports/audit-log.js';
import type { CaseStore } from '../../ports/case-store.js';
import { ConcurrentUpdateError } from '../../ports/case-store.js';
import type { Ledger } from '../../ports/ledger.js';
import { ObjectExistsError, type ObjectStore } from '../../ports/object-store.js';
import type { TimeStampAuthority } from '../../ports/time-stamp-authority.js';
import type { ValidationDataSource } from '../../ports/validation-data.js';
import { resolveRecord } from '../certificates/certificate-service.js';
import { newestVersion, versionObjectKey } from '../certificates/licence-versions.js';
import type { CertificateRecord } from '../certificates/model.js';
import { addDocumentTimestamp } from '../pades/doc-timestamp.js';
import {
  ARCHIVE_MARGIN_DAYS,
  archiveDueOf,
  licenceTimestamps,
} from '../verification/timestamps/licence-timestamps.js';
import { checkOwnSeal } from '../verification/verify-pdf-signature.js';

/** The audit action of a stored archive version. */
export const LICENCE_ARCHIVED_ACTION = 'licence.archive-timestamped';

export interface ArchiveDependencies {
  ledger: Ledger;
  /** To tell a committed licence still marked PENDING from a voided one (`resolveRecord`). */
  cases: CaseStore;
  licences: Pick<ObjectStore, 'get' | 'put'>;
  audit: Pick<AuditLog, 'append'>;
  tsa: TimeStampAuthority;
  /** CRLs/OCSP responses for the time-stamps' TSA certificates; without it the DSS gets the certificates only. */
  validationData?: ValidationDataSource;
  /** DER roots of the seal chain (the time-stamps' too, unless `timestampRoots`). */
  trustRoots: () => Promise<Uint8Array[]>;
  timestampRoots?: () => Promise<Uint8Array[]>;
  /** @default ARCHIVE_MARGIN_DAYS */
  marginDays?: number;
  /** Licences handled per run; the rest stay due for the next (hourly) run. @default ARCHIVE_BATCH */
  batch?: number;
}

/** Per run: a TSA call, two verifications and a PDF write each, well inside the jobs function's 300 s. */
export const ARCHIVE_BATCH = 500;

export interface ArchiveResult {
  examined: number;
  archived: number;
  /** Left the queue: no longer in force, or without a time-stamp to keep. */
  dequeued: number;
  /** Not yet due after all (its newest time-stamp is later than the queue said): rescheduled. */
  rescheduled: number;
  failed: number;
}

const dayOf = (date: Date) => date.toISOString().slice(0, 10);
const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const IN_FORCE = new Set(['VALID', 'SUSPENDED']);

async function save(
  deps: ArchiveDependencies,
  record: CertificateRecord,
  change: Partial<CertificateRecord> | 'dequeue',
) {
  const next: CertificateRecord = {
    ...record,
    ...(change === 'dequeue' ? {} : change),
    version: record.version + 1,
  };
  if (change === 'dequeue') {
    delete next.archiveQueue;
    delete next.archiveDue;
  }
  try {
    await deps.ledger.update(next);
    return true;
  } catch (error) {
    if (error instanceof ConcurrentUpdateError) return false; // changed meanwhile: the next run looks again
    throw error;
  }
}

/** The next version's bytes: the newest stored version, time-stamped, with its validation data in the DSS. */
async function extend(deps: ArchiveDependencies, current: Uint8Array): Promise<Uint8Array> {
  const certificates = licenceTimestamps(current).flatMap((stamp) => stamp.tsaCertificates);
  const collected = deps.validationData
    ? await deps.validationData.collect(certificates)
    : { ocspResponses: [], crls: [] };
  return addDocumentTimestamp(current, {
    tsa: deps.tsa,
    dss: { certificates, crls: collected.crls, ocspResponses: collected.ocspResponses },
  });
}

/** A candidate version is kept only if our verifier calls it VALID and it extends the current bytes. */
async function genuine(deps: ArchiveDependencies, current: Uint8Array, next: Uint8Array): Promise<boolean> {
  const roots = await deps.trustRoots();
  const timestampRoots = deps.timestampRoots ? await deps.timestampRoots() : undefined;
  const check = checkOwnSeal(next, { roots, ...(timestampRoots ? { timestampRoots } : {}) });
  const prefix = Buffer.from(next.subarray(0, current.length)).equals(Buffer.from(current));
  return check.status === 'VALID' && check.signature?.level === 'B-LTA' && prefix;
}

/** Store `bytes` as version `number`; a leftover of a crashed run is taken over if genuine, else replaced. */
async function store(deps: ArchiveDependencies, key: string, current: Uint8Array, bytes: Uint8Array) {
  try {
    await deps.licences.put(key, bytes, { contentType: 'application/pdf', ifNoneMatch: true });
    return bytes;
  } catch (error) {
    if (!(error instanceof ObjectExistsError)) throw error;
    const leftover = await deps.licences.get(key);
    if (leftover && (await genuine(deps, current, leftover))) return leftover;
    // Not referenced by the ledger (the record names versions only once written): safe to replace.
    await deps.licences.put(key, bytes, { contentType: 'application/pdf' });
    return bytes;
  }
}

async function archiveOne(
  deps: ArchiveDependencies,
  queued: CertificateRecord,
  now: Date,
  margin: number,
): Promise<keyof Omit<ArchiveResult, 'examined'>> {
  // PENDING: a licence once its batch committed (activated here, so read again), else never one.
  const resolved = await resolveRecord(deps, queued);
  const record =
    resolved && queued.status === 'PENDING' ? await deps.ledger.get(queued.certificateId) : resolved;
  if (!record) return (await save(deps, queued, 'dequeue')) ? 'dequeued' : 'failed';
  if (!IN_FORCE.has(record.status)) return (await save(deps, record, 'dequeue')) ? 'dequeued' : 'failed';
  const newest = newestVersion(record);
  const current = await deps.licences.get(newest.objectKey);
  if (!current || sha256Hex(current) !== newest.sha256) return 'failed'; // the integrity alarm is the reader's
  const due = archiveDueOf(current, margin);
  if (!due) return (await save(deps, record, 'dequeue')) ? 'dequeued' : 'failed';
  if (due > dayOf(now)) return (await save(deps, record, { archiveDue: due })) ? 'rescheduled' : 'failed';
  const candidate = await extend(deps, current);
  if (!(await genuine(deps, current, candidate))) return 'failed';
  const number = newest.number + 1;
  const key = versionObjectKey(record.objectKey, number);
  const stored = await store(deps, key, current, candidate);
  const sha256 = sha256Hex(stored);
  const versions = [...(record.versions ?? []), { sha256, at: now.toISOString(), kind: 'LTA' as const }];
  const saved = await save(deps, record, { versions, archiveDue: archiveDueOf(stored, margin) ?? due });
  if (!saved) return 'failed';
  await deps.audit
    .append([
      {
        actor: 'system',
        action: LICENCE_ARCHIVED_ACTION,
        subject: record.certificateId,
        details: { version: number, objectKey: key, sha256 },
      },
    ])
    .catch(() => undefined); // the ledger holds the version; the trail entry is best effort
  return 'archived';
}

/**
 * A failed licence is due again tomorrow: it moves behind the others in the index, so a licence that keeps
 * failing (a stored file that no longer matches, say) cannot hold up the queue. Best effort.
 */
async function postpone(deps: ArchiveDependencies, record: CertificateRecord, now: Date): Promise<void> {
  const tomorrow = dayOf(new Date(now.getTime() + 86_400_000));
  await save(deps, record, { archiveDue: tomorrow }).catch(() => false);
}

/** Run the job at `now`: the soonest `batch` licences whose next document time-stamp is due by then. */
export async function runArchiveTimestamps(deps: ArchiveDependencies, now: Date): Promise<ArchiveResult> {
  const margin = deps.marginDays ?? ARCHIVE_MARGIN_DAYS;
  const result: ArchiveResult = { examined: 0, archived: 0, dequeued: 0, rescheduled: 0, failed: 0 };
  for (const record of await deps.ledger.listArchiveDue(dayOf(now), deps.batch ?? ARCHIVE_BATCH)) {
    result.examined++;
    let outcome: keyof Omit<ArchiveResult, 'examined'>;
    try {
      outcome = await archiveOne(deps, record, now, margin);
    } catch {
      // One licence's TSA or store outage must not stop the others.
      outcome = 'failed';
    }
    result[outcome]++;
    if (outcome === 'failed') await postpone(deps, record, now);
  }
  return result;
}

export { ARCHIVE_MARGIN_DAYS, archiveDueOf };
