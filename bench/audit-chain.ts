/**
 * `npx tsx bench/audit-chain.ts` — what the one audit-chain head costs under concurrency. Every issuance commit
 * is an audit append (a transaction extending the chain's head, with the case and ledger writes as its
 * companions), so commits cannot overlap: within a process the appends queue, across processes (Lambda
 * containers) they race for the head and the losers read it again and retry. Measured against the local
 * runtime's DynamoDB (its own thread, as in the bench) through the real adapter, with `writers` concurrent
 * writers each appending an issue-commit-sized transaction (three entries and two companion puts):
 *   one instance        — the writers share one DynamoAuditLog (one process: its queue serialises them);
 *   racing instances    — one instance per writer on the same chain (one process each: lost races, retries);
 *   separate chains     — one instance per writer, each on its own chain (what a sharded head would allow).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { localDynamoClient } from '../bin/local/aws-clients.js';
import { DynamoAuditLog } from '../functions/adapters/dynamodb-audit-log.js';
import { createTables, tableNames } from '../functions/adapters/dynamodb-tables.js';
import { startRuntimeProcess } from './runtime-process.js';
import { summarize } from './stats.js';

const writers = Number(process.env.CHAIN_WRITERS ?? 4);
const perWriter = Number(process.env.CHAIN_APPENDS ?? 40);

const work = await mkdtemp(path.join(tmpdir(), 'zz-audit-chain-'));
const runtime = await startRuntimeProcess(path.join(work, 'runtime'));
try {
  const doc = DynamoDBDocumentClient.from(localDynamoClient(runtime.dynamoEndpoint));
  const tables = tableNames('chain-');
  await createTables(localDynamoClient(runtime.dynamoEndpoint), tables);
  const clock = { now: () => new Date() };
  let lostRaces = 0;
  const log = (chain: string) =>
    new DynamoAuditLog({
      client: doc,
      tableName: tables.audit,
      clock,
      chain,
      maxRetries: 60,
      sleep: (ms) => {
        lostRaces++;
        return new Promise((resolve) => setTimeout(resolve, ms));
      },
    });
  let serial = 0;
  const commit = (audit: DynamoAuditLog) => {
    const id = `C-${++serial}`;
    return audit.appendWith(
      ['CERTIFICATE_ISSUED', 'CASE_ISSUED', 'LICENCE_SERIAL_USED'].map((action) => ({
        actor: 'bench',
        action,
        subject: id,
        details: { batchId: `B-${serial}`, count: 1 },
      })),
      [1, 2].map((n) => ({
        Put: {
          TableName: tables.ledger,
          Item: { certificateId: `${id}-${n}`, status: 'VALID', padding: 'x'.repeat(400) },
        },
      })),
    );
  };
  const scenario = async (name: string, logs: DynamoAuditLog[]) => {
    for (const audit of new Set(logs)) await commit(audit); // warm each instance (and its chain)
    lostRaces = 0;
    const latencies: number[] = [];
    const started = performance.now();
    await Promise.all(
      logs.map(async (audit) => {
        for (let i = 0; i < perWriter; i++) {
          const at = performance.now();
          await commit(audit);
          latencies.push(performance.now() - at);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const timing = summarize(latencies);
    console.log(
      `${name.padEnd(18)} ${(latencies.length / seconds).toFixed(1).padStart(6)} commits/s, latency median ${timing.medianMs.toFixed(1)} ms p95 ${timing.p95Ms.toFixed(1)} ms, lost races ${lostRaces} (${(lostRaces / latencies.length).toFixed(2)} a commit)`,
    );
  };
  console.log(`${writers} writers × ${perWriter} issue-commit appends each:`);
  const shared = log('main');
  await scenario('(warm-up)', [log('warm')]);
  await scenario('single writer', [log('solo')]);
  await scenario(
    'one instance',
    Array.from({ length: writers }, () => shared),
  );
  await scenario(
    'racing instances',
    Array.from({ length: writers }, () => log('main')),
  );
  await scenario(
    'separate chains',
    Array.from({ length: writers }, (_, i) => log(`shard-${i}`)),
  );
} finally {
  await runtime.stop();
  await rm(work, { recursive: true, force: true });
}
