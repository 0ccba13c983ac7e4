/**
 * `PUT /v1/webhook` and `GET /v1/webhook/deliveries` 🔑 (the webhooks module). The PUT is deliberately not
 * idempotent-replayable: a replay would have to store the answer, and the answer holds the secret.
 */
import type { AppDependencies } from '../composition.js';
import type { Principal } from '../core/cases/model.js';
import { listDeliveries } from '../core/webhooks/delivery-log.js';
import { registerWebhook } from '../core/webhooks/registration.js';
import { json } from '../http/responses.js';
import { defineRoute, type RouteDefinition, type RouteRequest } from '../http/route.js';
import { errorSchema } from '../http/schemas.js';
import {
  webhookDeliveryListSchema,
  webhookRegistrationSchema,
  webhookRequestSchema,
} from '../http/webhook-schemas.js';

const principal = (request: RouteRequest): Principal => {
  if (!request.client) throw new Error('upstream route without an authenticated client');
  return request.client;
};

export const webhookRoutes: RouteDefinition<AppDependencies>[] = [
  defineRoute<AppDependencies>({
    method: 'PUT',
    path: '/v1/webhook',
    operationId: 'putWebhook',
    summary: 'Register (or replace) the client’s one webhook URL; rotates the secret, shown once',
    tags: ['webhooks'],
    access: 'upstream',
    body: { kind: 'json', schema: webhookRequestSchema, maxBytes: 4096 },
    responses: {
      200: {
        description: 'The URL, its new secret (shown once) and the event types',
        schema: webhookRegistrationSchema,
      },
      400: { description: 'Malformed body', schema: errorSchema },
      401: { description: 'Missing or wrong API key', schema: errorSchema },
      409: { description: 'CONCURRENT_UPDATE (Retry-After)', schema: errorSchema },
      422: {
        description:
          'WEBHOOK_URL_INVALID (not https, credentials, fragment) / WEBHOOK_URL_FORBIDDEN (private, loopback, link-local, reserved address) / WEBHOOK_URL_UNRESOLVABLE',
        schema: errorSchema,
      },
      503: { description: 'KEY_SERVICE_UNAVAILABLE (Retry-After)', schema: errorSchema },
    },
    handle: async (request, deps) => {
      const { url } = request.body as { url: string };
      return json(200, await registerWebhook(deps.webhooks, principal(request), url));
    },
  }),
  defineRoute<AppDependencies>({
    method: 'GET',
    path: '/v1/webhook/deliveries',
    operationId: 'listWebhookDeliveries',
    summary: 'The client’s recent webhook deliveries (newest first, up to 100) and their status',
    tags: ['webhooks'],
    access: 'upstream',
    body: { kind: 'none' },
    responses: {
      200: { description: 'Deliveries', schema: webhookDeliveryListSchema },
      401: { description: 'Missing or wrong API key', schema: errorSchema },
    },
    handle: async (request, deps) =>
      json(200, { deliveries: await listDeliveries(deps.webhooks, principal(request)) }),
  }),
];
