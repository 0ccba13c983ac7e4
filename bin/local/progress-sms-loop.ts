/**
 * The local runtime's progress-SMS reader (办件提醒): the same `deliverProgressSms` as the AWS queue consumer,
 * fed by its own cursor over the audit chain instead of the audit table's stream. Runs every
 * PROGRESS_SMS_INTERVAL_SECONDS (default 2; 0 turns it off — the e2e tests do, and drive it with the job) and
 * on demand as `POST /local/jobs/progress-sms`. Every message goes out at most once per event, however often
 * it runs.
 */
import {
  type ProgressPumpResult,
  runProgressSmsPump,
} from '../../functions/core/progress-sms/progress-pump.js';
import { sharedDependencies } from '../../functions/handlers/lambda.js';
import { parts as progressSmsParts } from '../../functions/handlers/progress-sms.js';

export const PROGRESS_SMS_JOB = 'progress-sms';

// One round at a time per process: the timer and the job would only race each other for the same claims.
let running: Promise<ProgressPumpResult> | undefined;

/** One round over the chain. */
export async function runLocalProgressSms(): Promise<ProgressPumpResult> {
  while (running) await running.catch(() => undefined);
  const deps = sharedDependencies(progressSmsParts);
  running = runProgressSmsPump({ ...deps.progressSms, chain: deps.audit });
  try {
    return await running;
  } finally {
    running = undefined;
  }
}

/** Start the timer; returns its stop function. */
export function startProgressSmsLoop(intervalSeconds: number, log: (line: string) => void): () => void {
  if (!(intervalSeconds > 0)) return () => undefined;
  const timer = setInterval(() => {
    runLocalProgressSms().catch((error: unknown) =>
      log(`progress SMS round failed: ${error instanceof Error ? error.message : String(error)}`),
    );
  }, intervalSeconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
