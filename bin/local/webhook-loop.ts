/**
 * The local runtime's webhook delivery loop: the same routing and delivery code as the AWS queue consumer,
 * with real HTTP POSTs, fed by a cursor over the audit chain instead of its DynamoDB stream, and retried from
 * the delivery log's due index instead of SQS visibility. Runs every WEBHOOK_INTERVAL_SECONDS (default 2;
 * 0 turns it off) and on demand as the job `POST /local/jobs/webhook-deliveries?now=…`.
 */
import type { PumpResult } from '../../functions/core/webhooks/webhook-pump.js';
import { runWebhookPump } from '../../functions/core/webhooks/webhook-pump.js';
import { sharedDependencies } from '../../functions/handlers/lambda.js';
import { parts as webhookParts } from '../../functions/handlers/webhooks.js';

export const WEBHOOK_JOB = 'webhook-deliveries';

// One round at a time per process: the loop and the job would only race each other for the same deliveries.
let running: Promise<PumpResult> | undefined;

/** One round of the loop at `now` (the runtime's clock unless a job says otherwise). */
export async function runLocalWebhookDeliveries(now?: Date): Promise<PumpResult> {
  while (running) await running.catch(() => undefined);
  const deps = sharedDependencies(webhookParts);
  running = runWebhookPump(deps.webhooks, now ?? deps.clock.now());
  try {
    return await running;
  } finally {
    running = undefined;
  }
}

/** Start the timer; returns its stop function. */
export function startWebhookLoop(intervalSeconds: number, log: (line: string) => void): () => void {
  if (!(intervalSeconds > 0)) return () => undefined;
  const timer = setInterval(() => {
    runLocalWebhookDeliveries().catch((error: unknown) =>
      log(`webhook delivery round failed: ${error instanceof Error ? error.message : String(error)}`),
    );
  }, intervalSeconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
