/** Statistics for upstream systems: counts, issuance per day, processing times, on-time rate. 🔑 */
import * as z from 'zod';
import type { AppDependencies } from '../composition.js';
import { countOverdue, readStats } from '../core/stats/stats.js';
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
        overdue: z.number().describe('Awaiting decisions past their due date'),
      }),
    ),
    totals: z
      .object({
        byStatus: z.record(z.string(), z.number()),
        total: z.number(),
        overdue: z.number(),
      })
      .describe('Across the service items listed (those of the key)'),
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
    summary:
      "Counts by service item and status (the key's items), totals, overdue cases, licences issued per day, processing times, on-time rate",
    tags: ['stats'],
    access: 'upstream',
    body: { kind: 'none' },
    responses: {
      200: { description: 'Aggregates (no personal data)', schema: statsSchema },
      401: { description: 'Missing or wrong API key', schema: errorSchema },
    },
    handle: async (request, deps) => {
      // A key scoped to some service items sees only theirs, issuance per day included.
      const allowed = request.client?.serviceItems ?? [];
      const allItems = allowed.includes('*');
      const items = deps.catalogue
        .list()
        .map((i) => i.code)
        .filter((code) => allItems || allowed.includes(code));
      const now = deps.clock.now();
      const overdue = await countOverdue(deps.cases.cases, items, now);
      return json(200, await readStats(deps.cases.counters, items, now, { allItems, overdue }));
    },
  }),
];
