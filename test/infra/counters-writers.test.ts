/**
 * Who may write the counters table: the modules that take serials and status-list positions (certificates,
 * bulk-worker, which also adds a counted chunk's statistics in its transaction) and the statistics aggregator
 * (stats-stream). No job writes it any more (the statistics follow the cases table's stream), so the jobs role
 * may not; the status lists and statistics only read it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { handlerModules } from '../../functions/handlers/index.js';
import { modulePermissions } from '../../lib/permissions.js';
import { actionsOf, logicalId, moduleRoleId, roleStatements, type Synthesized, synthesize } from './synth.js';

const WRITES = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];

describe('the counters table’s writers', () => {
  let s: Synthesized;
  beforeAll(() => {
    s = synthesize();
  });

  it('are certificates, bulk-worker and stats-stream, as declared and as granted', () => {
    const counters = logicalId(s.built.stack.data.tables.counters);
    const declared = handlerModules
      .filter((m) => ['write', 'readWrite'].includes(modulePermissions[m.name]?.tables.counters ?? ''))
      .map((m) => m.name)
      .sort();
    expect(declared).toEqual(['bulk-worker', 'certificates', 'stats-stream']);
    for (const { name } of handlerModules) {
      const writes = roleStatements(s, moduleRoleId(s, name)).filter(
        (st) =>
          JSON.stringify(st.Resource).includes(counters) && actionsOf(st).some((a) => WRITES.includes(a)),
      );
      expect(writes.length > 0, name).toBe(declared.includes(name));
    }
  });
});
