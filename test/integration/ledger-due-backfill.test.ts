/**
 * The one-off backfill of the ledger's `byDue` keys (functions/adapters/ledger-due-backfill.ts), against
 * dynalite: licences written before the index are found by the expiry and archive jobs afterwards.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compactItem } from '../../functions/adapters/compact-item.js';
import { DynamoLedger } from '../../functions/adapters/dynamodb-ledger.js';
import { backfillLedgerDueKeys } from '../../functions/adapters/ledger-due-backfill.js';
import { startTestDynamo, type TestDynamo } from '../support/storage.js';

let dynamo: TestDynamo;
beforeAll(async () => {
  dynamo = await startTestDynamo();
});
afterAll(async () => {
  await dynamo?.close();
});

describe('backfillLedgerDueKeys', () => {
  it('gives queued licences from before byDue their keys once, and leaves the rest alone', async () => {
    // Prepare: as the release before wrote them (queue keys at the top level, the rest compacted)
    const old = (certificateId: string, extra: Record<string, unknown>) =>
      compactItem(
        {
          certificateId,
          caseId: 'CASE-B',
          status: 'VALID',
          version: 3,
          issuedAt: '2026-10-01T00:00:00Z',
          ...extra,
        },
        new Set(['certificateId', 'status', 'version', 'issuedAt', ...Object.keys(extra)]),
      );
    const items = [
      old('CERT-B-1', { expiryQueue: 'ACTIVE', validUntil: '2027-03-01' }),
      old('CERT-B-2', { archiveQueue: 'DUE', archiveDue: '2026-12-01', validUntil: '2031-01-01' }),
      old('CERT-B-3', { validUntil: '2027-03-01' }),
    ];
    for (const Item of items)
      await dynamo.doc.send(new PutCommand({ TableName: dynamo.tables.ledger, Item }));
    const ledger = new DynamoLedger({ client: dynamo.doc, tableName: dynamo.tables.ledger });
    const before = await ledger.listExpiring('2027-03-31');

    // Act
    const first = await backfillLedgerDueKeys(dynamo.doc, dynamo.tables.ledger);
    const again = await backfillLedgerDueKeys(dynamo.doc, dynamo.tables.ledger);

    // Assess
    expect(before).toEqual([]);
    expect(first).toEqual({ scanned: 3, updated: 2, changedMeanwhile: 0 });
    expect(again).toEqual({ scanned: 3, updated: 0, changedMeanwhile: 0 });
    expect((await ledger.listExpiring('2027-03-31')).map((r) => r.certificateId)).toEqual(['CERT-B-1']);
    expect((await ledger.listArchiveDue('2026-12-31', 10)).map((r) => r.certificateId)).toEqual(['CERT-B-2']);
    expect((await ledger.get('CERT-B-1'))?.version).toBe(3);
  });
});
