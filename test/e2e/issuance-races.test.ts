/**
 * End to end over HTTP against the real local runtime (`bin/local.ts` in a child process): issue requests
 * that lose — to a concurrent request with another body, to a batch left PREPARING, to a key's scope — are
 * answered 409 / 403 and the runtime keeps serving; a refused request takes no licence serial, and every
 * serial the counter handed out is either a licence or voided in the case's audit trail.
 */
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDynamoClient } from '../../bin/local/aws-clients.js';
import { DynamoApiClientStore } from '../../functions/adapters/dynamodb-api-client-store.js';
import { DynamoCounters } from '../../functions/adapters/dynamodb-ledger.js';
import { tableNames } from '../../functions/adapters/dynamodb-tables.js';
import { catalogueFiles } from '../../functions/catalogue/index.js';
import type { CaseRecord } from '../../functions/core/cases/model.js';
import { buildCatalogue } from '../../functions/core/catalogue/catalogue.js';
import { SERIALS_VOIDED, serialSequence } from '../../functions/core/certificates/issuance-serials.js';
import { hashApiKey } from '../../functions/http/authenticate.js';
import { approvedMedicalCase } from '../support/e2e-flows.js';
import { apiClient, type RunningRuntime, startRuntime } from '../support/local-runtime.js';

const tables = tableNames('zz-');
const sequence = serialSequence(buildCatalogue(catalogueFiles).require('MEDICAL_DEVICE_EXPORT_CERT'));
let runtime: RunningRuntime;
let api: ReturnType<typeof apiClient>;
let doc: DynamoDBDocumentClient;
let counters: DynamoCounters;

beforeAll(async () => {
  runtime = await startRuntime();
  api = apiClient(runtime.url, runtime.apiKey);
  doc = DynamoDBDocumentClient.from(localDynamoClient(runtime.dynamoEndpoint));
  counters = new DynamoCounters({ client: doc, tableName: tables.counters });
});
afterAll(async () => {
  doc?.destroy();
  await runtime?.stop();
});

const serialsTaken = async () => (await counters.read([sequence]))[sequence] ?? 0;
const health = async () => (await api('GET', '/health')).status;

/** The serial of a licence number `湘药监械出〔2026〕第000012号`. */
const serialOf = (number: string) => Number(/第(\d+)号$/.exec(number)?.[1]);

/** Serials voided in a case's audit trail. */
async function voidedSerials(caseId: string): Promise<number[]> {
  const trail = await api('GET', `/v1/audit?subject=${caseId}`);
  return (trail.body.entries as Array<{ action: string; details: { serials: number[] } }>)
    .filter((e) => e.action === SERIALS_VOIDED)
    .flatMap((e) => e.details.serials);
}

describe('issue requests that lose', () => {
  it('answers one of three concurrent different-body requests 201, the others 409 ISSUANCE_IN_PROGRESS, and keeps serving', async () => {
    // Prepare
    const caseId = await approvedMedicalCase(api, 1);
    const before = await serialsTaken();
    const bodies = [{}, { notify: { mobile: '13800138000' } }, { notify: { mobile: '13912345678' } }];

    // Act
    const replies = await Promise.all(
      bodies.map((json) => api('POST', `/v1/cases/${caseId}/certificates`, { json })),
    );

    // Assess
    expect(replies.map((r) => r.status).sort(), replies.map((r) => r.text).join('\n')).toEqual([
      201, 409, 409,
    ]);
    for (const reply of replies.filter((r) => r.status === 409))
      expect(reply.body.error.code).toBe('ISSUANCE_IN_PROGRESS');
    expect(await health()).toBe(200);
    const issued = replies.find((r) => r.status === 201)?.body.certificates as Array<{ number: string }>;
    const accounted = [...issued.map((c) => serialOf(c.number)), ...(await voidedSerials(caseId))];
    const taken = Array.from({ length: (await serialsTaken()) - before }, (_, i) => before + 1 + i);
    expect(accounted.sort((a, b) => a - b)).toEqual(taken);
  });

  it('answers 409 ISSUANCE_IN_PROGRESS to a different body while another batch is PREPARING, taking no serial', async () => {
    // Prepare: the case as a request that crashed mid-production leaves it
    const caseId = await approvedMedicalCase(api, 1);
    const stored = (await doc.send(new GetCommand({ TableName: tables.cases, Key: { caseId } })))
      .Item as CaseRecord;
    const left: CaseRecord = {
      ...stored,
      version: stored.version + 1,
      issuance: {
        batchId: 'BATCH-LEFT-BEHIND',
        requestHash: 'a'.repeat(64),
        state: 'PREPARING',
        startedAt: new Date().toISOString(),
        issuedAt: new Date().toISOString(),
        licences: [],
      },
    };
    await doc.send(new PutCommand({ TableName: tables.cases, Item: left }));
    const before = await serialsTaken();

    // Act
    const reply = await api('POST', `/v1/cases/${caseId}/certificates`, { json: {} });

    // Assess
    expect(reply.status, reply.text).toBe(409);
    expect(reply.body.error.code).toBe('ISSUANCE_IN_PROGRESS');
    expect(await serialsTaken()).toBe(before);
    expect(await health()).toBe(200);
  });

  it('answers 403 FORBIDDEN_SERVICE_ITEM to a key of the same client scoped to another item, taking no serial', async () => {
    // Prepare
    const caseId = await approvedMedicalCase(api, 1);
    const scopedKey = `zz_test_scoped_${Date.now()}`;
    await new DynamoApiClientStore({ client: doc, tableName: tables.apiClients }).save(
      hashApiKey(scopedKey),
      {
        clientId: 'demo-upstream',
        name: '受限密钥',
        serviceItems: ['MINING_RIGHT_LICENSE'],
        departments: ['*'],
      },
    );
    const before = await serialsTaken();

    // Act
    const reply = await api('POST', `/v1/cases/${caseId}/certificates`, { json: {}, key: scopedKey });
    const owner = await api('POST', `/v1/cases/${caseId}/certificates`, { json: {} });

    // Assess
    expect(reply.status, reply.text).toBe(403);
    expect(reply.body.error.code).toBe('FORBIDDEN_SERVICE_ITEM');
    expect(owner.status, owner.text).toBe(201);
    expect(serialOf(owner.body.certificates[0].number)).toBe(before + 1);
    expect(await serialsTaken()).toBe(before + 1);
  });
});
