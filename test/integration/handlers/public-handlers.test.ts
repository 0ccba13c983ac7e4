/**
 * The public handler over the real composition (dynalite, s3rver): health, the catalogue, and the OpenAPI
 * document at `GET /openapi.json`, which must be valid OpenAPI 3.1 and list every deployed route.
 */
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppDependencies, compose } from '../../../functions/composition.js';
import { loadConfig, storageEnvironment } from '../../../functions/config.js';
import { handlerModules } from '../../../functions/handlers/index.js';
import { createHttpHandler, type LambdaHttpHandler } from '../../../functions/http/handler.js';
import type { Context } from '../../../functions/http/types.js';
import { allParts } from '../../../functions/parts/all.js';
import { FixedClock, gatewayEvent, MemoryLogger } from '../../support/fakes.js';
import { startTestDynamo, startTestS3, type TestDynamo, type TestS3 } from '../../support/storage.js';

let dynamo: TestDynamo;
let s3: TestS3;
let deps: AppDependencies;
let publicHandler: LambdaHttpHandler;

beforeAll(async () => {
  [dynamo, s3] = await Promise.all([startTestDynamo(), startTestS3()]);
  const config = loadConfig({
    PUBLIC_BASE_URL: 'https://zz.test/',
    ...storageEnvironment(dynamo.tables, s3.buckets),
  });
  deps = compose(
    config,
    {
      dynamo: dynamo.client,
      s3: s3.client,
      clock: new FixedClock(),
      logger: new MemoryLogger(),
    },
    allParts,
  );
  const module = handlerModules.find((m) => m.name === 'public');
  if (!module) throw new Error('no public handler module');
  publicHandler = createHttpHandler(module.routes, deps, deps.http);
});
afterAll(async () => {
  await Promise.all([dynamo?.close(), s3?.close()]);
});

const get = async (path: string) => {
  const result = await publicHandler(gatewayEvent({ path }), {} as Context);
  return {
    status: result.statusCode,
    headers: result.headers ?? {},
    body: JSON.parse(result.body ?? 'null'),
  };
};

const deployedRoutes = () =>
  handlerModules.flatMap((m) =>
    m.routes.filter((r) => r.access !== 'local').map((r) => `${r.method} ${r.path}`),
  );

const documentedRoutes = (document: { paths: Record<string, Record<string, unknown>> }) =>
  Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
  );

describe('public handler', () => {
  it('answers health and the catalogue without a key', async () => {
    // Act
    const health = await get('/health');
    const items = await get('/v1/service-items');
    const item = await get('/v1/service-items/TRANSPORT_OVERSIZE_PERMIT');

    // Assess
    expect([health.status, health.body]).toEqual([200, { status: 'ok' }]);
    expect(items.body.items.map((i: { code: string }) => i.code)).toEqual(
      deps.catalogue.list().map((i) => i.code),
    );
    expect(item.body.departments).toEqual(['交通运输', '住房和城乡建设', '公安']);
    expect(item.headers['cache-control']).toBe('public, max-age=300');
  });

  it('serves an OpenAPI 3.1 document naming the configured server, with the public and intake routes', async () => {
    // Act
    const res = await get('/openapi.json');

    // Assess
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body.openapi).toBe('3.1.0');
    expect(res.body.servers).toEqual([{ url: 'https://zz.test' }]);
    expect(documentedRoutes(res.body)).toEqual(
      expect.arrayContaining([
        'GET /health',
        'POST /v1/cases',
        'PUT /v1/cases/{caseId}/materials/{materialCode}',
        'GET /v1/audit',
      ]),
    );
  });

  it('lists every deployed route of every handler module with its method', async () => {
    // Act
    const res = await get('/openapi.json');

    // Assess
    expect(documentedRoutes(res.body).sort()).toEqual(deployedRoutes().sort());
  });

  // BUG (functions/http/openapi.ts:10, `toSchema`): `$ref: "#/$defs/…"` inside path schemas does not
  // resolve in an OpenAPI document (see test/unit/http/openapi.test.ts). Fix: refs to `#/components/schemas`.
  it('serves a document that an OpenAPI 3.1 validator accepts', async () => {
    // Act
    const res = await get('/openapi.json');
    const result = await new Validator().validate(res.body);

    // Assess
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });
});
