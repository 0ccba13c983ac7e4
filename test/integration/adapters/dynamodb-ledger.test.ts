/**
 * DynamoLedger and DynamoCounters against dynalite: the conditions that make issuance exactly-once
 * (pending records per batch, activation, versioned updates), the indexes, and disjoint serial blocks.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCounters, DynamoLedger } from '../../../functions/adapters/dynamodb-ledger.js';
import type { CertificateRecord } from '../../../functions/core/certificates/model.js';
import { ConcurrentUpdateError } from '../../../functions/ports/case-store.js';
import { startTestDynamo, type TestDynamo } from '../../support/storage.js';

let dynamo: TestDynamo;
let ledger: DynamoLedger;
let counters: DynamoCounters;

beforeAll(async () => {
  dynamo = await startTestDynamo();
  ledger = new DynamoLedger({ client: dynamo.doc, tableName: dynamo.tables.ledger });
  counters = new DynamoCounters({ client: dynamo.doc, tableName: dynamo.tables.counters });
});
afterAll(async () => dynamo?.close());

let counter = 0;
const pending = (overrides: Partial<CertificateRecord> = {}): CertificateRecord => {
  counter++;
  return {
    certificateId: `CERT-IT-${counter}`,
    clientId: 'client-1',
    caseId: 'CASE-A',
    serviceItemCode: 'MEDICAL_DEVICE_EXPORT_CERT',
    batchId: 'BATCH-1',
    status: 'PENDING',
    number: `湘药监械出2026${String(counter).padStart(6, '0')}`,
    identifier: `1.2.156.3005.2.YJ0207.11430000MB1D715235.${String(counter).padStart(7, '0')}.001.X`,
    serial: counter,
    type: 'MEDICAL_DEVICE_EXPORT_CERTIFICATE',
    typeName: '医疗器械出口销售证明',
    issuer: '湖南省药品监督管理局',
    holder: { name: '张三丰', organization: '湖南康达医疗器械有限公司' },
    fields: { productName: '注射器' },
    issuedAt: '2026-03-26T08:00:00.000Z',
    validFrom: '2026-03-26',
    validUntil: '2028-03-24',
    sha256: counter.toString(16).padStart(64, '0'),
    objectKey: `licences/CERT-IT-${counter}.pdf`,
    bytes: 1234,
    verificationCode: 'ABCDEFGHJKMNPQRSTVWXYZ0123',
    sealCertificateSerial: '0a',
    version: 1,
    ...overrides,
  };
};

const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: unknown) => e,
  );

describe('DynamoLedger', () => {
  it('lets a resumed batch rewrite its own pending record', async () => {
    // Prepare
    const record = pending();
    await ledger.putPending(record);

    // Act
    await ledger.putPending({ ...record, bytes: 4321 });

    // Assess
    expect(await ledger.get(record.certificateId)).toMatchObject({ status: 'PENDING', bytes: 4321 });
  });

  it('writes a pending record ifAbsent only where none exists, not even over its own batch', async () => {
    // Prepare
    const record = pending();
    const fresh = pending();
    await ledger.putPending(record);

    // Act
    const overOwn = await rejection(ledger.putPending({ ...record, bytes: 4321 }, { ifAbsent: true }));
    await ledger.putPending(fresh, { ifAbsent: true });

    // Assess
    expect(overOwn).toBeInstanceOf(ConcurrentUpdateError);
    expect(await ledger.get(record.certificateId)).toMatchObject({ bytes: 1234 });
    expect(await ledger.get(fresh.certificateId)).toMatchObject({ status: 'PENDING' });
  });

  it('refuses a pending write of another batch, or over a record already VALID', async () => {
    // Prepare
    const record = pending();
    const activated = pending();
    await ledger.putPending(record);
    await ledger.putPending(activated);
    await ledger.activate(activated.certificateId, 'BATCH-1');

    // Act
    const otherBatch = await rejection(ledger.putPending({ ...record, batchId: 'BATCH-2' }));
    const overValid = await rejection(ledger.putPending(activated));

    // Assess
    expect(otherBatch).toBeInstanceOf(ConcurrentUpdateError);
    expect(overValid).toBeInstanceOf(ConcurrentUpdateError);
    expect(await ledger.get(record.certificateId)).toMatchObject({ batchId: 'BATCH-1' });
    expect(await ledger.get(activated.certificateId)).toMatchObject({ status: 'VALID', version: 2 });
  });

  it('activates only the named batch, and a second activation changes nothing', async () => {
    // Prepare
    const record = pending();
    await ledger.putPending(record);

    // Act
    await ledger.activate(record.certificateId, 'BATCH-OTHER');
    const afterWrongBatch = await ledger.get(record.certificateId);
    await ledger.activate(record.certificateId, 'BATCH-1');
    await ledger.activate(record.certificateId, 'BATCH-1');

    // Assess
    expect(afterWrongBatch?.status).toBe('PENDING');
    expect(await ledger.get(record.certificateId)).toMatchObject({ status: 'VALID', version: 2 });
  });

  it('updates with the next version and refuses a stale one', async () => {
    // Prepare
    const record = pending();
    await ledger.putPending(record);
    await ledger.activate(record.certificateId, 'BATCH-1');
    const current = (await ledger.get(record.certificateId)) as CertificateRecord;

    // Act
    await ledger.update({
      ...current,
      status: 'REVOKED',
      revocationReason: 'r',
      version: current.version + 1,
    });
    const stale = await rejection(
      ledger.update({ ...current, status: 'VALID', version: current.version + 1 }),
    );

    // Assess
    expect(stale).toBeInstanceOf(ConcurrentUpdateError);
    expect(await ledger.get(record.certificateId)).toMatchObject({ status: 'REVOKED', version: 3 });
  });

  it('finds a record by the SHA-256 of its PDF', async () => {
    // Prepare
    const records = Array.from({ length: 12 }, () => pending({ caseId: 'CASE-LIST' }));
    for (const r of records) await ledger.putPending(r);
    const target = records[5] as CertificateRecord;
    await ledger.activate(target.certificateId, 'BATCH-1');

    // Act
    const found = await ledger.findBySha256(target.sha256);
    const none = await ledger.findBySha256('f'.repeat(64));

    // Assess
    expect(found).toMatchObject({
      certificateId: target.certificateId,
      status: 'VALID',
      caseId: 'CASE-LIST',
    });
    expect(none).toBeUndefined();
  });
});

describe('DynamoLedger through its KEYS_ONLY indexes', () => {
  it('lists more licences than one batch read holds, whole and in the index order', async () => {
    // Prepare: 130 records (BatchGetItem reads at most 100 keys); one activated after the index named it
    const records = Array.from({ length: 130 }, (_, i) =>
      pending({ validUntil: `2027-${String(1 + (i % 12)).padStart(2, '0')}-01`, expiryQueue: 'ACTIVE' }),
    );
    for (const r of records) await ledger.putPending(r);
    await ledger.activate((records[77] as CertificateRecord).certificateId, 'BATCH-1');

    // Act
    const listed = (await ledger.listExpiring('2027-12-31')).filter((r) =>
      records.some((p) => p.certificateId === r.certificateId),
    );

    // Assess: full records from the table (not just the index's keys), in the index's order (by validUntil)
    expect(listed).toHaveLength(130);
    expect(listed.map((r) => r.validUntil)).toEqual(records.map((r) => r.validUntil).sort());
    expect(listed.every((r) => r.holder.name === '张三丰' && r.fields.productName === '注射器')).toBe(true);
    expect(listed.find((r) => r.certificateId === records[77]?.certificateId)?.status).toBe('VALID');
  });

  it('lists the licences in force that expire by a date, without those taken out of the queue', async () => {
    // Prepare
    const soon = pending({ validUntil: '2026-01-10', expiryQueue: 'ACTIVE' });
    const later = pending({ validUntil: '2026-02-10', expiryQueue: 'ACTIVE' });
    const revoked = pending({ validUntil: '2026-01-05', expiryQueue: 'ACTIVE' });
    for (const r of [soon, later, revoked]) await ledger.putPending(r);
    const current = (await ledger.get(revoked.certificateId)) as CertificateRecord;
    const { expiryQueue: _, ...dequeued } = current;
    await ledger.update({ ...dequeued, status: 'REVOKED', version: current.version + 1 });

    // Act
    const expiring = await ledger.listExpiring('2026-01-31');

    // Assess
    expect(expiring.map((r) => r.certificateId)).toEqual([soon.certificateId]);
    expect(expiring[0]).toMatchObject({ holder: soon.holder, verificationCode: soon.verificationCode });
  });
});

describe('DynamoLedger date queues share one index (byDue)', () => {
  it('stores one queue key per licence: the earlier of its reminder window and its archive day', async () => {
    // Prepare
    const both = pending({
      validUntil: '2040-03-31',
      expiryQueue: 'ACTIVE',
      archiveQueue: 'DUE',
      archiveDue: '2039-05-01',
    });
    const expiryOnly = pending({ validUntil: '2040-03-31', expiryQueue: 'ACTIVE' });
    const neither = pending({ validUntil: '2040-03-31' });
    for (const r of [both, expiryOnly, neither]) await ledger.putPending(r);

    // Act
    const stored = await Promise.all(
      [both, expiryOnly, neither].map((r) =>
        dynamo.doc.send(
          new GetCommand({ TableName: dynamo.tables.ledger, Key: { certificateId: r.certificateId } }),
        ),
      ),
    );

    // Assess: 90 days before validUntil, unless the archive day comes first; none without a queue
    expect(stored.map((s) => [s.Item?.dueQueue, s.Item?.dueAt])).toEqual([
      ['DUE', '2039-05-01'],
      ['DUE', '2040-01-01'],
      [undefined, undefined],
    ]);
    expect(await ledger.get(both.certificateId)).not.toHaveProperty('dueAt');
  });

  it('finds archive-due licences behind more licences in their reminder window than a page holds', async () => {
    // Prepare: 150 licences in their reminder window sort before the one archive-due licence
    const window = Array.from({ length: 150 }, () =>
      pending({ validUntil: '2032-02-01', expiryQueue: 'ACTIVE' }),
    );
    const archive = pending({ archiveQueue: 'DUE', archiveDue: '2031-12-30' });
    for (const r of [...window, archive]) await ledger.putPending(r);

    // Act
    const due = await ledger.listArchiveDue('2031-12-31', 5);
    const expiring = await ledger.listExpiring('2032-02-28');

    // Assess: each job gets its own licences only
    expect(due.map((r) => r.certificateId)).toEqual([archive.certificateId]);
    const ours = new Set(window.map((r) => r.certificateId));
    expect(expiring.filter((r) => ours.has(r.certificateId))).toHaveLength(150);
    expect(expiring.some((r) => r.certificateId === archive.certificateId)).toBe(false);
  });
});

describe('DynamoLedger archive queue (byDue)', () => {
  it('lists the soonest licences due for a document time-stamp, a page at a time, without dequeued ones', async () => {
    // Prepare
    const first = pending({ archiveQueue: 'DUE', archiveDue: '2031-01-02', versions: [] });
    const second = pending({ archiveQueue: 'DUE', archiveDue: '2031-01-05' });
    const third = pending({ archiveQueue: 'DUE', archiveDue: '2031-01-07' });
    const notYet = pending({ archiveQueue: 'DUE', archiveDue: '2031-06-01' });
    const dequeued = pending({ archiveQueue: 'DUE', archiveDue: '2031-01-01' });
    for (const r of [third, notYet, first, dequeued, second]) await ledger.putPending(r);
    const current = (await ledger.get(dequeued.certificateId)) as CertificateRecord;
    const { archiveQueue: _, archiveDue: __, ...rest } = current;
    await ledger.update({ ...rest, status: 'REVOKED', version: current.version + 1 });

    // Act
    const two = await ledger.listArchiveDue('2031-01-31', 2);
    const all = await ledger.listArchiveDue('2031-01-31', 100);

    // Assess
    expect(two.map((r) => r.certificateId)).toEqual([first.certificateId, second.certificateId]);
    expect(all.map((r) => r.archiveDue)).toEqual(['2031-01-02', '2031-01-05', '2031-01-07']);
    expect(all[0]).toMatchObject({ holder: first.holder, versions: [] });
  });
});

describe('DynamoCounters', () => {
  it('starts at 1 and hands out consecutive blocks', async () => {
    // Act
    const first = await counters.reserve('serial:test-seq', 3);
    const second = await counters.reserve('serial:test-seq', 2);

    // Assess
    expect([first, second]).toEqual([1, 4]);
  });

  it('gives 20 concurrent reservations disjoint blocks that cover 1..sum exactly', async () => {
    // Prepare
    const sizes = Array.from({ length: 20 }, (_, i) => (i % 5) + 1);

    // Act
    const firsts = await Promise.all(sizes.map((n) => counters.reserve('serial:test-race', n)));

    // Assess
    const taken = firsts.flatMap((first, i) => Array.from({ length: sizes[i] ?? 0 }, (_, k) => first + k));
    const total = sizes.reduce((a, b) => a + b, 0);
    expect(taken.sort((a, b) => a - b)).toEqual(Array.from({ length: total }, (_, k) => k + 1));
  });
});
