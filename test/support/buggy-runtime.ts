/**
 * A child process for the process-safety tests: the local runtime's HTTP gateway and the real middy chain
 * (`createHttpHandler`), serving `/health` and three routes with the bugs that end a Node process — a
 * rejected promise nobody handles, a throw from a timer callback — and a handler that throws. With
 * `SAFETY_NET=off` the net of `bin/local.ts` is left out, to show what it prevents.
 */
import { randomUUID } from 'node:crypto';
import { startHttpGateway } from '../../bin/local/http-gateway.js';
import { installProcessSafetyNet } from '../../bin/local/process-safety.js';
import { createHttpHandler } from '../../functions/http/handler.js';
import { json } from '../../functions/http/responses.js';
import { defineRoute, type RouteDefinition } from '../../functions/http/route.js';

const route = (path: string, handle: () => Promise<ReturnType<typeof json>>): RouteDefinition<unknown> =>
  defineRoute<unknown>({
    method: 'GET',
    path,
    operationId: path.replace(/\W/g, '_'),
    summary: path,
    tags: ['test'],
    access: 'public',
    body: { kind: 'none' },
    responses: { 200: { description: 'ok' } },
    handle,
  });

const routes = [
  route('/health', async () => json(200, { status: 'ok' })),
  route('/bug/forgotten-rejection', async () => {
    // The bug of issuance before the fix: a promise started now, rejected before anyone awaits it.
    const started = Promise.reject(new Error('a write failed while nobody was listening'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    void started;
    return json(200, { status: 'answered' });
  }),
  route('/bug/throw-from-timer', async () => {
    setTimeout(() => {
      throw new Error('thrown outside any request');
    }, 0);
    return json(200, { status: 'answered' });
  }),
  route('/bug/throw-in-handler', async () => {
    throw new Error('a bug in the handler itself');
  }),
];

const log = (line: string) => console.error(line);
const handler = createHttpHandler(routes, undefined, {
  logger: { debug: () => undefined, info: () => undefined, warn: log, error: log },
  apiClients: { findByKeyHash: async () => undefined } as never,
  newRequestId: randomUUID,
  recordRefusedAuthentication: async () => undefined,
  idempotency: { name: 'no-idempotency', before: () => undefined },
});
if (process.env.SAFETY_NET !== 'off') installProcessSafetyNet(log);
const gateway = await startHttpGateway({
  modules: [{ name: 'buggy', routes, handler }],
  port: 0,
  clock: () => new Date(),
});
console.log(`listening on ${gateway.url}`);
