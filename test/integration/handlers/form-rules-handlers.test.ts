/**
 * The cases handler over the real composition (dynalite, s3rver) with a clock the test moves: a form's
 * cross-field rules are checked again at submit, so a trip that ended while the case lay in DRAFT is refused
 * there (422 INVALID_FORM) and the case stays a DRAFT — not approved by three departments and refused at issue.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compose } from '../../../functions/composition.js';
import { loadConfig, storageEnvironment } from '../../../functions/config.js';
import { handlerModules } from '../../../functions/handlers/index.js';
import { hashApiKey } from '../../../functions/http/authenticate.js';
import { createHttpHandler, type LambdaHttpHandler } from '../../../functions/http/handler.js';
import type { Context } from '../../../functions/http/types.js';
import { allParts } from '../../../functions/parts/all.js';
import { applicant, transportForm } from '../../fixtures/cases.js';
import { FixedClock, type GatewayRequest, gatewayEvent, MemoryLogger } from '../../support/fakes.js';
import { startTestDynamo, startTestS3, type TestDynamo, type TestS3 } from '../../support/storage.js';

let dynamo: TestDynamo;
let s3: TestS3;
let directory: string;
let cases: LambdaHttpHandler;
const clock = new FixedClock('2026-03-26T08:00:00Z');
const key = 'zz_it_rules_0123456789abcdef';

beforeAll(async () => {
  [dynamo, s3] = await Promise.all([startTestDynamo(), startTestS3()]);
  directory = await mkdtemp(join(tmpdir(), 'zz-form-rules-'));
  const config = loadConfig({
    PUBLIC_BASE_URL: 'https://zz.test',
    SMS_OUTBOX_FILE: join(directory, 'outbox.jsonl'),
    ...storageEnvironment(dynamo.tables, s3.buckets),
  });
  const deps = compose(
    config,
    { dynamo: dynamo.client, s3: s3.client, clock, logger: new MemoryLogger() },
    allParts,
  );
  const module = handlerModules.find((m) => m.name === 'cases');
  if (!module) throw new Error('no cases handler module');
  cases = createHttpHandler(module.routes, deps, deps.http);
  await deps.apiClients.save(hashApiKey(key), {
    clientId: 'all',
    name: '省级平台',
    serviceItems: ['*'],
    departments: ['*'],
  });
});
afterAll(async () => {
  await Promise.all([dynamo?.close(), s3?.close(), rm(directory, { recursive: true, force: true })]);
});

async function call(request: GatewayRequest & { json?: unknown }) {
  const headers: Record<string, string> = { ...(request.headers ?? {}), authorization: `Bearer ${key}` };
  const body = request.json === undefined ? request.body : JSON.stringify(request.json);
  if (request.json !== undefined) headers['content-type'] = 'application/json';
  const result = await cases(
    gatewayEvent({ ...request, headers, ...(body === undefined ? {} : { body }) }),
    {} as Context,
  );
  return { status: result.statusCode, body: JSON.parse(result.body ?? 'null') };
}

describe('form rules at submit, through the cases handler', () => {
  it('refuses at submit a trip that ended after the case was opened, and leaves the case a DRAFT', async () => {
    // Prepare: opened while the trip lies ahead (its materials are not the point: the form is checked first)
    clock.set('2026-03-26T08:00:00Z');
    const created = await call({
      method: 'POST',
      path: '/v1/cases',
      json: { serviceItemCode: 'TRANSPORT_OVERSIZE_PERMIT', applicant, form: transportForm },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const caseId = created.body.caseId as string;
    const beforeEnd = await call({ method: 'POST', path: `/v1/cases/${caseId}/submit` });
    clock.set(`${transportForm.tripEnd}T16:00:00.000Z`); // 00:00 the day after the trip, in Shanghai

    // Act
    const afterEnd = await call({ method: 'POST', path: `/v1/cases/${caseId}/submit` });

    // Assess: while the trip lay ahead, only the materials were missing; once it ended, the form is refused
    expect(beforeEnd.body.error.code).toBe('MATERIALS_INCOMPLETE');
    expect(afterEnd.status).toBe(422);
    expect(afterEnd.body.error).toMatchObject({
      code: 'INVALID_FORM',
      message: expect.stringMatching(/^申请表内容不符合要求：通行截止日期已过/),
      details: { failures: [{ path: '/tripEnd', rule: 'TRIP_ALREADY_ENDED' }] },
    });
    expect((await call({ method: 'GET', path: `/v1/cases/${caseId}` })).body.status).toBe('DRAFT');
  });
});
