import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoAuditLog } from '../../functions/adapters/dynamodb-audit-log.js';
import { DynamoCheckpointStore } from '../../functions/adapters/dynamodb-checkpoint-store.js';
import { runAuditCheckpoint, verifyCheckpointSignature } from '../../functions/core/audit/checkpoint.js';
import { verifyAuditExport } from '../../functions/core/audit/offline-verify.js';
import { toPem } from '../../functions/core/pki/pem.js';
import {
  type AuditExportDependencies,
  auditExportRoutes,
  buildAuditExport,
} from '../../functions/handlers/audit-export-routes.js';
import type { RouteRequest } from '../../functions/http/route.js';
import type { ApiClient } from '../../functions/http/types.js';
import type { Checkpoint } from '../../functions/ports/checkpoint-store.js';
import { FixedClock } from '../support/fakes.js';
import { startTestDynamo, type TestDynamo } from '../support/storage.js';
import { createSealingFixture } from '../unit/pades/sealing-fixture.js';
import type { CryptoSigner } from '../unit/pki/crypto-signer.js';

const admin: ApiClient = { clientId: 'admin', name: 'Admin', serviceItems: ['*'], departments: ['*'] };
const narrow: ApiClient = { clientId: 'one', name: 'One', serviceItems: ['X01'], departments: [] };
const request = (client: ApiClient, query: Record<string, string> = {}) =>
  ({ client, query, params: {}, headers: {} }) as unknown as RouteRequest;
const route = (path: string) => {
  const found = auditExportRoutes.find((r) => r.path === path);
  if (!found) throw new Error(path);
  return found;
};
const checkpoint = (seq: number): Checkpoint => ({
  chain: 'main',
  seq,
  head: seq.toString(16).padStart(64, '0'),
  at: '2026-03-26T08:00:00.000Z',
  keyId: 'k',
  algorithm: 'RSASSA_PKCS1_V1_5_SHA_256',
  signature: 'AAAA',
});

describe('DynamoCheckpointStore (dynalite through the real SDK)', () => {
  let dynamo: TestDynamo;

  beforeAll(async () => {
    dynamo = await startTestDynamo();
  });
  afterAll(async () => {
    await dynamo?.close();
  });

  it('keeps one checkpoint per seq and lists them ascending, newest or after a seq', async () => {
    // Prepare
    const store = new DynamoCheckpointStore({
      client: dynamo.doc,
      tableName: dynamo.tables.audit,
      chain: 'main',
    });
    // Act
    const firstPut = await store.put(checkpoint(3));
    const repeated = await store.put({ ...checkpoint(3), head: 'f'.repeat(64) });
    for (const seq of [1, 7, 5]) await store.put(checkpoint(seq));
    // Assess
    expect([firstPut, repeated]).toEqual([true, false]);
    expect((await store.latest())?.seq).toBe(7);
    expect((await store.list({ limit: 2 })).map((c) => c.seq)).toEqual([5, 7]);
    expect((await store.list({ afterSeq: 1, limit: 2 })).map((c) => c.seq)).toEqual([3, 5]);
    expect((await store.list({ afterSeq: 3, limit: 10 })).find((c) => c.seq === 3)).toBeUndefined();
    expect((await store.list({ limit: 10 }))[1]).toEqual(checkpoint(3));
  });

  it('keeps checkpoints of different chains apart and rejects a checkpoint of another chain', async () => {
    const store = new DynamoCheckpointStore({
      client: dynamo.doc,
      tableName: dynamo.tables.audit,
      chain: 'other',
    });
    expect(await store.latest()).toBeUndefined();
    await expect(store.put(checkpoint(1))).rejects.toThrow(RangeError);
  });
});

describe('the audit-checkpoint job and the export over the real audit log', () => {
  let dynamo: TestDynamo;
  let sealSigner: CryptoSigner;
  let pem: string;
  let audit: DynamoAuditLog;
  let checkpoints: DynamoCheckpointStore;
  const clock = new FixedClock('2026-03-26T08:00:00.000Z');
  const now = new Date('2026-03-26T09:05:00.000Z');

  const append = async (count: number) => {
    for (let n = 0; n < count; n++) {
      clock.advance(1000);
      await audit.append([
        { actor: 'client-demo', action: 'CASE_CREATED', subject: `case-${n}`, details: { n } },
      ]);
    }
  };
  const job = () => ({ audit, checkpoints, signer: sealSigner, keyId: 'alias/zhengzhao-seal', clock });

  beforeAll(async () => {
    dynamo = await startTestDynamo();
    const chain = await createSealingFixture('2026-01-01T00:00:00.000Z');
    sealSigner = chain.sealSigner;
    pem = toPem('CERTIFICATE', chain.seal) + toPem('CERTIFICATE', chain.root);
    audit = new DynamoAuditLog({ client: dynamo.doc, tableName: dynamo.tables.audit, clock });
    checkpoints = new DynamoCheckpointStore({ client: dynamo.doc, tableName: dynamo.tables.audit });
  });
  afterAll(async () => {
    await dynamo?.close();
  });

  it('signs the head once per head: a second run at the same now does nothing, new entries a new one', async () => {
    // Prepare
    await append(5);
    // Act
    const first = await runAuditCheckpoint(job(), now);
    const second = await runAuditCheckpoint(job(), now);
    await append(3);
    const third = await runAuditCheckpoint(job(), new Date('2026-03-26T10:05:00.000Z'));
    // Assess
    expect(first).toMatchObject({ created: true, seq: 5 });
    expect(second).toEqual({ created: false, seq: 5, head: first.head });
    expect(third).toMatchObject({ created: true, seq: 8, head: (await audit.head())?.hash });
    expect(sealSigner.digests).toHaveLength(2);
    const stored = await checkpoints.list({ limit: 10 });
    expect(stored.map((c) => c.seq)).toEqual([5, 8]);
    expect(stored.every((c) => verifyCheckpointSignature(c, sealSigner.publicKeyObject))).toBe(true);
  });

  it('leaves the chain, its verification and the subject index untouched by checkpoints', async () => {
    const verification = await audit.verifyChain();
    const indexed = await dynamo.doc.send(
      new QueryCommand({
        TableName: dynamo.tables.audit,
        IndexName: 'bySubject',
        KeyConditionExpression: '#s = :s',
        ExpressionAttributeNames: { '#s': 'subject' },
        ExpressionAttributeValues: { ':s': 'case-0' },
      }),
    );
    expect(verification).toMatchObject({ intact: true, entries: 8 });
    expect(indexed.Items?.every((item) => item.chain === 'main')).toBe(true);
  });

  it('serves the checkpoints with what a verifier needs', async () => {
    const response = await route('/v1/audit/checkpoints').handle(request(admin, { afterSeq: '5' }), {
      audit,
      checkpoints,
      sealChain: { pem: async () => pem },
    } satisfies AuditExportDependencies);
    const body = JSON.parse(String(response.body)) as { checkpoints: Record<string, unknown>[] };
    expect(response.statusCode).toBe(200);
    expect(body.checkpoints).toHaveLength(1);
    expect(Object.keys(body.checkpoints[0] ?? {}).sort()).toEqual(
      ['algorithm', 'at', 'head', 'keyId', 'seq', 'signature'].sort(),
    );
  });

  it('exports NDJSON that verifies offline: seal chain, every entry in order, every checkpoint', async () => {
    // Act
    const response = await route('/v1/audit/export').handle(request(admin), {
      audit,
      checkpoints,
      sealChain: { pem: async () => pem },
    });
    // Assess
    const lines = String(response.body).trimEnd().split('\n');
    const types = lines.map((l) => (JSON.parse(l) as { type: string }).type);
    expect(response.headers?.['content-type']).toBe('application/x-ndjson; charset=utf-8');
    expect(types).toEqual(['seal-chain', ...Array(8).fill('entry'), 'checkpoint', 'checkpoint']);
    expect(verifyAuditExport(lines)).toMatchObject({
      ok: true,
      entries: 8,
      checkpoints: 2,
      verifiedThroughSeq: 8,
    });
  });

  it('exports only up to the head read first, so entries and checkpoints added meanwhile cannot look cut off', async () => {
    // Prepare: the head as it was when the export started, before entries 7–8 and checkpoint 8 were written
    const earlier = { listRange: audit.listRange.bind(audit), head: async () => ({ seq: 6, hash: '' }) };
    const [atFive] = await checkpoints.list({ afterSeq: 0, limit: 1 });
    const checkpointsThen = { latest: async () => atFive, list: checkpoints.list.bind(checkpoints) };
    // Act
    const lines = await buildAuditExport({
      audit: earlier,
      checkpoints: checkpointsThen,
      sealChain: { pem: async () => pem },
    });
    // Assess
    expect(lines).toHaveLength(1 + 6 + 1);
    expect(verifyAuditExport(lines)).toMatchObject({
      ok: true,
      entries: 6,
      checkpoints: 1,
      verifiedThroughSeq: 5,
    });
  });

  it('refuses an export over the entry or byte limit with AUDIT_EXPORT_TOO_LARGE', async () => {
    const deps = { audit, checkpoints, sealChain: { pem: async () => pem } };
    await expect(buildAuditExport(deps, { maxEntries: 7, maxBytes: 10_000_000 })).rejects.toMatchObject({
      code: 'AUDIT_EXPORT_TOO_LARGE',
      details: { entries: 8, maxEntries: 7 },
    });
    await expect(buildAuditExport(deps, { maxEntries: 100, maxBytes: 4096 })).rejects.toMatchObject({
      code: 'AUDIT_EXPORT_TOO_LARGE',
      kind: 'UNPROCESSABLE',
    });
  });

  it('refuses the export to a client limited to some service items', async () => {
    const run = route('/v1/audit/export').handle(request(narrow), {
      audit,
      checkpoints,
      sealChain: { pem: async () => pem },
    });
    await expect(run).rejects.toMatchObject({ code: 'AUDIT_EXPORT_FORBIDDEN', kind: 'FORBIDDEN' });
  });
});
