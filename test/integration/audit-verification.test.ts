/**
 * `GET /v1/audit/verification` held against the signed checkpoints, on dynalite through the real SDK: a cut
 * head and a rewrite re-hashed to the end link up perfectly, so only the checkpoints show them — online, and
 * offline from the export, naming the same seqs.
 */
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoAuditLog } from '../../functions/adapters/dynamodb-audit-log.js';
import { DynamoCheckpointStore } from '../../functions/adapters/dynamodb-checkpoint-store.js';
import { runAuditCheckpoint, signCheckpoint } from '../../functions/core/audit/checkpoint.js';
import { sealKeyOf, verifyAuditTrail } from '../../functions/core/audit/checkpoint-anchor.js';
import { hashEntry } from '../../functions/core/audit/entry-hash.js';
import { verifyAuditExport } from '../../functions/core/audit/offline-verify.js';
import { toPem } from '../../functions/core/pki/pem.js';
import { buildAuditExport } from '../../functions/handlers/audit-export-routes.js';
import { FixedClock } from '../support/fakes.js';
import { startTestDynamo, type TestDynamo } from '../support/storage.js';
import { createSealingFixture, type SealingFixture } from '../unit/pades/sealing-fixture.js';
import { createCryptoSigner } from '../unit/pki/crypto-signer.js';

let dynamo: TestDynamo;
let seal: SealingFixture;
let chainCount = 0;

beforeAll(async () => {
  dynamo = await startTestDynamo();
  seal = await createSealingFixture('2026-01-01T00:00:00.000Z');
});
afterAll(async () => {
  await dynamo?.close();
});

/** A fresh chain of `length` entries in its own partition, with checkpoints signed after each seq in `at`. */
async function chainWithCheckpoints(length: number, at: number[]) {
  const chain = `test-${++chainCount}`;
  const clock = new FixedClock('2026-03-26T08:00:00.000Z');
  const audit = new DynamoAuditLog({ client: dynamo.doc, tableName: dynamo.tables.audit, clock, chain });
  const checkpoints = new DynamoCheckpointStore({
    client: dynamo.doc,
    tableName: dynamo.tables.audit,
    chain,
  });
  const job = { audit, checkpoints, signer: seal.sealSigner, keyId: 'alias/seal', clock, chain };
  for (let n = 1; n <= length; n++) {
    clock.advance(1000);
    await audit.append([
      { actor: 'client-demo', action: 'case.created', subject: `CASE-${n}`, details: { n } },
    ]);
    if (at.includes(n)) await runAuditCheckpoint(job);
  }
  const pem = toPem('CERTIFICATE', seal.seal) + toPem('CERTIFICATE', seal.root);
  const online = () =>
    verifyAuditTrail({ audit, checkpoints, sealKey: async () => sealKeyOf([seal.seal, seal.root]) });
  const offline = async () =>
    verifyAuditExport(await buildAuditExport({ audit, checkpoints, sealChain: { pem: async () => pem } }));
  return { chain, audit, checkpoints, online, offline };
}

const key = (chain: string, seq: number) => ({ chain, seq });
const readItem = async (chain: string, seq: number) =>
  (await dynamo.doc.send(new GetCommand({ TableName: dynamo.tables.audit, Key: key(chain, seq) })))
    .Item as Record<string, unknown>;

/** Rewrite entry `fromSeq` and recompute every later hash and link, as someone with write access could. */
async function rewriteAndRehash(chain: string, fromSeq: number, toSeq: number): Promise<void> {
  let prevHash = String((await readItem(chain, fromSeq - 1)).hash);
  for (let seq = fromSeq; seq <= toSeq; seq++) {
    const item = await readItem(chain, seq);
    const details = JSON.parse(String(item.detailsJson)) as Record<string, unknown>;
    if (seq === fromSeq) details.n = 'forged';
    const entry = {
      seq,
      at: String(item.at),
      actor: String(item.actor),
      action: String(item.action),
      subject: String(item.subject),
      details,
      prevHash,
    };
    prevHash = hashEntry(entry);
    await dynamo.doc.send(
      new PutCommand({
        TableName: dynamo.tables.audit,
        Item: { ...item, detailsJson: JSON.stringify(details), prevHash: entry.prevHash, hash: prevHash },
      }),
    );
  }
}

describe('audit verification against the signed checkpoints (dynalite)', () => {
  it('says intact and how far the checkpoints vouch for an untouched chain', async () => {
    // Prepare
    const { online, offline } = await chainWithCheckpoints(12, [4, 8, 12]);
    // Act
    const result = await online();
    // Assess
    expect(result).toMatchObject({ intact: true, entries: 12, verifiedThroughSeq: 12, checkpoints: 3 });
    expect(result.firstBrokenSeq).toBeUndefined();
    expect(await offline()).toMatchObject({ ok: true, verifiedThroughSeq: 12 });
  });

  it('reports a deleted head entry as truncated at that seq, online and offline', async () => {
    // Prepare
    const { chain, audit, online, offline } = await chainWithCheckpoints(12, [4, 8, 12]);
    await dynamo.doc.send(new DeleteCommand({ TableName: dynamo.tables.audit, Key: key(chain, 12) }));
    // Act
    const result = await online();
    const exported = await offline();
    // Assess: the hash links alone still look perfect.
    expect(await audit.verifyChain()).toMatchObject({ intact: true, entries: 11 });
    expect(result).toMatchObject({
      intact: false,
      reason: 'TRUNCATED',
      firstBrokenSeq: 12,
      brokenBetween: [12, 12],
      verifiedThroughSeq: 8,
    });
    expect(exported).toMatchObject({
      ok: false,
      firstBadSeq: 12,
      brokenBetween: [12, 12],
      reason: 'TRUNCATED',
    });
  });

  it('pins a rewrite re-hashed to the end to the seqs after the last matching checkpoint, online and offline', async () => {
    // Prepare: rewrite seq 6 (between the checkpoints at 4 and 8) and re-hash 7–12.
    const { chain, audit, online, offline } = await chainWithCheckpoints(12, [4, 8, 12]);
    await rewriteAndRehash(chain, 6, 12);
    // Act
    const result = await online();
    const exported = await offline();
    // Assess
    expect(await audit.verifyChain()).toMatchObject({ intact: true, entries: 12 });
    expect(result).toMatchObject({
      intact: false,
      reason: 'CHECKPOINT_MISMATCH',
      firstBrokenSeq: 5,
      brokenBetween: [5, 8],
      verifiedThroughSeq: 4,
    });
    expect(exported).toMatchObject({ ok: false, firstBadSeq: 5, brokenBetween: [5, 8] });
  });

  it('does not take a checkpoint signed with another key as evidence', async () => {
    // Prepare: a forger signs the rewritten head at seq 8 with a key of their own.
    const { chain, checkpoints, online } = await chainWithCheckpoints(8, [4]);
    await rewriteAndRehash(chain, 6, 8);
    const forged = await signCheckpoint(createCryptoSigner(), 'alias/forged', {
      chain,
      seq: 8,
      head: String((await readItem(chain, 8)).hash),
      at: '2026-03-26T09:00:00.000Z',
    });
    await checkpoints.put(forged);
    // Act
    const result = await online();
    // Assess
    expect(result).toMatchObject({
      intact: false,
      reason: 'CHECKPOINT_INVALID',
      firstBrokenSeq: 5,
      brokenBetween: [5, 8],
    });
  });

  it('names the broken entry itself when the hash links show it, with the range the checkpoints allow', async () => {
    // Prepare: an edit in place at 10 without recomputing its hash.
    const { chain, online, offline } = await chainWithCheckpoints(12, [4, 8]);
    const item = await readItem(chain, 10);
    await dynamo.doc.send(
      new PutCommand({ TableName: dynamo.tables.audit, Item: { ...item, detailsJson: '{"n":"edited"}' } }),
    );
    // Act
    const result = await online();
    // Assess
    expect(result).toMatchObject({
      intact: false,
      reason: 'ENTRY_HASH_MISMATCH',
      firstBrokenSeq: 10,
      brokenBetween: [9, 10],
      verifiedThroughSeq: 8,
    });
    expect(await offline()).toMatchObject({ ok: false, firstBadSeq: 10, brokenBetween: [9, 10] });
  });

  it('answers 503 AUDIT_VERIFICATION_UNAVAILABLE when checkpoints exist but the seal certificate cannot be read', async () => {
    const { audit, checkpoints } = await chainWithCheckpoints(2, [2]);
    const run = verifyAuditTrail({
      audit,
      checkpoints,
      sealKey: async () => {
        throw new Error('no seal certificate chain');
      },
    });
    await expect(run).rejects.toMatchObject({ code: 'AUDIT_VERIFICATION_UNAVAILABLE', kind: 'UNAVAILABLE' });
  });
});
