import { describe, expect, it } from 'vitest';
import { entryOfStreamRecord } from '../../../functions/adapters/audit-stream-record.js';
import { eventOfEntry } from '../../../functions/core/events/domain-events.js';

const hash = 'a1'.repeat(32);
const record = (eventName: string, image: Record<string, unknown>) =>
  JSON.stringify({ eventID: '1', eventName, eventSource: 'aws:dynamodb', dynamodb: { NewImage: image } });
const image = {
  chain: { S: 'main' },
  seq: { N: '42' },
  at: { S: '2026-03-26T08:00:00.000Z' },
  actor: { S: 'client-a' },
  action: { S: 'certificate.revoked' },
  subject: { S: 'CERT-1' },
  detailsJson: { S: '{"reason":"行程取消"}' },
  prevHash: { S: 'b2'.repeat(32) },
  hash: { S: hash },
};

describe('audit stream records on the webhook queue', () => {
  it('reads an INSERT image into the entry the event comes from, with the same id the local loop gives it', () => {
    const entry = entryOfStreamRecord(record('INSERT', image));
    expect(entry).toEqual({
      seq: 42,
      at: '2026-03-26T08:00:00.000Z',
      actor: 'client-a',
      action: 'certificate.revoked',
      subject: 'CERT-1',
      hash,
      details: { reason: '行程取消' },
    });
    expect(entry && eventOfEntry(entry)?.id).toBe(`evt_${hash.slice(0, 32)}`);
  });

  it('drops what is not a new, well-formed entry', () => {
    expect(entryOfStreamRecord(record('MODIFY', image))).toBeUndefined();
    expect(entryOfStreamRecord(record('INSERT', { ...image, detailsJson: { S: '[1]' } }))).toBeUndefined();
    expect(entryOfStreamRecord(record('INSERT', { ...image, seq: { S: '42' } }))).toBeUndefined();
    expect(entryOfStreamRecord('not json')).toBeUndefined();
    const entry = entryOfStreamRecord(record('INSERT', image));
    expect(entry).toBeDefined();
    expect(entry && eventOfEntry({ ...entry, action: 'case.created' })).toBeUndefined();
  });
});
