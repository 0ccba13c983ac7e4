/**
 * The assembly of a job's results file through the real adapters (dynalite, s3rver): the chunks' results in
 * row order, and a missing chunk result leaves the job RUNNING with no results file until a later delivery of
 * the assembly finds it.
 */
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleBulkMessage } from '../../../functions/core/bulk/handle-message.js';
import { chunkResultsKey, resultsKey } from '../../../functions/core/bulk/model.js';
import { startBulk } from '../../../functions/core/bulk/start-bulk.js';
import { MissingObjectError } from '../../../functions/ports/bulk.js';
import { startTestDynamo, startTestS3, type TestDynamo, type TestS3 } from '../../support/storage.js';
import { bulkHarness, client, ROAD, roadRow } from './bulk-support.js';

let dynamo: TestDynamo;
let s3: TestS3;

beforeAll(async () => {
  [dynamo, s3] = await Promise.all([startTestDynamo(), startTestS3()]);
});
afterAll(async () => {
  await Promise.all([dynamo?.close(), s3?.close()]);
});

describe('finaliseBulk (dynalite + s3rver)', () => {
  it('fails on a missing chunk result, leaving the job RUNNING, and completes on a later delivery', async () => {
    // Prepare: a three-chunk job whose chunks are all done; the finalise message is held back.
    const h = bulkHarness(dynamo, s3);
    const rows = Array.from({ length: 250 }, (_, i) => roadRow(i + 1));
    const { bulkId } = await startBulk(h.deps, client, {
      serviceItemCode: ROAD,
      basis: { reference: 'R-1' },
      rows,
    });
    for (const message of h.queue.take()) await handleBulkMessage(h.deps, message);
    const finalise = h.queue.take();
    expect(finalise).toEqual([{ kind: 'finalise', bulkId }]);
    const parts = await Promise.all([0, 1, 2].map((i) => h.deps.objects.get(chunkResultsKey(bulkId, i))));
    const middle = parts[1];
    if (!middle) throw new Error('chunk 1 has no results');
    await s3.client.send(
      new DeleteObjectCommand({ Bucket: s3.buckets.materials, Key: chunkResultsKey(bulkId, 1) }),
    );

    // Act
    const failure = await handleBulkMessage(h.deps, { kind: 'finalise', bulkId }).catch((e: unknown) => e);
    const afterFailure = await h.deps.store.getJob(bulkId);
    const fileAfterFailure = await h.deps.objects.size(resultsKey(bulkId));
    await h.deps.objects.put(chunkResultsKey(bulkId, 1), middle, 'application/x-ndjson');
    await handleBulkMessage(h.deps, { kind: 'finalise', bulkId });

    // Assess
    expect(failure).toBeInstanceOf(MissingObjectError);
    expect(afterFailure?.status).toBe('RUNNING');
    expect(fileAfterFailure).toBeUndefined();
    const job = await h.deps.store.getJob(bulkId);
    expect(job?.status).toBe('COMPLETED');
    const file = await h.deps.objects.get(resultsKey(bulkId));
    expect(file && Buffer.from(file).equals(Buffer.concat(parts as Uint8Array[]))).toBe(true);
    const lines = Buffer.from(file ?? [])
      .toString('utf8')
      .split('\n')
      .filter((l) => l !== '');
    expect(lines.map((l) => (JSON.parse(l) as { row: number }).row)).toEqual(
      Array.from({ length: 250 }, (_, i) => i + 1),
    );
  });
});
