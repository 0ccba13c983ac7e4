/** Routes of the audit trail. 🔑 */
import * as z from 'zod';
import type { AppDependencies } from '../composition.js';
import { json } from '../http/responses.js';
import { defineRoute } from '../http/route.js';
import { auditEntrySchema, auditVerificationSchema, errorSchema } from '../http/schemas.js';

export const auditRoutes = [
  defineRoute<AppDependencies>({
    method: 'GET',
    path: '/v1/audit',
    operationId: 'listAudit',
    summary: "A subject's audit entries in order",
    tags: ['audit'],
    access: 'upstream',
    body: { kind: 'none' },
    query: z.object({ subject: z.string().min(1).max(128) }),
    responses: {
      200: { description: 'Entries', schema: z.object({ entries: z.array(auditEntrySchema) }) },
      400: { description: 'Missing subject', schema: errorSchema },
      401: { description: 'Missing or wrong API key', schema: errorSchema },
    },
    handle: async (request, deps) => {
      const subject = String(request.query.subject);
      // A client sees the trail of its own subjects only; others look empty (not 403: ids are not confirmed).
      const owned = await deps.cases.cases.get(subject);
      if (!owned || owned.clientId !== request.client?.clientId) return json(200, { entries: [] });
      return json(200, { entries: await deps.audit.listBySubject(subject) });
    },
  }),
  defineRoute<AppDependencies>({
    method: 'GET',
    path: '/v1/audit/verification',
    operationId: 'verifyAudit',
    summary: 'Walk the whole hash chain',
    tags: ['audit'],
    access: 'upstream',
    body: { kind: 'none' },
    responses: {
      200: { description: 'Chain verification', schema: auditVerificationSchema },
      401: { description: 'Missing or wrong API key', schema: errorSchema },
    },
    handle: async (_request, deps) => json(200, await deps.audit.verifyChain()),
  }),
];
