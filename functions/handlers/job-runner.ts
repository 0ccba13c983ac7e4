/**
 * The scheduled jobs, by name. On AWS each runs from an EventBridge schedule (`functions/handlers/jobs.ts`);
 * locally `POST /local/jobs/{name}?now=<ISO>` runs one as if the clock read `now`, and the local runtime also
 * runs them all on a timer. Every job is idempotent per subject and threshold.
 */
import type { AppDependencies } from '../composition.js';
import { runAuditCheckpoint } from '../core/audit/checkpoint.js';
import { DomainError } from '../core/errors.js';
import { runArchiveTimestamps } from '../core/jobs/archive-timestamps.js';
import { runDeadlineWarnings } from '../core/jobs/deadline-warnings.js';
import { notifyThroughAuditEvents, runDeferredMaterials } from '../core/jobs/deferred-materials.js';
import { runExpiryReminders } from '../core/jobs/expiry-reminders.js';
import { runRecomputeDeadlines } from '../core/jobs/recompute-deadlines.js';
import { runVoidAbandonedBatches } from '../core/jobs/void-abandoned-batches.js';
import { deliverProgressSms } from '../core/progress-sms/deliver.js';

type Job = (deps: AppDependencies, now: Date) => Promise<Record<string, unknown>>;

export const jobs: Record<string, Job> = {
  'deadline-warnings': async (deps, now) => ({ ...(await runDeadlineWarnings(deps.cases, now)) }),
  // Deadlines counted on the statutory rules, counted again once the year's notice is loaded as data.
  'recompute-deadlines': async (deps) => ({ ...(await runRecomputeDeadlines(deps.cases)) }),
  // Serials of an issuance batch nobody came back for in a day, voided with an audit entry.
  'void-abandoned-batches': async (deps, now) => ({ ...(await runVoidAbandonedBatches(deps.cases, now)) }),
  'audit-checkpoint': async (deps, now) => ({
    ...(await runAuditCheckpoint(
      {
        audit: deps.audit,
        checkpoints: deps.checkpoints,
        signer: deps.sealSigner,
        keyId: deps.config.kms.sealKeyId,
        clock: deps.clock,
      },
      now,
    )),
  }),
  // 容缺受理: remind before a deferred material falls due, return (退件) the case after.
  'deferred-materials': async (deps, now) => ({
    ...(await runDeferredMaterials(
      {
        ...deps.cases,
        notify: notifyThroughAuditEvents(deps.audit, (event) => deliverProgressSms(deps.progressSms, event)),
      },
      now,
    )),
  }),
  // B-LTA: a document time-stamp before the newest time-stamp's TSA certificate expires (needs a TSA).
  'archive-timestamps': async (deps, now) =>
    deps.archive ? { ...(await runArchiveTimestamps(deps.archive, now)) } : { skipped: 'NO_TSA_CONFIGURED' },
  'expiry-reminders': async (deps, now) => ({
    ...(await runExpiryReminders(
      { ...deps.delivery, ledger: deps.certificates.ledger, cases: deps.cases.cases },
      now,
    )),
  }),
};

export const jobNames = () => Object.keys(jobs);

/** Run the named job at `now`; 404 for an unknown job name. */
export async function runJob(
  deps: AppDependencies,
  name: string,
  now: Date,
): Promise<{ job: string; now: string; result: Record<string, unknown> }> {
  // Own names only: `__proto__`, `constructor`, `toString` … are in every object, not jobs.
  const job = Object.hasOwn(jobs, name) ? jobs[name] : undefined;
  if (!job) {
    throw new DomainError('NOT_FOUND', 'JOB_NOT_FOUND', '没有该定时任务', 'No such job', {
      details: { job: name.slice(0, 64), jobs: jobNames() },
    });
  }
  return { job: name, now: now.toISOString(), result: await job(deps, now) };
}
