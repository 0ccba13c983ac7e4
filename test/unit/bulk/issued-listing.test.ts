import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { extendChain, MAX_DETAILS_BYTES } from '../../../functions/core/audit/extend-chain.js';
import { rowCertificateId } from '../../../functions/core/bulk/identity.js';
import { BULK_ISSUED, bulkIssuedEntries, isBulkBatch } from '../../../functions/core/bulk/issued-listing.js';
import { formatLicenceNumber } from '../../../functions/core/licence/licence-number.js';

const secret = 'ab'.repeat(32);
/** A chunk's licences with ids as rows get them and numbers as long as a seven-digit serial makes them. */
const licences = (count: number, prefix = '湘交运输经营许可') =>
  Array.from({ length: count }, (_, i) => ({
    certificateId: rowCertificateId(secret, i + 1),
    number: formatLicenceNumber({ prefix, year: 2026, serial: 1_000_000 + i }),
    identifier: `1.2.156.3005.2.11430000000000000X.${i}`,
    sha256: createHash('sha256').update(String(i)).digest('hex'),
  }));

describe('bulkIssuedEntries', () => {
  it('lists a 99-licence chunk in two entries under the chunk, each licence once, in row order', () => {
    // Act
    const entries = bulkIssuedEntries('client-bulk', 'BULK-1', 'BULK-1#3', licences(99));
    // Assess
    expect(entries.map((e) => [e.action, e.subject, e.actor])).toEqual([
      [BULK_ISSUED, 'BULK-1#3', 'client-bulk'],
      [BULK_ISSUED, 'BULK-1#3', 'client-bulk'],
    ]);
    const listed = entries.flatMap((e) => e.details.licences as Array<Record<string, unknown>>);
    expect(listed.map((l) => l.certificateId)).toEqual(licences(99).map((l) => l.certificateId));
    expect(entries.map((e) => (e.details.licences as unknown[]).length)).toEqual([60, 39]);
    expect(entries[1]?.details).toMatchObject({ bulkId: 'BULK-1', batchId: 'BULK-1#3', count: 99 });
    // The identifier is the ledger's and the PDF's, not the listing's
    expect(Object.keys(listed[0] ?? {}).sort()).toEqual(['certificateId', 'number', 'sha256']);
  });

  it("keeps every entry's details under the chain's limit, and writes none when no row was issued", () => {
    // Act: the chain's own check (throws past MAX_DETAILS_BYTES) over a full chunk with a long prefix
    const entries = bulkIssuedEntries('client-bulk', 'BULK-1', 'BULK-1#0', licences(99, '湘'.repeat(20)));
    const chained = extendChain(undefined, entries, new Date('2026-12-07T00:00:00Z'));
    // Assess
    const bytes = chained.map((e) => new TextEncoder().encode(JSON.stringify(e.details)).length);
    expect(Math.max(...bytes)).toBeLessThan(MAX_DETAILS_BYTES);
    expect(bulkIssuedEntries('client-bulk', 'BULK-1', 'BULK-1#0', [])).toEqual([]);
  });
});

describe('isBulkBatch', () => {
  it("tells a bulk job's chunk from a case's batch and a reissue", () => {
    expect(isBulkBatch({ caseId: 'BULK-1', batchId: 'BULK-1#0' })).toBe(true);
    expect(isBulkBatch({ caseId: 'CASE-1', batchId: 'BATCH-1' })).toBe(false);
    expect(isBulkBatch({ caseId: 'BULK-1', batchId: 'REISSUE-CERT-1-2' })).toBe(false);
    expect(isBulkBatch({ caseId: 'BULK-1', batchId: 'BULK-10#0' })).toBe(false);
  });
});
