/**
 * Routes served only by the local runtime (never deployed): managing upstream API clients for demos and tests.
 * The SMS outbox and job runner join them in later issues.
 */
import { randomBytes } from 'node:crypto';
import * as z from 'zod';
import type { AppDependencies } from '../../functions/composition.js';
import { DomainError } from '../../functions/core/errors.js';
import { runJob } from '../../functions/handlers/job-runner.js';
import { authenticateClient, hashApiKey } from '../../functions/http/authenticate.js';
import { json } from '../../functions/http/responses.js';
import { defineRoute, type RouteDefinition } from '../../functions/http/route.js';
import { PROGRESS_SMS_JOB, runLocalProgressSms } from './progress-sms-loop.js';
import { STATS_FEED_JOB, settleStatsFeed } from './stats-feed.js';
import { runLocalWebhookDeliveries, WEBHOOK_JOB } from './webhook-loop.js';

const clientRequest = z.strictObject({
  clientId: z.string().regex(/^[a-z0-9-]{3,64}$/),
  name: z.string().min(1).max(100),
  serviceItems: z.array(z.string().min(1)).min(1),
  departments: z.array(z.string().min(1)).min(1),
});

const everything = (scopes: readonly string[]): boolean => scopes.length === 1 && scopes[0] === '*';

/**
 * Creating clients hands out keys, so even locally it takes the demo key (a client allowed everything):
 * another process on the machine, or a page in a browser posting to 127.0.0.1, cannot mint itself a key.
 */
async function requireDemoKey(
  authorization: string | undefined,
  requestId: string,
  deps: AppDependencies,
): Promise<void> {
  const client = await authenticateClient(authorization, deps.http.apiClients, (refusal) =>
    deps.http.recordRefusedAuthentication({ ...refusal, requestId, routeKey: 'POST /local/clients' }),
  );
  if (!everything(client.serviceItems) || !everything(client.departments)) {
    throw new DomainError(
      'FORBIDDEN',
      'FORBIDDEN',
      '只有演示密钥（不受限的上游客户端）可以创建客户端',
      'Only the demo key (an unrestricted upstream client) may create clients',
    );
  }
}

export const localRoutes: RouteDefinition<AppDependencies>[] = [
  defineRoute<AppDependencies>({
    method: 'POST',
    path: '/local/clients',
    operationId: 'createLocalClient',
    summary: 'Create an upstream API client with limited scopes; returns its key once',
    tags: ['local'],
    access: 'local',
    body: { kind: 'json', schema: clientRequest, maxBytes: 8192 },
    responses: { 201: { description: 'The client and its API key' } },
    handle: async (request, deps) => {
      await requireDemoKey(request.headers.authorization, request.requestId, deps);
      const apiKey = `zz_${randomBytes(32).toString('base64url')}`;
      await deps.apiClients.save(hashApiKey(apiKey), request.body);
      return json(201, { client: request.body, apiKey });
    },
  }),
  defineRoute<AppDependencies>({
    method: 'GET',
    path: '/local/sms',
    operationId: 'localSmsOutbox',
    summary: 'The SMS outbox of the local SMS adapter',
    tags: ['local'],
    access: 'local',
    body: { kind: 'none' },
    responses: { 200: { description: 'Messages, oldest first' } },
    handle: async (_request, deps) => {
      const messages = (await deps.outbox?.list()) ?? [];
      return json(200, {
        messages: messages.map(({ to, body, link, sentAt }) => ({ to, body, link, sentAt })),
      });
    },
  }),

  defineRoute<AppDependencies>({
    method: 'POST',
    path: '/local/jobs/{name}',
    operationId: 'runLocalJob',
    summary: 'Run one scheduled job as if the clock read `now`',
    tags: ['local'],
    access: 'local',
    body: { kind: 'none' },
    params: z.object({ name: z.string() }),
    query: z.object({ now: z.iso.datetime({ offset: true }).optional() }),
    responses: { 200: { description: '{"job","now","result"}' } },
    handle: async (request, deps) => {
      const now = request.query.now ? new Date(String(request.query.now)) : deps.clock.now();
      // Local only: on AWS the webhook queue drives deliveries, no schedule.
      if (request.params.name === WEBHOOK_JOB) {
        return json(200, {
          job: WEBHOOK_JOB,
          now: now.toISOString(),
          result: await runLocalWebhookDeliveries(now),
        });
      }
      // Local only, like the webhook loop: on AWS the audit stream feeds the progress-sms queue.
      if (request.params.name === PROGRESS_SMS_JOB) {
        return json(200, {
          job: PROGRESS_SMS_JOB,
          now: now.toISOString(),
          result: await runLocalProgressSms(),
        });
      }
      // Local only: waits until the statistics have aggregated every write answered so far (the cases
      // table's stream feeds them on AWS, with a delay of seconds).
      if (request.params.name === STATS_FEED_JOB) {
        return json(200, { job: STATS_FEED_JOB, now: now.toISOString(), result: await settleStatsFeed() });
      }
      return json(200, await runJob(deps, request.params.name, now));
    },
  }),
];
