/** Routes of the audit trail. 🔑 */
import * as z from 'zod';
import type { AppDependencies } from '../composition.js';
import { sealKeyOf, verifyAuditTrail } from '../core/audit/checkpoint-anchor.js';
import { listSubjectTrail } from '../core/audit/subject-trail.js';
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
      403: { description: "The subject's service item is outside the key's scope", schema: errorSchema },
    },
    handle: async (request, deps) => {
      if (!request.client) throw new Error('upstream route without an authenticated client');
      const trail = { audit: deps.audit, cases: deps.cases.cases, ledger: deps.certificates.ledger };
      const entries = await listSubjectTrail(trail, request.client, String(request.query.subject));
      return json(200, { entries });
    },
  }),
  defineRoute<AppDependencies>({
    method: 'GET',
    path: '/v1/audit/verification',
    operationId: 'verifyAudit',
    summary: 'Walk the whole hash chain and hold it against the signed checkpoints',
    tags: ['audit'],
    access: 'upstream',
    body: { kind: 'none' },
    responses: {
      200: { description: 'Chain verification', schema: auditVerificationSchema },
      401: { description: 'Missing or wrong API key', schema: errorSchema },
      503: {
        description: 'AUDIT_VERIFICATION_UNAVAILABLE (seal certificate unreadable)',
        schema: errorSchema,
      },
    },
    handle: async (_request, deps) =>
      json(
        200,
        await verifyAuditTrail({
          audit: deps.audit,
          checkpoints: deps.checkpoints,
          sealKey: async () => sealKeyOf(await deps.sealChain.load()),
        }),
      ),
  }),
];
