/**
 * Lambda handler module for the scheduled jobs: EventBridge Scheduler invokes it with `{ "job": "<name>" }`.
 * Not an HTTP function: it has no routes, only the job table of `job-runner.ts`.
 */
import { kmsParts } from '../parts/kms.js';
import { sqsParts } from '../parts/sms.js';
import type { CompositionParts } from '../parts/types.js';
import { runJob } from './job-runner.js';
import { sharedDependencies } from './lambda.js';

/** The audit checkpoint is signed with the seal key; expiry reminders go to the SMS queue. */
export const parts: CompositionParts = { ...kmsParts, ...sqsParts };

export const handler = async (event: { job?: string }) => {
  const deps = sharedDependencies(parts);
  const outcome = await runJob(deps, String(event.job ?? ''), deps.clock.now());
  deps.logger.info('job finished', outcome);
  return outcome;
};
