/** Request and response schemas of the webhook routes (they feed /openapi.json like those of schemas.ts). */
import * as z from 'zod';
import { WEBHOOK_EVENT_TYPES } from '../core/events/domain-events.js';
import { MAX_URL_LENGTH } from '../core/webhooks/url-policy.js';

export const webhookRequestSchema = z
  .strictObject({
    url: z
      .string()
      .min(1)
      .max(MAX_URL_LENGTH)
      .describe('https URL with a public host (http://127.0.0.1 only in the local runtime)'),
  })
  .meta({ id: 'WebhookRequest' });

export const webhookEventTypeSchema = z.enum(WEBHOOK_EVENT_TYPES).meta({ id: 'WebhookEventType' });

export const webhookRegistrationSchema = z
  .object({
    url: z.string(),
    secret: z
      .string()
      .regex(/^whsec_[A-Za-z0-9+/]+=*$/)
      .describe('Standard Webhooks secret; shown only in this answer. Sign with its base64-decoded bytes.'),
    events: z.array(webhookEventTypeSchema),
  })
  .meta({ id: 'WebhookRegistration' });

export const webhookDeliverySchema = z
  .object({
    id: z.string().describe('The event id, sent as webhook-id (the same on every attempt)'),
    type: webhookEventTypeSchema,
    createdAt: z.iso.datetime({ offset: true }),
    status: z.enum(['PENDING', 'DELIVERED', 'FAILED']),
    attempts: z.number().int().min(0),
    lastStatus: z
      .union([z.number().int(), z.string()])
      .optional()
      .describe(
        'HTTP status of the last attempt, or TIMEOUT / CONNECTION / FORBIDDEN_ADDRESS / UNRESOLVABLE / INVALID_URL',
      ),
    lastAttemptAt: z.iso.datetime({ offset: true }).optional(),
    nextAttemptAt: z.iso.datetime({ offset: true }).optional(),
    deliveredAt: z.iso.datetime({ offset: true }).optional(),
    data: z.record(z.string(), z.unknown()).describe('The event data as sent (ids, codes, numbers only)'),
  })
  .meta({ id: 'WebhookDelivery' });

export const webhookDeliveryListSchema = z
  .object({ deliveries: z.array(webhookDeliverySchema) })
  .meta({ id: 'WebhookDeliveryList' });
