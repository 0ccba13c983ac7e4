/**
 * `GET /v1/audit/verification` over HTTP against the local runtime: checkpoints signed by the `audit-checkpoint`
 * job through the local KMS endpoint, then the table edited directly in its DynamoDB — a deleted head entry,
 * and a rewrite re-hashed to the end. The plain hash walk misses both; the checkpoints do not, and the export
 * checked offline names the same seqs.
 */
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDynamoClient } from '../../bin/local/aws-clients.js';
import { hashEntry } from '../../functions/core/audit/entry-hash.js';
import { verifyAuditExport } from '../../functions/core/audit/offline-verify.js';
import { apiClient, type RunningRuntime, startRuntime } from '../support/local-runtime.js';

let runtime: RunningRuntime;
let api: ReturnType<typeof apiClient>;
let doc: DynamoDBDocumentClient;
const table = 'zz-Audit';

beforeAll(async () => {
  runtime = await startRuntime();
  api = apiClient(runtime.url, runtime.apiKey);
  doc = DynamoDBDocumentClient.from(localDynamoClient(runtime.dynamoEndpoint));
});
afterAll(async () => {
  await runtime?.stop();
});

/** Append `count` entries (refused authentications are audited) and sign the head. */
async function appendAndCheckpoint(count: number): Promise<number> {
  for (let i = 0; i < count; i++) await api('GET', '/v1/stats', { key: 'zz_wrong_key_0123456789abcdef' });
  const job = await api('POST', '/local/jobs/audit-checkpoint');
  expect(job.status, job.text).toBe(200);
  return job.body.result.seq as number;
}

const item = async (seq: number) =>
  (await doc.send(new GetCommand({ TableName: table, Key: { chain: 'main', seq } }))).Item as Record<
    string,
    unknown
  >;

const offline = async () => {
  const exported = await api('GET', '/v1/audit/export');
  expect(exported.status).toBe(200);
  return verifyAuditExport(exported.text.split('\n'));
};

describe('audit verification held against the signed checkpoints (local runtime)', () => {
  it('finds a deleted head entry (truncated) and, after a rewrite re-hashed to the end, the range it lies in', async () => {
    // Prepare: checkpoints at a and b; the head b is then deleted.
    const a = await appendAndCheckpoint(3);
    const b = await appendAndCheckpoint(3);
    expect((await api('GET', '/v1/audit/verification')).body).toMatchObject({
      intact: true,
      verifiedThroughSeq: b,
    });
    const head = await item(b);
    await doc.send(new DeleteCommand({ TableName: table, Key: { chain: 'main', seq: b } }));

    // Act
    const truncated = await api('GET', '/v1/audit/verification');
    const truncatedOffline = await offline();

    // Assess
    expect(truncated.body).toMatchObject({
      intact: false,
      reason: 'TRUNCATED',
      firstBrokenSeq: b,
      brokenBetween: [b, b],
      verifiedThroughSeq: a,
    });
    expect(truncatedOffline).toMatchObject({ ok: false, firstBadSeq: b, reason: 'TRUNCATED' });

    // Prepare: put the head back, then rewrite the entry after checkpoint a and re-hash up to b.
    await doc.send(new PutCommand({ TableName: table, Item: head }));
    let prevHash = String((await item(a)).hash);
    for (let seq = a + 1; seq <= b; seq++) {
      const stored = await item(seq);
      const details = JSON.parse(String(stored.detailsJson)) as Record<string, unknown>;
      if (seq === a + 1) details.reason = 'REWRITTEN';
      const entry = {
        seq,
        at: String(stored.at),
        actor: String(stored.actor),
        action: String(stored.action),
        subject: String(stored.subject),
        details,
        prevHash,
      };
      prevHash = hashEntry(entry);
      await doc.send(
        new PutCommand({
          TableName: table,
          Item: { ...stored, detailsJson: JSON.stringify(details), prevHash: entry.prevHash, hash: prevHash },
        }),
      );
    }

    // Act
    const rewritten = await api('GET', '/v1/audit/verification');
    const rewrittenOffline = await offline();

    // Assess
    expect(rewritten.body).toMatchObject({
      intact: false,
      reason: 'CHECKPOINT_MISMATCH',
      firstBrokenSeq: a + 1,
      brokenBetween: [a + 1, b],
    });
    expect(rewrittenOffline).toMatchObject({ ok: false, firstBadSeq: a + 1, brokenBetween: [a + 1, b] });
  });
});
