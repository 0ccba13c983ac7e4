/**
 * The archive-timestamps job (PAdES B-LTA) with in-memory ledger and store and a real (test) TSA: a licence
 * whose newest time-stamp's TSA certificate expires within the margin gets a new version (the previous bytes
 * plus a document time-stamp), stored under its own key, checked VALID B-LTA by our verifier and recorded in
 * the ledger; the issued file is never overwritten, the newest version is what the integrity check serves.
 */
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { readIntactLicence } from '../../../functions/core/certificates/licence-integrity.js';
import { isStoredVersion } from '../../../functions/core/certificates/licence-versions.js';
import type { CertificateRecord } from '../../../functions/core/certificates/model.js';
import { archiveDueOf, runArchiveTimestamps } from '../../../functions/core/jobs/archive-timestamps.js';
import { verifyPdfSignature } from '../../../functions/core/verification/index.js';
import {
  FixedClock,
  MemoryAuditLog,
  MemoryCaseStore,
  MemoryLedger,
  MemoryObjectStore,
} from '../../support/fakes.js';
import { createSealingSetup, type SealingSetup } from '../verification/sealed-licence.js';
import {
  appendDss,
  createTestTsa,
  makeCrl,
  sealWithTimestamp,
  type TestTsa,
} from '../verification/timestamped-licence.js';

const DAY = 86_400_000;
const now = new Date('2031-03-01T01:00:00Z');
const issuedAt = new Date('2026-03-01T00:00:00Z');
const sealedAt = new Date('2026-03-02T00:00:00Z');

let setup: SealingSetup;
let oldTsa: TestTsa;
let newTsa: TestTsa;
let issued: Uint8Array;

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

beforeAll(async () => {
  setup = await createSealingSetup({ issuedAt: issuedAt.toISOString(), modulusLength: 2048 });
  // The TSA certificate of the seal's time-stamp ends 60 days after the job runs: within the 90-day margin.
  oldTsa = await createTestTsa(setup, {
    notBefore: issuedAt,
    notAfter: new Date(now.getTime() + 60 * DAY),
    genTime: () => new Date(sealedAt.getTime() + 1000),
  });
  newTsa = await createTestTsa(setup, {
    notBefore: new Date(now.getTime() - DAY),
    notAfter: new Date(now.getTime() + 5 * 365 * DAY),
    genTime: () => now,
  });
  const crl = await makeCrl(
    { signer: setup.rootSigner, certificate: setup.root },
    new Date(sealedAt.getTime() + 2000),
    new Date(sealedAt.getTime() + 7 * DAY),
  );
  issued = appendDss(await sealWithTimestamp(setup, oldTsa, sealedAt), { crls: [crl] });
}, 60_000);

function world(options: { status?: CertificateRecord['status'] } = {}) {
  const clock = new FixedClock(now);
  const audit = new MemoryAuditLog(clock);
  const ledger = new MemoryLedger(audit);
  const licences = new MemoryObjectStore();
  const record: CertificateRecord = {
    certificateId: 'C1',
    clientId: 'client',
    caseId: 'CASE-1',
    serviceItemCode: 'X',
    batchId: 'B1',
    status: options.status ?? 'VALID',
    number: 'N1',
    identifier: 'I1',
    serial: 1,
    type: 'T',
    typeName: '许可证',
    issuer: '某局',
    holder: { name: '张三' },
    fields: {},
    issuedAt: sealedAt.toISOString(),
    validFrom: '2026-03-02',
    validUntil: '2046-03-01',
    sha256: sha(issued),
    objectKey: 'licences/C1.pdf',
    bytes: issued.length,
    verificationCode: 'code',
    sealCertificateSerial: '01',
    archiveQueue: 'DUE',
    archiveDue: archiveDueOf(issued) as string,
    version: 1,
  };
  ledger.records.set('C1', record);
  licences.objects.set('licences/C1.pdf', { bytes: issued, contentType: 'application/pdf' });
  const deps = {
    ledger,
    cases: new MemoryCaseStore(),
    licences,
    audit,
    tsa: newTsa,
    trustRoots: async () => [setup.root],
  };
  return { deps, ledger, licences, audit };
}

describe('archive-timestamps', () => {
  it('is due 90 days before the newest TSA certificate ends', () => {
    expect(archiveDueOf(issued)).toBe(new Date(now.getTime() - 30 * DAY).toISOString().slice(0, 10));
  });

  it('adds a document time-stamp as a new version and keeps the issued file', async () => {
    const { deps, ledger, licences, audit } = world();
    const result = await runArchiveTimestamps(deps, now);
    expect(result).toMatchObject({ examined: 1, archived: 1, failed: 0 });
    const record = ledger.records.get('C1') as CertificateRecord;
    const version2 = licences.objects.get('licences/C1.v2.pdf')?.bytes as Uint8Array;
    expect(licences.objects.get('licences/C1.pdf')?.bytes).toEqual(issued);
    expect(Buffer.from(version2.subarray(0, issued.length)).equals(Buffer.from(issued))).toBe(true);
    expect(record.versions).toEqual([{ sha256: sha(version2), at: now.toISOString(), kind: 'LTA' }]);
    expect(record.archiveDue).toBe(archiveDueOf(version2));
    expect(record.archiveDue && record.archiveDue > '2035-01-01').toBe(true);
    expect(isStoredVersion(record, sha(issued)) && isStoredVersion(record, sha(version2))).toBe(true);
    const check = verifyPdfSignature(version2, setup.trust);
    expect(check).toMatchObject({ status: 'VALID', signature: { level: 'B-LTA' } });
    const served = await readIntactLicence(
      { licences, audit, metrics: { count: () => undefined } },
      record,
      'upstream-download',
    );
    expect(sha(served)).toBe(sha(version2));
    expect(audit.entries.map((entry) => entry.action)).toContain('licence.archive-timestamped');
    // The new time-stamp's TSA is good for years: the next run has nothing to do.
    expect(await runArchiveTimestamps(deps, now)).toMatchObject({ examined: 0 });
  });

  it('takes licences no longer in force out of the queue and leaves the TSA alone', async () => {
    const { deps, ledger, licences } = world({ status: 'REVOKED' });
    expect(await runArchiveTimestamps(deps, now)).toMatchObject({ dequeued: 1, archived: 0 });
    expect(ledger.records.get('C1')?.archiveQueue).toBeUndefined();
    expect(licences.objects.has('licences/C1.v2.pdf')).toBe(false);
  });

  it('replaces a leftover version that is not a genuine extension, and stores nothing when the TSA fails', async () => {
    const { deps, ledger, licences } = world();
    licences.objects.set('licences/C1.v2.pdf', { bytes: new Uint8Array([1, 2, 3]), contentType: 'x' });
    expect(await runArchiveTimestamps(deps, now)).toMatchObject({ archived: 1 });
    const stored = licences.objects.get('licences/C1.v2.pdf')?.bytes as Uint8Array;
    expect(ledger.records.get('C1')?.versions?.[0]?.sha256).toBe(sha(stored));

    const failing = world();
    const down = { ...failing.deps, tsa: { timestamp: async () => Promise.reject(new Error('TSA down')) } };
    expect(await runArchiveTimestamps(down, now)).toMatchObject({ failed: 1, archived: 0 });
    expect(failing.ledger.records.get('C1')?.versions).toBeUndefined();
    expect(failing.licences.objects.has('licences/C1.v2.pdf')).toBe(false);
    // Due again tomorrow: behind the others in the queue, so it cannot hold them up.
    expect(failing.ledger.records.get('C1')?.archiveDue).toBe('2031-03-02');
  });

  it('handles at most a batch per run, soonest due first, and drops a PENDING licence of a voided batch', async () => {
    const { deps, ledger } = world();
    const base = ledger.records.get('C1') as CertificateRecord;
    ledger.records.set('C0', { ...base, certificateId: 'C0', status: 'PENDING', archiveDue: '2030-01-01' });
    const result = await runArchiveTimestamps({ ...deps, batch: 1 }, now);
    expect(result).toMatchObject({ examined: 1, dequeued: 1, archived: 0 });
    expect(ledger.records.get('C0')?.archiveQueue).toBeUndefined();
    expect(ledger.records.get('C1')?.versions).toBeUndefined();
  });
});
