/**
 * 一键核验 through the real composition over dynalite and s3rver: the cases handler verifies a sealed PDF
 * PUT as a material (the seal chain read from the licences bucket, the licence from the DynamoDB ledger), a
 * presigned upload is verified when it lands (what the uploads handler runs on the S3 event), and submit
 * re-reads the ledger status of an accepted licence.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppDependencies, compose } from '../../functions/composition.js';
import { loadConfig, storageEnvironment } from '../../functions/config.js';
import { ingestUploadedObject } from '../../functions/core/cases/materials-service.js';
import { handlerModules } from '../../functions/handlers/index.js';
import { hashApiKey } from '../../functions/http/authenticate.js';
import { createHttpHandler, type LambdaHttpHandler } from '../../functions/http/handler.js';
import { caseSchema, verificationSchema } from '../../functions/http/schemas.js';
import type { Context } from '../../functions/http/types.js';
import { allParts } from '../../functions/parts/all.js';
import { applicant, makePdf, makePng, transportForm, transportRequired } from '../fixtures/cases.js';
import { FixedClock, type GatewayRequest, gatewayEvent, MemoryLogger } from '../support/fakes.js';
import { ledgerRecordFor, sealedPdf } from '../support/sealed-materials.js';
import { startTestDynamo, startTestS3, type TestDynamo, type TestS3 } from '../support/storage.js';
import { createSealingSetup, type SealingSetup } from '../unit/verification/sealed-licence.js';

const KEY = 'zz_it_verify_materials_0123456789';
const MATERIAL = 'ROAD_TRANSPORT_BUSINESS_PERMIT';

let dynamo: TestDynamo;
let s3: TestS3;
let directory: string;
let deps: AppDependencies;
let handler: LambdaHttpHandler;
let setup: SealingSetup;

beforeAll(async () => {
  [dynamo, s3, setup] = await Promise.all([
    startTestDynamo(),
    startTestS3(),
    createSealingSetup({ modulusLength: 2048 }),
  ]);
  directory = await mkdtemp(join(tmpdir(), 'zz-material-verification-'));
  const config = loadConfig({
    PUBLIC_BASE_URL: 'https://zz.test',
    SMS_OUTBOX_FILE: join(directory, 'outbox.jsonl'),
    ...storageEnvironment(dynamo.tables, s3.buckets),
  });
  deps = compose(
    config,
    {
      dynamo: dynamo.client,
      s3: s3.client,
      clock: new FixedClock('2026-03-26T08:00:00Z'),
      logger: new MemoryLogger(),
    },
    allParts,
  );
  const cases = handlerModules.find((m) => m.name === 'cases');
  if (!cases) throw new Error('no cases handler module');
  handler = createHttpHandler(cases.routes, deps, deps.http);
  await deps.apiClients.save(hashApiKey(KEY), {
    clientId: 'all',
    name: '省级平台',
    serviceItems: ['*'],
    departments: ['*'],
  });
  // The deployment's seal chain, where verification reads it (the licences bucket).
  expect(await deps.sealChain.save([setup.seal, setup.root])).toBe(true);
});
afterAll(async () => {
  await Promise.all([dynamo?.close(), s3?.close(), rm(directory, { recursive: true, force: true })]);
});

interface Call extends Omit<GatewayRequest, 'body'> {
  json?: unknown;
  body?: Uint8Array;
}

async function call(request: Call) {
  const headers: Record<string, string> = { authorization: `Bearer ${KEY}`, ...(request.headers ?? {}) };
  if (request.json !== undefined) headers['content-type'] = 'application/json';
  const body = request.json !== undefined ? JSON.stringify(request.json) : request.body;
  const result = await handler(
    gatewayEvent({ ...request, headers, ...(body === undefined ? {} : { body }) }),
    {} as Context,
  );
  return { status: result.statusCode ?? 0, body: JSON.parse(result.body ?? 'null') };
}

async function openCase(): Promise<string> {
  const res = await call({
    method: 'POST',
    path: '/v1/cases',
    json: { serviceItemCode: 'TRANSPORT_OVERSIZE_PERMIT', applicant, form: transportForm },
  });
  expect(res.status).toBe(201);
  return res.body.caseId as string;
}

const putMaterial = (caseId: string, code: string, bytes: Uint8Array, type = 'application/pdf') =>
  call({
    method: 'PUT',
    path: `/v1/cases/${caseId}/materials/${code}`,
    headers: { 'content-type': type },
    body: bytes,
  });

/** A sealed licence of this deployment, recorded in the DynamoDB ledger with `status`. */
async function recordedLicence(certificateId: string, overrides: Parameters<typeof ledgerRecordFor>[2] = {}) {
  const bytes = await sealedPdf(setup, { claim: certificateId, text: certificateId });
  const record = ledgerRecordFor(certificateId, bytes, overrides);
  await deps.certificates.ledger.putPending(record);
  return { bytes, record };
}

describe('一键核验 through the composed handlers', () => {
  it('verifies a sealed licence PUT as a material: VALID, the licence named, the response in its schema', async () => {
    // Prepare
    const caseId = await openCase();
    const { bytes } = await recordedLicence('CERT-IT-VALID');

    // Act
    const res = await putMaterial(caseId, MATERIAL, bytes);

    // Assess
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'ACCEPTED',
      problems: [],
      verification: {
        verdict: 'VALID',
        certificate: { certificateId: 'CERT-IT-VALID', status: 'VALID', validUntil: '2029-02-28' },
        signature: { coversWholeDocument: true, signer: expect.any(String) },
      },
    });
    expect(verificationSchema.strict().safeParse(res.body.verification).error?.issues).toBeUndefined();
  });

  it('verifies a presigned upload when it lands: a revoked licence is REJECTED with LICENCE_REVOKED', async () => {
    // Prepare
    const caseId = await openCase();
    const { bytes } = await recordedLicence('CERT-IT-REVOKED', {
      status: 'REVOKED',
      revokedAt: '2026-03-20T02:00:00.000Z',
      revocationReason: '吊销',
    });
    const url = await call({
      method: 'POST',
      path: `/v1/cases/${caseId}/materials/${MATERIAL}/upload-url`,
      json: { contentType: 'application/pdf' },
    });
    expect(url.status).toBe(200);
    const put = await fetch(url.body.url, {
      method: 'PUT',
      headers: url.body.headers,
      body: Buffer.from(bytes),
    });
    expect(put.status).toBe(200);

    // Act: what the uploads handler does for the S3 event of the landed object.
    const key = decodeURIComponent(new URL(url.body.url).pathname.split('/').slice(2).join('/'));
    const ingested = await ingestUploadedObject(deps.cases, key);
    const view = await call({ method: 'GET', path: `/v1/cases/${caseId}` });

    // Assess
    expect(ingested.ingested).toBe(true);
    const entry = view.body.checklist.find((c: { materialCode: string }) => c.materialCode === MATERIAL);
    expect(entry).toMatchObject({
      status: 'REJECTED',
      problems: [{ code: 'LICENCE_REVOKED' }],
      verification: { verdict: 'REVOKED', certificate: { certificateId: 'CERT-IT-REVOKED' } },
    });
    expect(caseSchema.safeParse(view.body).success).toBe(true);
  });

  it('refuses the submit of a case whose licence was revoked after its upload (re-read from the ledger)', async () => {
    // Prepare
    const caseId = await openCase();
    const { bytes, record } = await recordedLicence('CERT-IT-LATER');
    for (const code of transportRequired.filter((c) => c !== MATERIAL)) {
      const photo = code === 'VEHICLE_LOAD_PHOTOS';
      const res = photo
        ? await putMaterial(caseId, code, makePng(800, 1000, 11), 'image/png')
        : await putMaterial(caseId, code, await makePdf(`${caseId} ${code}`));
      expect(res.body.status).toBe('ACCEPTED');
    }
    expect((await putMaterial(caseId, MATERIAL, bytes)).body.verification.verdict).toBe('VALID');
    await deps.certificates.ledger.update({
      ...record,
      status: 'REVOKED',
      revokedAt: '2026-03-25T00:00:00.000Z',
      version: 2,
    });

    // Act
    const submitted = await call({ method: 'POST', path: `/v1/cases/${caseId}/submit` });

    // Assess
    expect(submitted.status).toBe(422);
    expect(submitted.body.error.code).toBe('MATERIALS_INCOMPLETE');
    expect(submitted.body.error.details.rejected).toEqual([
      { materialCode: MATERIAL, problems: [expect.objectContaining({ code: 'LICENCE_REVOKED' })] },
    ]);
  });
});
