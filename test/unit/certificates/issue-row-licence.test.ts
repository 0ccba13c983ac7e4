/**
 * The bulk row's entry point into issuance (issuance/licence-production.ts `issueRowLicence`): one licence
 * with no case, its conditional ledger put the commit point — exactly once on a repeat, a race, or a run
 * that died between storing the PDF and recording it.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  issueRowLicence,
  type LicenceSubject,
  licenceKey,
} from '../../../functions/core/certificates/issuance/licence-production.js';
import { memoryIssuanceDependencies } from '../../support/fakes.js';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function row(deps: ReturnType<typeof memoryIssuanceDependencies>, n = 1): LicenceSubject {
  const item = deps.catalogue.require('MEDICAL_DEVICE_EXPORT_CERT');
  return {
    licence: {
      certificateId: `CERT-ROW${n}`,
      serial: 100 + n,
      number: `湘药监械出〔2026〕第${String(100 + n).padStart(6, '0')}号`,
      identifier: `1.2.156.3005.2.TEST.${100 + n}`,
      verificationCode: 'A'.repeat(26),
      holder: {
        type: 'ORGANIZATION',
        name: '湖南康达医疗器械有限公司',
        idType: '001',
        idNumber: '91430100MA4L01111G',
      },
      fields: { productName: '一次性使用无菌注射器' },
      validFrom: '2026-12-07',
      validUntil: '2028-12-05',
      statusList: { listId: '0', idx: n },
    },
    item,
    clientId: 'client-all',
    origin: 'BULK-1',
    batchId: 'BULK-1#0',
    issuedAt: '2026-12-06T23:00:00.000Z',
  };
}

describe('issueRowLicence (a bulk row through issuance)', () => {
  it('seals, stores and records the licence VALID once; a second run returns the same record', async () => {
    // Prepare
    const deps = memoryIssuanceDependencies();
    const subject = row(deps);

    // Act
    const first = await issueRowLicence(deps, subject);
    const again = await issueRowLicence(deps, subject);

    // Assess
    const stored = deps.licences.objects.get(licenceKey(subject.licence.certificateId))?.bytes;
    expect(stored).toBeDefined();
    expect(first).toMatchObject({ status: 'VALID', caseId: 'BULK-1', batchId: 'BULK-1#0', version: 1 });
    expect(first.sha256).toBe(sha256(stored as Uint8Array));
    expect(again).toEqual(first);
    expect(deps.factory.produced).toHaveLength(1);
  });

  it('lets racing runs of one row store one PDF and agree on its record', async () => {
    // Prepare
    const deps = memoryIssuanceDependencies();
    const subject = row(deps, 2);

    // Act
    const records = await Promise.all([issueRowLicence(deps, subject), issueRowLicence(deps, subject)]);

    // Assess
    const stored = deps.licences.objects.get(licenceKey(subject.licence.certificateId))?.bytes as Uint8Array;
    expect(records[0]?.sha256).toBe(sha256(stored));
    expect(records[1]?.sha256).toBe(sha256(stored));
    expect(await deps.ledger.get(subject.licence.certificateId)).toMatchObject({ sha256: sha256(stored) });
  });

  it('marks a record whose PDF names its id in its XMP (found by id, no hash index copy)', async () => {
    // Prepare
    const deps = memoryIssuanceDependencies();
    const subject = row(deps, 4);
    const named = new TextEncoder().encode(
      `%PDF <xmpMM:DocumentID>urn:zhengzhao:certificate:${subject.licence.certificateId}</xmpMM:DocumentID>`,
    );
    await deps.licences.put(licenceKey(subject.licence.certificateId), named, {
      contentType: 'application/pdf',
    });

    // Act
    const record = await issueRowLicence(deps, subject);

    // Assess
    expect(record.namesItself).toBe(true);
    expect(await deps.ledger.findBySha256(record.sha256)).toBeUndefined();
  });

  it('records a PDF a dead run stored without sealing it again', async () => {
    // Prepare
    const deps = memoryIssuanceDependencies();
    const subject = row(deps, 3);
    const left = new TextEncoder().encode('%PDF-left-by-a-dead-run');
    await deps.licences.put(licenceKey(subject.licence.certificateId), left, {
      contentType: 'application/pdf',
    });

    // Act
    const record = await issueRowLicence(deps, subject);

    // Assess
    expect(record.sha256).toBe(sha256(left));
    expect(record.bytes).toBe(left.byteLength);
    expect(record.namesItself).toBeUndefined();
    expect(deps.factory.produced).toHaveLength(0);
  });
});
