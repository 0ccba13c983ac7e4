import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bulkIssuedEntries } from '../../../functions/core/bulk/issued-listing.js';
import {
  eventOfEntry,
  eventsOfEntry,
  type RecordedEntry,
} from '../../../functions/core/events/domain-events.js';
import type { AuditInput } from '../../../functions/ports/audit-log.js';

const hash = createHash('sha256').update('entry').digest('hex');
const licence = (n: number) => ({
  certificateId: `CERT-${String(n).padStart(26, '0')}`,
  number: `No. ${n}`,
  identifier: `1.2.156.${n}`,
  sha256: createHash('sha256').update(String(n)).digest('hex'),
});
const batchEntry = (action = 'case.issued', licences = [licence(1), licence(2)]): RecordedEntry => ({
  seq: 7,
  at: '2026-12-07T00:00:00.000Z',
  actor: 'demo-upstream',
  action,
  subject: 'CASE-1',
  hash,
  details: { batchId: 'BATCH-1', count: 2, licences },
});

describe('eventsOfEntry', () => {
  it("stands a batch's case.issued entry for one certificate.issued event per licence it lists", () => {
    // Act
    const events = eventsOfEntry(batchEntry());
    // Assess: the entry's own event is no webhook type; each listed licence's is, with a stable id of its own
    expect(events.map((e) => [e.type, e.subject])).toEqual([
      ['certificate.issued', licence(1).certificateId],
      ['certificate.issued', licence(2).certificateId],
    ]);
    expect(events[0]?.details).toEqual({
      number: 'No. 1',
      identifier: '1.2.156.1',
      sha256: licence(1).sha256,
      caseId: 'CASE-1',
      batchId: 'BATCH-1',
    });
    expect(new Set(events.map((e) => e.id)).size).toBe(2);
    expect(events.map((e) => e.id)).toEqual(eventsOfEntry(batchEntry()).map((e) => e.id));
    for (const e of events) expect(e.id).toMatch(/^evt_[0-9a-f]{32}$/);
    expect(events.every((e) => e.seq === 7 && e.actor === 'demo-upstream')).toBe(true);
  });

  it("keeps the entry's own event first when its type is asked for, and expands continuations too", () => {
    // Act
    const withOwn = eventsOfEntry(batchEntry(), ['case.issued', 'certificate.issued']);
    const continued = eventsOfEntry(batchEntry('case.issued.licences', [licence(3)]));
    // Assess
    expect(withOwn.map((e) => e.type)).toEqual(['case.issued', 'certificate.issued', 'certificate.issued']);
    expect(withOwn[0]?.id).toBe(eventOfEntry(batchEntry(), ['case.issued'])?.id);
    expect(continued.map((e) => e.subject)).toEqual([licence(3).certificateId]);
  });

  it("stands a bulk chunk's bulk.issued listing for one certificate.issued event per licence, naming the job", () => {
    // Prepare: the listing as run-chunk.ts writes it, under the chunk
    const [listing] = bulkIssuedEntries('client-bulk', 'BULK-1', 'BULK-1#0', [licence(4), licence(5)]);
    const entry: RecordedEntry = { ...batchEntry(), ...(listing as AuditInput), subject: 'BULK-1#0' };
    // Act
    const events = eventsOfEntry(entry);
    // Assess: what a bulk licence's own certificate.issued entry carried (bar the identifier, in the ledger)
    expect(events.map((e) => [e.type, e.subject, e.actor])).toEqual([
      ['certificate.issued', licence(4).certificateId, 'client-bulk'],
      ['certificate.issued', licence(5).certificateId, 'client-bulk'],
    ]);
    expect(events[1]?.details).toEqual({
      number: 'No. 5',
      sha256: licence(5).sha256,
      bulkId: 'BULK-1',
      batchId: 'BULK-1#0',
    });
    const digest = createHash('sha256')
      .update(`${hash}:${licence(4).certificateId}`)
      .digest('hex');
    expect(events[0]?.id).toBe(`evt_${digest.slice(0, 32)}`);
    expect(eventsOfEntry(entry).map((e) => e.id)).toEqual(events.map((e) => e.id));
    expect(eventsOfEntry(entry, ['certificate.revoked'])).toEqual([]);
  });

  it('expands nothing for types without certificate.issued, other actions, or a malformed hash', () => {
    expect(eventsOfEntry(batchEntry(), ['case.issued']).map((e) => e.type)).toEqual(['case.issued']);
    expect(eventsOfEntry(batchEntry('case.approved')).map((e) => e.type)).toEqual(['case.approved']);
    expect(eventsOfEntry({ ...batchEntry(), hash: 'x' })).toEqual([]);
  });
});
