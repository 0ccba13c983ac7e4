/**
 * Routes served only by the local runtime (never deployed): managing upstream API clients for demos and tests.
 * The SMS outbox and job runner join them in later issues.
 */
import { randomBytes } from 'node:crypto';
import * as z from 'zod';
import type { AppDependencies } from '../../functions/composition.js';
import { runJob } from '../../functions/handlers/job-runner.js';
import { hashApiKey } from '../../functions/http/authenticate.js';
import { json } from '../../functions/http/responses.js';
import { defineRoute, type RouteDefinition } from '../../functions/http/route.js';

const clientRequest = z.strictObject({
  clientId: z.string().regex(/^[a-z0-9-]{3,64}$/),
  name: z.string().min(1).max(100),
  serviceItems: z.array(z.string().min(1)).min(1),
  departments: z.array(z.string().min(1)).min(1),
});

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
      return json(200, await runJob(deps, request.params.name, now));
    },
  }),
];
