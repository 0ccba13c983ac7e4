/** Statistics for upstream systems: counts, issuance per day, processing times, on-time rate. 🔑 */
import * as z from 'zod';
import type { AppDependencies } from '../composition.js';
import { readStats } from '../core/stats/stats.js';
import { json } from '../http/responses.js';
import { defineRoute, type RouteDefinition } from '../http/route.js';
import { errorSchema } from '../http/schemas.js';

const statsSchema = z
  .object({
    generatedAt: z.iso.datetime(),
    cases: z.array(
      z.object({
        serviceItemCode: z.string(),
        byStatus: z.record(z.string(), z.number()),
        total: z.number(),
      }),
    ),
    licencesIssuedPerDay: z.array(z.object({ date: z.string(), count: z.number() })),
    processing: z.array(
      z.object({
        serviceItemCode: z.string(),
        decided: z.number(),
        medianWorkingDays: z.number().nullable(),
        p90WorkingDays: z.number().nullable(),
        onTimeRate: z.number().nullable(),
      }),
    ),
  })
  .meta({ id: 'Stats' });

export const statsRoutes: RouteDefinition<AppDependencies>[] = [
  defineRoute<AppDependencies>({
    method: 'GET',
    path: '/v1/stats',
    operationId: 'getStats',
    summary: 'Counts by service item and status, licences issued per day, processing times, on-time rate',
    tags: ['stats'],
    access: 'upstream',
    body: { kind: 'none' },
    responses: {
      200: { description: 'Aggregates (no personal data)', schema: statsSchema },
      401: { description: 'Missing or wrong API key', schema: errorSchema },
    },
    handle: async (request, deps) => {
      // A client scoped to some service items sees only theirs.
      const allowed = request.client?.serviceItems ?? [];
      const items = deps.catalogue
        .list()
        .map((i) => i.code)
        .filter((code) => allowed.includes('*') || allowed.includes(code));
      return json(200, await readStats(deps.cases.counters, items, deps.clock.now()));
    },
  }),
];
