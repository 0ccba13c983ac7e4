/**
 * docs/API.md is the contract upstream systems build against: every route its tables list (the contract and
 * the Additions built so far) is served by a handler module or, for /local/*, by the local runtime.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { localRoutes } from '../../../bin/local/local-routes.js';
import { handlerModules } from '../../../functions/handlers/index.js';

const contract = readFileSync(new URL('../../../docs/API.md', import.meta.url), 'utf8');
/** Path parameters named differently are the same route: `/v1/cases/{caseId}` = `/v1/cases/{id}`. */
const shape = (method: string, path: string): string => `${method} ${path.replace(/\{[^}]+\}/g, '{}')}`;

const listed = (text: string): string[] =>
  [...text.matchAll(/^\| `(GET|POST|PUT|DELETE|PATCH) (\/[^`\s?]*)/gm)].map(([, method = '', path = '']) =>
    shape(method, path),
  );

describe('the contract in docs/API.md', () => {
  const served = new Set(
    [...handlerModules.flatMap((m) => m.routes), ...localRoutes].map((r) => shape(r.method, r.path)),
  );

  it('lists the routes of its tables', () => {
    expect(listed(contract.slice(0, contract.indexOf('## Additions'))).length).toBeGreaterThan(25);
  });

  it('is served route by route', () => {
    expect(listed(contract).filter((route) => !served.has(route))).toEqual([]);
  });
});
