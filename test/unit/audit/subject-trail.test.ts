/**
 * A licence's audit trail holds the listing its issuance was recorded by: a case licence's `case.issued` under
 * its case, a bulk licence's `bulk.issued` under its chunk (the job is no subject), merged in seq order with
 * the entries under the licence's own id.
 */
import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { listSubjectTrail, listsLicence } from '../../../functions/core/audit/subject-trail.js';
import { bulkIssuedEntries } from '../../../functions/core/bulk/issued-listing.js';
import type { Principal } from '../../../functions/core/cases/model.js';
import type { CertificateRecord } from '../../../functions/core/certificates/model.js';
import { FixedClock, MemoryAuditLog, MemoryCaseStore, MemoryLedger } from '../../support/fakes.js';

const ROAD = 'ROAD_TRANSPORT_BUSINESS_LICENSE';
const owner: Principal = { clientId: 'client-bulk', serviceItems: [ROAD], departments: ['*'] };
const BULK = 'BULK-0000000000000000000000001';

const id = (n: number) => `CERT-${String(n).padStart(26, '0')}`;
const listed = (n: number) => ({
  certificateId: id(n),
  number: `湘交运〔2026〕第${String(n).padStart(6, '0')}号`,
  sha256: createHash('sha256').update(String(n)).digest('hex'),
});
const record = (n: number, caseId: string, batchId: string) =>
  ({
    ...listed(n),
    clientId: owner.clientId,
    serviceItemCode: ROAD,
    caseId,
    batchId,
    status: 'VALID',
    version: 1,
  }) as unknown as CertificateRecord;

let audit: MemoryAuditLog;
let ledger: MemoryLedger;
let deps: Parameters<typeof listSubjectTrail>[0];

beforeEach(() => {
  audit = new MemoryAuditLog(new FixedClock());
  ledger = new MemoryLedger(audit);
  deps = { audit, cases: new MemoryCaseStore(audit), ledger };
});

/** A 99-row chunk's append as run-chunk.ts writes it: two listings, a voided serial, the chunk's own entry. */
async function auditChunk(index: number, from: number) {
  const batchId = `${BULK}#${index}`;
  const issued = Array.from({ length: 98 }, (_, i) => listed(from + i));
  for (const l of issued)
    ledger.records.set(l.certificateId, record(Number(l.certificateId.slice(5)), BULK, batchId));
  await audit.append([
    ...bulkIssuedEntries(owner.clientId, BULK, batchId, issued),
    { actor: owner.clientId, action: 'licence-serial.voided', subject: batchId, details: { serials: [7] } },
    {
      actor: owner.clientId,
      action: 'bulk-chunk.issued',
      subject: batchId,
      details: { bulkId: BULK, index },
    },
  ]);
}

describe('a licence trail', () => {
  it("holds a bulk licence's bulk.issued listing, found under its chunk, merged with its own entries", async () => {
    // Prepare: two chunks; licence 70 is listed by chunk 0's second listing, then suspended
    await auditChunk(0, 1);
    await auditChunk(1, 99);
    await audit.append([
      {
        actor: owner.clientId,
        action: 'certificate.suspended',
        subject: id(70),
        details: { reason: '核查' },
      },
    ]);
    // Act
    const trail = await listSubjectTrail(deps, owner, id(70));
    // Assess: the listing that names it (seq 2), then its own entry; nothing of the other chunk
    expect(trail.map((e) => [e.seq, e.action, e.subject])).toEqual([
      [2, 'bulk.issued', `${BULK}#0`],
      [9, 'certificate.suspended', id(70)],
    ]);
    expect(trail[0]?.details).toMatchObject({ bulkId: BULK, batchId: `${BULK}#0`, count: 98 });
    expect((await listSubjectTrail(deps, owner, id(1))).map((e) => e.seq)).toEqual([1]);
    expect((await listSubjectTrail(deps, owner, id(150))).map((e) => [e.seq, e.action])).toEqual([
      [5, 'bulk.issued'],
    ]);
  });

  it('still holds a case licence’s case.issued under its case, and a bulk licence audited per licence', async () => {
    // Prepare: a case licence, and a bulk licence from before the listings (its own certificate.issued)
    ledger.records.set(id(1), record(1, 'CASE-1', 'BATCH-1'));
    ledger.records.set(id(2), record(2, BULK, `${BULK}#0`));
    await audit.append([
      {
        actor: owner.clientId,
        action: 'case.issued',
        subject: 'CASE-1',
        details: { batchId: 'BATCH-1', count: 1, licences: [listed(1)] },
      },
      {
        actor: owner.clientId,
        action: 'certificate.issued',
        subject: id(2),
        details: { bulkId: BULK, batchId: `${BULK}#0`, number: listed(2).number, sha256: listed(2).sha256 },
      },
    ]);
    // Act + Assess
    expect((await listSubjectTrail(deps, owner, id(1))).map((e) => e.action)).toEqual(['case.issued']);
    expect((await listSubjectTrail(deps, owner, id(2))).map((e) => e.action)).toEqual(['certificate.issued']);
  });

  it("shows another client's bulk licence nothing, and a bulk licence's reissue only its own entries", async () => {
    // Prepare
    await auditChunk(0, 1);
    ledger.records.set(id(500), record(500, BULK, 'REISSUE-X-2'));
    await audit.append([
      { actor: owner.clientId, action: 'certificate.issued', subject: id(500), details: {} },
    ]);
    // Act + Assess
    expect(await listSubjectTrail(deps, { ...owner, clientId: 'client-other' }, id(3))).toEqual([]);
    expect((await listSubjectTrail(deps, owner, id(500))).map((e) => e.action)).toEqual([
      'certificate.issued',
    ]);
    expect(await listSubjectTrail(deps, owner, BULK)).toEqual([]);
  });
});

describe('listsLicence', () => {
  it('finds a licence in every kind of issuance listing and nowhere else', async () => {
    const [bulk] = await audit.append(bulkIssuedEntries('c', BULK, `${BULK}#0`, [listed(1)]));
    const [continued, other] = await audit.append([
      { actor: 'c', action: 'case.issued.licences', subject: 'CASE-1', details: { licences: [listed(1)] } },
      { actor: 'c', action: 'case.approved', subject: 'CASE-1', details: { licences: [listed(1)] } },
    ]);
    for (const entry of [bulk, continued]) expect(entry && listsLicence(entry, id(1))).toBe(true);
    expect(bulk && listsLicence(bulk, id(2))).toBe(false);
    expect(other && listsLicence(other, id(1))).toBe(false);
  });
});
