import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { localDynamoClient } from '../../bin/local/aws-clients.js';
import {
  DynamoAuditLog,
  type DynamoAuditLogOptions,
  PREFETCH_TTL_MS,
} from '../../functions/adapters/dynamodb-audit-log.js';
import { AuditContentionError, PersonalDataInAuditError } from '../../functions/core/audit/errors.js';
import type { AuditInput } from '../../functions/ports/audit-log.js';
import type { Clock } from '../../functions/ports/clock.js';
import { startTestDynamo, type TestDynamo } from '../support/storage.js';

/** A clock that advances one millisecond per reading from 2026-03-26T08:00:00Z. */
const steppingClock = (): Clock => {
  let ms = Date.UTC(2026, 2, 26, 8);
  return { now: () => new Date(ms++) };
};

const input = (subject: string, n: number): AuditInput => ({
  actor: 'client-demo',
  action: 'MATERIAL_ACCEPTED',
  subject,
  details: { n, materialCode: `M${n}`, sha256: 'ab'.repeat(32) },
});

type Send = DynamoAuditLogOptions['client']['send'];

describe('DynamoAuditLog (dynalite through the real SDK)', () => {
  let dynamo: TestDynamo;
  let supportsTransactions = false;
  let chainCounter = 0;

  // Every test gets its own chain and subjects, so they cannot see each other's entries.
  const newLog = (overrides: Partial<DynamoAuditLogOptions> = {}) => {
    const chain = `chain-${++chainCounter}`;
    const log = new DynamoAuditLog({
      client: dynamo.doc,
      tableName: dynamo.tables.audit,
      clock: steppingClock(),
      chain,
      ...overrides,
    });
    return { log, chain };
  };

  /** The document client with `intercept` run before each command it sends. */
  const interceptedClient = (intercept: (command: unknown, send: Send) => Promise<unknown>) => {
    const client = Object.create(dynamo.doc) as typeof dynamo.doc;
    const send = dynamo.doc.send.bind(dynamo.doc) as Send;
    client.send = ((command: unknown) => intercept(command, send)) as Send;
    return client;
  };

  beforeAll(async () => {
    dynamo = await startTestDynamo();
    try {
      await dynamo.doc.send(
        new TransactWriteCommand({
          TransactItems: [{ Put: { TableName: dynamo.tables.audit, Item: { chain: 'probe', seq: 1 } } }],
        }),
      );
      supportsTransactions = true;
    } catch (error) {
      if ((error as Error).name !== 'UnknownOperationException') throw error;
    }
  });
  afterAll(async () => dynamo.close());

  it('appends entries and lists a subject’s entries in ascending seq', async () => {
    // Prepare
    const { log } = newLog();

    // Act
    for (let n = 1; n <= 6; n++) await log.append([input(n % 2 === 0 ? 'case-even' : 'case-odd', n)]);
    const even = await log.listBySubject('case-even');
    const limited = await log.listBySubject('case-odd', { limit: 2 });

    // Assess
    expect(even.map((e) => [e.seq, e.details.n])).toEqual([
      [2, 2],
      [4, 4],
      [6, 6],
    ]);
    expect(limited.map((e) => e.seq)).toEqual([1, 3]);
    expect(await newLog().log.listBySubject('case-even')).toEqual([]);
    expect(await log.head()).toEqual({ seq: 6, hash: (await log.listRange(6, 1))[0]?.hash });
    expect(await log.verifyChain()).toMatchObject({ intact: true, entries: 6 });
  });

  it('keeps one unbroken chain with seqs 1..50 when 50 writers append concurrently', async () => {
    // Prepare: 50 instances, as 50 Lambda containers would be, so only the conditional writes keep order
    const { chain } = newLog();
    const writers = Array.from({ length: 50 }, () => newLog({ chain }).log);

    // Act
    const appended = await Promise.all(writers.map((log, i) => log.append([input('case-race', i)])));
    const stored = await writers[0]?.listRange(1, 100);

    // Assess
    expect(stored?.map((e) => e.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(new Set(stored?.map((e) => e.details.n)).size).toBe(50);
    expect(
      appended
        .flat()
        .map((e) => e.hash)
        .sort(),
    ).toEqual(stored?.map((e) => e.hash).sort());
    expect(await writers[0]?.verifyChain()).toEqual({ intact: true, entries: 50, head: stored?.[49]?.hash });
    expect(stored?.every((e, i) => i === 0 || e.at >= (stored[i - 1]?.at ?? ''))).toBe(true);
  });

  it('queues 50 concurrent appends through one instance into seqs 1..50 without losing a race', async () => {
    // Prepare: count conditional writes that fail, which a process racing itself would cause
    let lostRaces = 0;
    const client = interceptedClient(async (command, send) =>
      send(command as never).catch((error: Error) => {
        if (error.name === 'ConditionalCheckFailedException') lostRaces++;
        throw error;
      }),
    );
    const { log } = newLog({ client });

    // Act
    await Promise.all(Array.from({ length: 50 }, (_, i) => log.append([input('case-queue', i)])));

    // Assess
    expect((await log.listRange(1, 100)).map((e) => e.seq)).toEqual(
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
    expect(lostRaces).toBe(0);
    expect(await log.verifyChain()).toMatchObject({ intact: true, entries: 50 });
  });

  it('finds an item whose details were edited directly with UpdateItem at its seq', async () => {
    // Prepare
    const { log, chain } = newLog();
    for (let n = 1; n <= 8; n++) await log.append([input('case-edit', n)]);
    await dynamo.doc.send(
      new UpdateCommand({
        TableName: dynamo.tables.audit,
        Key: { chain, seq: 5 },
        UpdateExpression: 'SET detailsJson = :d',
        ExpressionAttributeValues: { ':d': '{"materialCode":"M5","n":500,"sha256":"forged"}' },
      }),
    );

    // Act
    const result = await log.verifyChain();

    // Assess
    expect(result).toMatchObject({
      intact: false,
      entries: 8,
      firstBrokenSeq: 5,
      reason: 'ENTRY_HASH_MISMATCH',
    });
  });

  it('finds a deleted item at its seq, also across query pages', async () => {
    // Prepare
    const { log, chain } = newLog({ pageSize: 3 });
    for (let n = 1; n <= 10; n++) await log.append([input('case-delete', n)]);
    await dynamo.doc.send(new DeleteCommand({ TableName: dynamo.tables.audit, Key: { chain, seq: 7 } }));

    // Act
    const result = await log.verifyChain();

    // Assess
    expect(result).toMatchObject({
      intact: false,
      entries: 9,
      firstBrokenSeq: 7,
      reason: 'UNEXPECTED_SEQUENCE',
    });
  });

  it('reports an item that no longer reads as an entry instead of failing', async () => {
    // Prepare
    const { log, chain } = newLog();
    for (let n = 1; n <= 3; n++) await log.append([input('case-malformed', n)]);
    await dynamo.doc.send(
      new UpdateCommand({
        TableName: dynamo.tables.audit,
        Key: { chain, seq: 2 },
        UpdateExpression: 'REMOVE actor',
      }),
    );

    // Act
    const result = await log.verifyChain();

    // Assess
    expect(result).toMatchObject({ intact: false, entries: 3, firstBrokenSeq: 2, reason: 'MALFORMED_ENTRY' });
  });

  it('rejects personal data in details and writes nothing', async () => {
    // Prepare
    const { log } = newLog();
    const withMobile = { ...input('case-pii', 1), details: { applicant: { mobile: '13812345678' } } };

    // Act
    const attempt = log.append([withMobile]);

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(PersonalDataInAuditError);
    await expect(attempt).rejects.toMatchObject({ details: { paths: ['$.details.applicant.mobile'] } });
    expect(await log.head()).toBeUndefined();
  });

  it('keeps time non-decreasing when the clock goes backwards', async () => {
    // Prepare
    const times = ['2026-03-26T08:00:05.000Z', '2026-03-26T08:00:01.000Z'];
    const { log } = newLog({ clock: { now: () => new Date(times.shift() ?? 0) } });

    // Act
    await log.append([input('case-clock', 1)]);
    const [second] = await log.append([input('case-clock', 2)]);

    // Assess
    expect(second?.at).toBe('2026-03-26T08:00:05.000Z');
    expect(await log.verifyChain()).toMatchObject({ intact: true, entries: 2 });
  });

  it('gives up with a typed error when every attempt loses the race to another writer', async () => {
    // Prepare: a rival appends right after each of our head reads, so our seq is always taken
    const { log: rival, chain } = newLog();
    let rivalAppends = 0;
    const client = interceptedClient(async (command, send) => {
      const result = await send(command as never);
      if (command instanceof QueryCommand && command.input.ScanIndexForward === false) {
        await rival.append([input('case-rival', ++rivalAppends)]);
      }
      return result;
    });
    const victim = new DynamoAuditLog({
      client,
      tableName: dynamo.tables.audit,
      clock: steppingClock(),
      chain,
      maxRetries: 3,
    });

    // Act
    const attempt = victim.append([input('case-victim', 1)]);

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(AuditContentionError);
    await expect(attempt).rejects.toMatchObject({ code: 'AUDIT_LOG_BUSY', details: { attempts: 4 } });
    expect(await victim.listBySubject('case-victim')).toEqual([]);
    expect(await rival.verifyChain()).toMatchObject({ intact: true, entries: 4 });
  });

  it('does not append twice when the SDK retries a write whose response was lost', async () => {
    // Prepare: the first PutItem reaches the table, then its response "times out", so the SDK's own retry
    // meets the item it has just written and fails its condition
    const client = localDynamoClient(dynamo.endpoint);
    let dropped = 0;
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        if (context.commandName === 'PutItemCommand' && dropped++ === 0) {
          throw Object.assign(new Error('response lost'), { name: 'TimeoutError' });
        }
        return result;
      },
      { step: 'deserialize', name: 'loseFirstPutResponse' },
    );
    const { log, chain } = newLog({ client: DynamoDBDocumentClient.from(client) });

    // Act
    const [entry] = await log.append([input('case-retry', 1)]);

    // Assess
    expect(dropped).toBe(2);
    expect(entry?.seq).toBe(1);
    expect(await log.verifyChain()).toMatchObject({ intact: true, entries: 1 });
    expect(await newLog({ chain }).log.head()).toEqual({ seq: 1, hash: entry?.hash });
    client.destroy();
  });

  it('appends a batch with consecutive seqs, all or nothing (TransactWriteItems)', async (context) => {
    if (!supportsTransactions) context.skip('this DynamoDB endpoint has no TransactWriteItems');
    // Prepare: a squatter already holds seq 3, so a batch for seqs 2–4 must fail as a whole
    const { log, chain } = newLog();
    await log.append([input('case-batch', 1)]);
    await dynamo.doc.send(
      new PutCommand({ TableName: dynamo.tables.audit, Item: { chain, seq: 3, hash: 'f'.repeat(64) } }),
    );

    // Act
    const batch = await log.append([input('case-batch', 2), input('case-batch', 3), input('case-batch', 4)]);

    // Assess: nothing was written at seq 2; the retry extended the chain after the squatter
    expect(batch.map((e) => e.seq)).toEqual([4, 5, 6]);
    const seq2 = await dynamo.doc.send(
      new GetCommand({ TableName: dynamo.tables.audit, Key: { chain, seq: 2 } }),
    );
    expect(seq2.Item).toBeUndefined();
    expect(await log.verifyChain()).toMatchObject({ intact: false, firstBrokenSeq: 2, entries: 5 });
  });

  describe('a head read ahead of the append (prefetchHead)', () => {
    /** A log on a new chain whose head reads (`Query` newest first) are counted. */
    const countingLog = (overrides: Partial<DynamoAuditLogOptions> = {}) => {
      const reads = { head: 0 };
      const client = interceptedClient(async (command, send) => {
        if (command instanceof QueryCommand && command.input.ScanIndexForward === false) reads.head++;
        return send(command as never);
      });
      return { ...newLog({ client, ...overrides }), reads };
    };

    it('is used by the next append, which then reads nothing before writing', async () => {
      // Prepare
      const { log, reads } = countingLog();
      await log.append([input('case-prefetch', 1)]);
      await log.prefetchHead();

      // Act
      const [entry] = await log.append([input('case-prefetch', 2)]);
      const [after] = await log.append([input('case-prefetch', 3)]);

      // Assess: the first and third appends read the head themselves; the second took the prefetch
      expect(reads.head).toBe(3);
      expect(entry?.seq).toBe(2);
      expect(after?.seq).toBe(3);
      expect(await log.verifyChain()).toMatchObject({ intact: true, entries: 3 });
    });

    it('costs a retry, never a fork, when another writer extended the chain meanwhile', async () => {
      // Prepare
      const { log, chain, reads } = countingLog();
      const rival = new DynamoAuditLog({
        client: dynamo.doc,
        tableName: dynamo.tables.audit,
        clock: steppingClock(),
        chain,
      });
      await log.append([input('case-stale', 1)]);
      await log.prefetchHead();
      await rival.append([input('case-stale', 2)]);
      reads.head = 0;

      // Act
      const [entry] = await log.append([input('case-stale', 3)]);

      // Assess: the stale head made the conditional write fail; the retry read the head once
      expect(entry?.seq).toBe(3);
      expect(reads.head).toBe(1);
      expect(await log.verifyChain()).toMatchObject({ intact: true, entries: 3 });
    });

    it('is not used once older than PREFETCH_TTL_MS', async () => {
      // Prepare
      const { log, reads } = countingLog();
      await log.prefetchHead();
      const later = vi.spyOn(performance, 'now').mockReturnValue(performance.now() + PREFETCH_TTL_MS + 1);
      reads.head = 0;

      // Act
      const [entry] = await log.append([input('case-old', 1)]).finally(() => later.mockRestore());

      // Assess
      expect(reads.head).toBe(1);
      expect(entry?.seq).toBe(1);
    });

    it('is not used when this instance wrote while it was being read', async () => {
      // Prepare: the prefetch starts while this instance's own append is being written
      let prefetch: Promise<void> | undefined;
      const reads = { head: 0, puts: 0 };
      const client = interceptedClient(async (command, send) => {
        if (command instanceof QueryCommand && command.input.ScanIndexForward === false) reads.head++;
        if (command instanceof PutCommand) reads.puts++;
        if (command instanceof PutCommand && !prefetch) prefetch = log.prefetchHead();
        return send(command as never);
      });
      const { log } = newLog({ client });

      // Act
      await log.append([input('case-raced', 1)]);
      await prefetch;
      const [entry] = await log.append([input('case-raced', 2)]);

      // Assess: the second append read the head again instead of trusting the raced prefetch (which may
      // predate the first write), and so wrote once
      expect(reads).toEqual({ head: 3, puts: 2 });
      expect(entry?.seq).toBe(2);
      expect(await log.verifyChain()).toMatchObject({ intact: true, entries: 2 });
    });
  });
});
