/**
 * Lambda handler module for the scheduled jobs: EventBridge Scheduler invokes it with `{ "job": "<name>" }`.
 * Not an HTTP function: it has no routes, only the job table of `job-runner.ts`.
 */
import { runJob } from './job-runner.js';
import { sharedDependencies } from './lambda.js';

export const handler = async (event: { job?: string }) => {
  const deps = sharedDependencies();
  const outcome = await runJob(deps, String(event.job ?? ''), deps.clock.now());
  deps.logger.info('job finished', outcome);
  return outcome;
};
