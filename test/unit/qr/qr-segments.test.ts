import * as QRCode from 'qrcode/lib/core/qrcode.js';
import { describe, expect, it } from 'vitest';
import { buildIdentifier } from '../../../functions/core/licence/identifier.js';
import { qrCodeOf, qrSegments } from '../../../functions/core/licence/render/page-model.js';
import { licenceQrClaims, qrTextOf, signLicencePayload } from '../../../functions/core/qr/payload.js';
import { MemoryEs256Signer } from '../../support/es256-signer.js';

const decoder = new TextDecoder();
const textOf = (segments: QRCode.QRCodeSegment[]) =>
  segments.map((s) => (typeof s.data === 'string' ? s.data : decoder.decode(s.data as Uint8Array))).join('');

describe('QR segments of the licence QR text', () => {
  it('keeps the text, puts long alphanumeric runs in alphanumeric mode, and is no larger than the library’s search', async () => {
    // Prepare
    const base = 'https://zz.example.gov.cn';
    const payload = await signLicencePayload(
      new MemoryEs256Signer(),
      licenceQrClaims(base, {
        certificateId: 'CERT-01KBZ3Y5T9QW8D2M4N6P8R0S2T',
        identifier: buildIdentifier({
          typeCode: 'YJ0101',
          issuerCode: '11430000MB1D715235',
          serial: 42,
          version: 1,
        }),
        number: '湘药生20260000042',
        type: 'DRUG_PRODUCTION_LICENCE',
        issuer: '湖南省药品监督管理局',
        holder: { name: '张小三' },
        fields: {},
        issuedAt: '2026-12-06T04:00:00.000Z',
        validFrom: '2026-12-06',
        validUntil: '2031-12-05',
      }),
    );
    const url = `${base}/verify/CERT-01KBZ3Y5T9QW8D2M4N6P8R0S2T?code=ABCDEFGHJKMNPQRSTVWXYZ0123`;
    for (const text of [url, qrTextOf(url, payload), '证照 licence 核验']) {
      // Act
      const segments = qrSegments(text);
      // Assess
      expect(textOf(segments)).toBe(text);
      expect(qrCodeOf(text).version).toBeLessThanOrEqual(
        QRCode.create(text, { errorCorrectionLevel: 'M' }).version,
      );
    }
    const modes = qrSegments(qrTextOf(url, payload)).map((s) => s.mode);
    expect(modes).toEqual(['byte', 'alphanumeric', 'byte', 'alphanumeric', 'byte', 'alphanumeric']);
  });
});
