/**
 * A licence's ledger record names when its next document time-stamp is due (B-LTA). For the PDF this process
 * just sealed that day comes from the seal's time-stamp token instead of a second parse of the file: it must be
 * the day `archiveDueOf` reads off the same bytes, for the sealed object and for a copy of it (bytes another
 * run stored), and none for a seal without a time-stamp.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type LicenceSubject,
  licenceRecord,
  sealLicence,
} from '../../../functions/core/certificates/issuance/licence-production.js';
import { createLicenceFactory } from '../../../functions/core/certificates/licence-factory.js';
import type { LicenceRenderer } from '../../../functions/core/licence/render/render-licence.js';
import {
  archiveDueOf,
  archiveDueOfSealToken,
} from '../../../functions/core/verification/timestamps/licence-timestamps.js';
import { memoryIssuanceDependencies, shippedCatalogue } from '../../support/fakes.js';
import { createLongTermFixture, type LongTermFixture } from '../../support/long-term-fixture.js';
import { fixedMacKeys } from '../../support/memory-pages.js';
import { makeRenderedLicence } from '../pades/rendered-licence.js';

const renderer: LicenceRenderer = { render: () => makeRenderedLicence() };
let fixture: LongTermFixture;

const item = () => shippedCatalogue().require('MEDICAL_DEVICE_EXPORT_CERT');
const subject = (certificateId: string): LicenceSubject => ({
  licence: {
    certificateId,
    serial: 7,
    number: '湘械出2026000007',
    identifier: `ID-${certificateId}`,
    verificationCode: 'ABCD2345',
    holder: { type: 'ORGANIZATION', name: '湖南康达医疗器械有限公司', idNumber: '91430100MA4L01111G' },
    fields: {},
    validFrom: '2026-12-07',
    validUntil: '2028-12-06',
  },
  item: item(),
  clientId: 'client-all',
  origin: 'CASE-1',
  batchId: 'BATCH-1',
  issuedAt: '2026-12-07T01:00:00.000Z',
});

const depsWith = (longTerm: boolean) =>
  memoryIssuanceDependencies({
    ...fixedMacKeys(),
    factory: createLicenceFactory({
      renderer,
      signer: fixture.sealSigner,
      chain: async () => [fixture.seal, fixture.root],
      ...(longTerm ? { timestamps: fixture.timestamps, validationData: fixture.validationData } : {}),
    }),
  } as never);

beforeAll(async () => {
  fixture = await createLongTermFixture();
});

describe('the archive due day of a licence as sealed', () => {
  it('is the day archiveDueOf reads off the file, for the sealed bytes and for a copy of them', async () => {
    // Prepare
    const deps = depsWith(true);
    // Act
    const sealed = await sealLicence(deps, subject('C-LT'));
    const own = await licenceRecord(deps, subject('C-LT'), sealed, 'VALID');
    const copy = await licenceRecord(
      deps,
      subject('C-LT'),
      { bytes: Uint8Array.from(sealed.bytes), sealCertificateSerial: '' },
      'VALID',
    );
    // Assess
    const read = archiveDueOf(sealed.bytes);
    expect(read).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(sealed.timeStampToken).toBeInstanceOf(Uint8Array);
    expect(archiveDueOfSealToken(sealed.timeStampToken as Uint8Array)).toBe(read);
    expect(own.archiveDue).toBe(read);
    expect(own.archiveQueue).toBe('DUE');
    expect(copy.archiveDue).toBe(read);
    expect(archiveDueOfSealToken(sealed.timeStampToken as Uint8Array, 10)).toBe(
      archiveDueOf(sealed.bytes, 10),
    );
  });

  it('is none for a seal without a time-stamp', async () => {
    const deps = depsWith(false);
    const sealed = await sealLicence(deps, subject('C-BB'));
    const record = await licenceRecord(deps, subject('C-BB'), sealed, 'VALID');
    expect(sealed.timeStampToken).toBeNull();
    expect(archiveDueOf(sealed.bytes)).toBeUndefined();
    expect(record.archiveDue).toBeUndefined();
    expect(record.archiveQueue).toBeUndefined();
  });

  it('is none for a token that cannot be read', () => {
    expect(archiveDueOfSealToken(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]))).toBeUndefined();
  });
});
