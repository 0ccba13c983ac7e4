/**
 * Bulk issuance through the real adapters (dynalite, s3rver): every row exactly once, whatever the
 * deliveries — duplicates, concurrent runs of one chunk, a worker dying at each step of a chunk.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getBulk } from '../../../functions/core/bulk/bulk-status.js';
import type { BulkDependencies } from '../../../functions/core/bulk/context.js';
import { handleBulkMessage } from '../../../functions/core/bulk/handle-message.js';
import { BULK_ISSUED } from '../../../functions/core/bulk/issued-listing.js';
import { type BulkMessage, type BulkResultLine, CHUNK_ROWS } from '../../../functions/core/bulk/model.js';
import { runChunk } from '../../../functions/core/bulk/run-chunk.js';
import { createBulkUpload, startBulk } from '../../../functions/core/bulk/start-bulk.js';
import { DomainError, isDomainError } from '../../../functions/core/errors.js';
import { issuedItemKey, shanghaiDay } from '../../../functions/core/stats/stats.js';
import type { FixedClock } from '../../support/fakes.js';
import { startTestDynamo, startTestS3, type TestDynamo, type TestS3 } from '../../support/storage.js';
import { type BulkHarness, bulkHarness, client, ROAD, roadRow } from './bulk-support.js';

let dynamo: TestDynamo;
let s3: TestS3;

beforeAll(async () => {
  [dynamo, s3] = await Promise.all([startTestDynamo(), startTestS3()]);
});
afterAll(async () => {
  await Promise.all([dynamo?.close(), s3?.close()]);
});

/** `target` with some methods replaced (the others still bound to it: adapters are classes). */
function withOverride<T extends object>(target: T, overrides: Partial<T>): T {
  return new Proxy(target, {
    get: (t, key) => {
      if (key in overrides) return overrides[key as keyof T];
      const value = Reflect.get(t, key, t);
      return typeof value === 'function' ? value.bind(t) : value;
    },
  });
}

/** Deliver queued messages until none is left (each once, in order). */
async function drain(h: BulkHarness, deps: BulkDependencies = h.deps): Promise<void> {
  for (let round = 0; round < 50; round++) {
    const batch = h.queue.take();
    if (batch.length === 0) return;
    for (const message of batch) await handleBulkMessage(deps, message);
  }
  throw new Error('queue did not drain');
}

async function resultsOf(h: BulkHarness, bulkId: string): Promise<BulkResultLine[]> {
  const status = await getBulk(h.deps, client, bulkId);
  expect(status.status).toBe('COMPLETED');
  const url = status.resultsUrl ?? '';
  const text = await (await fetch(url)).text();
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as BulkResultLine);
}

/**
 * Exactly once: one ledger record per issued row, serials all different, and each row listed once by a
 * `bulk.issued` entry of its chunk (number and SHA-256 as its record's), with no per-licence entry.
 */
async function expectExactlyOnce(h: BulkHarness, bulkId: string, total: number, failedRows: number[]) {
  const lines = await resultsOf(h, bulkId);
  expect(lines.map((l) => l.row)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
  const issued = lines.filter(
    (l): l is Extract<BulkResultLine, { certificateId: string }> => 'certificateId' in l,
  );
  expect(lines.filter((l) => 'error' in l).map((l) => l.row)).toEqual(failedRows);
  const records = await Promise.all(issued.map((l) => h.ledger.get(l.certificateId)));
  expect(records.every((r) => r?.status === 'VALID' && r.caseId === bulkId)).toBe(true);
  expect(new Set(records.map((r) => r?.serial)).size).toBe(issued.length);
  expect(new Set(records.map((r) => r?.statusList?.idx)).size).toBe(issued.length);
  expect(records.map((r) => r?.number)).toEqual(issued.map((l) => l.number));
  const entries = await h.audit.listRange(1, 100_000);
  const ids = new Set(issued.map((l) => l.certificateId));
  const listings = entries.filter((e) => e.action === BULK_ISSUED && e.details.bulkId === bulkId);
  const listed = listings.flatMap((e) =>
    (e.details.licences as Array<{ certificateId: string; number: string; sha256: string }>).map((l) => ({
      ...l,
      batchId: e.subject,
    })),
  );
  expect(listed.map((l) => l.certificateId).sort()).toEqual([...ids].sort());
  expect(listed).toEqual(
    expect.arrayContaining(
      records.map((r) => ({
        certificateId: r?.certificateId,
        number: r?.number,
        sha256: r?.sha256,
        batchId: r?.batchId,
      })),
    ),
  );
  expect(entries.filter((e) => e.action === 'certificate.issued' && ids.has(e.subject))).toEqual([]);
  const status = await getBulk(h.deps, client, bulkId);
  expect([status.total, status.issued, status.failed]).toEqual([total, issued.length, failedRows.length]);
  return { lines, records };
}

describe('bulk issuance (dynalite + s3rver)', () => {
  it('issues every valid row once and fails bad rows with their error, never stopping the job', async () => {
    const h = bulkHarness(dynamo, s3);
    const rows = Array.from({ length: 210 }, (_, i) => roadRow(i + 1));
    rows[4] = { ...roadRow(5), fields: { ...roadRow(5).fields, enterpriseName: 42 } };
    rows[100] = { ...roadRow(101), holder: { ...roadRow(101).holder, idNumber: '91430100MA4L01111X' } };
    rows[150] = { ...roadRow(151), validFrom: '2020-01-01', validUntil: '2020-12-31' };
    const started = await startBulk(h.deps, client, {
      serviceItemCode: ROAD,
      basis: { reference: '湘交〔2026〕1号' },
      rows,
    });
    expect(started.status).toBe('RUNNING');
    expect(h.queue.messages.length).toBe(Math.ceil(210 / CHUNK_ROWS));
    await drain(h);
    const { lines } = await expectExactlyOnce(h, started.bulkId, 210, [5, 101, 151]);
    const codes = lines.filter((l) => 'error' in l).map((l) => ('error' in l ? l.error.code : ''));
    expect(codes).toEqual(['INVALID_FIELDS', 'INVALID_HOLDER', 'INVALID_VALIDITY']);
    // Personal data never in the results file.
    expect(JSON.stringify(lines)).not.toContain(roadRow(1).holder.idNumber as string);
    expect(h.factory.produced.length).toBe(207);
  });

  it('a duplicate delivery of every message, in turn and at once, issues nothing twice', async () => {
    const h = bulkHarness(dynamo, s3);
    const day = shanghaiDay(h.deps.clock.now());
    const statsKey = issuedItemKey(ROAD, day);
    const before = (await h.deps.counters.read([statsKey]))[statsKey] ?? 0;
    const rows = Array.from({ length: 120 }, (_, i) => roadRow(i + 1));
    const { bulkId } = await startBulk(h.deps, client, {
      serviceItemCode: ROAD,
      basis: { reference: 'R-2' },
      rows,
    });
    const chunks = h.queue.take();
    // Chunk 0 twice at the same time, chunk 1 twice in turn; then everything once more.
    await Promise.all(
      chunks.slice(0, 1).flatMap((m) => [handleBulkMessage(h.deps, m), handleBulkMessage(h.deps, m)]),
    );
    for (const m of [...chunks.slice(1), ...chunks.slice(1)]) await handleBulkMessage(h.deps, m);
    for (const m of chunks) await handleBulkMessage(h.deps, m);
    await drain(h);
    await drain(h);
    await expectExactlyOnce(h, bulkId, 120, []);
    // The statistics count each licence once too (in the transaction that counts its chunk).
    expect((await h.deps.counters.read([statsKey]))[statsKey]).toBe(before + 120);
  });

  const crashPoints: Array<
    [string, (deps: BulkDependencies, fail: () => void, h: BulkHarness) => BulkDependencies]
  > = [
    [
      'while rows are issued (after some are stored)',
      (deps, fail) => {
        let calls = 0;
        return { ...deps, issueRow: async (row) => (++calls === 30 ? fail() : deps.issueRow(row)) as never };
      },
    ],
    [
      'after a licence is stored, before its ledger record',
      (deps, fail, h) => {
        let calls = 0;
        const ledger = withOverride(h.ledger, {
          putPending: async (record, options) =>
            (++calls === 9 ? fail() : h.ledger.putPending(record, options)) as never,
        });
        return { ...deps, issueRow: h.rowIssuerWith(ledger) };
      },
    ],
    [
      'after a row is recorded, before the rest of its chunk',
      (deps, fail) => {
        let calls = 0;
        return {
          ...deps,
          issueRow: async (row) => {
            const record = await deps.issueRow(row);
            if (++calls === 12) fail();
            return record;
          },
        };
      },
    ],
    [
      'before the chunk results are written',
      (deps, fail) => ({
        ...deps,
        objects: withOverride(deps.objects, {
          put: async (k, b, t) => (k.includes('/results/') ? fail() : deps.objects.put(k, b, t)),
        }),
      }),
    ],
    [
      'after the audit entries, before DONE',
      (deps, fail) => ({
        ...deps,
        audit: withOverride(deps.audit, {
          append: async (e) => {
            const out = await deps.audit.append(e);
            fail();
            return out;
          },
        }),
      }),
    ],
    [
      'after DONE, before the job counts it',
      (deps, fail) => ({
        ...deps,
        store: withOverride(deps.store, { countChunk: async () => fail() as never }),
      }),
    ],
    [
      'after the serials are reserved, before the reservation is written',
      (deps, fail) => {
        let calls = 0;
        return {
          ...deps,
          store: withOverride(deps.store, {
            updateChunk: async (c) => (++calls === 1 ? fail() : deps.store.updateChunk(c)),
          }),
        };
      },
    ],
  ];

  for (const [point, inject] of crashPoints) {
    it(`a worker dying ${point} leaves a chunk the next delivery finishes, every row once`, async () => {
      const h = bulkHarness(dynamo, s3);
      const rows = Array.from({ length: 60 }, (_, i) => roadRow(i + 1));
      rows[7] = { ...roadRow(8), fields: {} };
      const { bulkId } = await startBulk(h.deps, client, {
        serviceItemCode: ROAD,
        basis: { reference: 'R-3' },
        rows,
      });
      const [message] = h.queue.take() as [BulkMessage];
      let armed = true;
      const crash = () => {
        if (!armed) return;
        armed = false;
        throw new Error('worker died');
      };
      const faulty = inject(h.deps, crash, h);
      await expect(handleBulkMessage(faulty, message)).rejects.toThrow('worker died');
      // The queue delivers the message again (visibility timeout): the chunk is finished, nothing twice.
      (h.deps.clock as FixedClock).advance(120_000);
      await handleBulkMessage(h.deps, message);
      await drain(h);
      await expectExactlyOnce(h, bulkId, 60, [8]);
      // Every valid row sealed once: a rerun reuses what the dead worker stored.
      expect(h.factory.produced.length).toBe(59);
    });
  }

  it('fails a row whose licence cannot be rendered and voids its serial in the chunk’s audit append', async () => {
    // Prepare: the seal refuses the fourth row (as the renderer refuses a character no font draws).
    const h = bulkHarness(dynamo, s3);
    const refusing: BulkDependencies = {
      ...h.deps,
      issueRow: async (row) => {
        if (row.licence.fields.address === roadRow(4).fields.address)
          throw new DomainError('UNPROCESSABLE', 'UNRENDERABLE_CHARACTER', '无法显示', 'Cannot be drawn', {});
        return h.deps.issueRow(row);
      },
    };
    const rows = Array.from({ length: 10 }, (_, i) => roadRow(i + 1));
    const { bulkId } = await startBulk(h.deps, client, {
      serviceItemCode: ROAD,
      basis: { reference: 'R-6' },
      rows,
    });

    // Act
    for (const m of h.queue.take()) await handleBulkMessage(refusing, m);
    await drain(h);

    // Assess
    const { lines, records } = await expectExactlyOnce(h, bulkId, 10, [4]);
    const entries = await h.audit.listRange(1, 100_000);
    const voided = entries.filter((e) => e.action === 'licence-serial.voided' && e.details.bulkId === bulkId);
    expect(voided).toHaveLength(1);
    const serials = voided[0]?.details.serials as number[];
    const issued = records.map((r) => r?.serial ?? 0);
    // The refused row's serial is the one between its neighbours', and no licence has it.
    expect(serials).toHaveLength(1);
    expect(issued).not.toContain(serials[0]);
    expect(Math.min(...issued, ...serials) + 9).toBe(Math.max(...issued, ...serials));
    expect(lines[3] && 'error' in lines[3] ? lines[3].error.code : '').toBe('UNRENDERABLE_CHARACTER');
  });

  it('splits an uploaded NDJSON file (streamed) and names a line that is not a row', async () => {
    const h = bulkHarness(dynamo, s3);
    const upload = await createBulkUpload(h.deps, client);
    const lines = Array.from({ length: 130 }, (_, i) => JSON.stringify(roadRow(i + 1)));
    lines.splice(40, 0, '{not json', '');
    const put = await fetch(upload.uploadUrl, {
      method: 'PUT',
      headers: upload.headers,
      body: `${lines.join('\r\n')}\n`,
    });
    expect(put.ok).toBe(true);
    const { bulkId } = await startBulk(h.deps, client, {
      serviceItemCode: ROAD,
      basis: { reference: 'R-4' },
      rowsUrl: upload.rowsUrl,
    });
    expect((await getBulk(h.deps, client, bulkId)).status).toBe('RUNNING');
    await drain(h);
    const { lines: results } = await expectExactlyOnce(h, bulkId, 131, [41]);
    const bad = results[40];
    expect(bad && 'error' in bad ? bad.error.code : '').toBe('INVALID_ROW');
  });

  it("refuses a key not allowed the item, another client's upload, and shows a job to its client only", async () => {
    const h = bulkHarness(dynamo, s3);
    const other = { ...client, clientId: 'client-other' };
    const refusal = await startBulk(
      h.deps,
      { ...client, serviceItems: ['MINING_RIGHT_LICENSE'] },
      {
        serviceItemCode: ROAD,
        basis: { reference: 'R-5' },
        rows: [roadRow(1)],
      },
    ).catch((e: unknown) => e);
    expect(isDomainError(refusal) && refusal.code).toBe('FORBIDDEN_SERVICE_ITEM');
    const upload = await createBulkUpload(h.deps, client);
    await fetch(upload.uploadUrl, {
      method: 'PUT',
      headers: upload.headers,
      body: JSON.stringify(roadRow(1)),
    });
    const stolen = await startBulk(h.deps, other, {
      serviceItemCode: ROAD,
      basis: { reference: 'R-5' },
      rowsUrl: upload.rowsUrl,
    }).catch((e: unknown) => e);
    expect(isDomainError(stolen) && stolen.code).toBe('ROWS_NOT_UPLOADED');
    const { bulkId } = await startBulk(h.deps, client, {
      serviceItemCode: ROAD,
      basis: { reference: 'R-5' },
      rows: [roadRow(1)],
    });
    const hidden = await getBulk(h.deps, other, bulkId).catch((e: unknown) => e);
    expect(isDomainError(hidden) && hidden.code).toBe('BULK_ISSUANCE_NOT_FOUND');
    expect(h.queue.messages.length).toBe(1);
    expect(h.factory.produced.length).toBe(0);
    await runChunk(h.deps, bulkId, 0);
    expect(h.factory.produced.length).toBe(1);
  });
});
