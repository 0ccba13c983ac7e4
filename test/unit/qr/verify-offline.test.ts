import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildIdentifier } from '../../../functions/core/licence/identifier.js';
import { encodeBase45 } from '../../../functions/core/qr/base45.js';
import {
  coseOfPayload,
  licenceQrClaims,
  qrTextOf,
  signLicencePayload,
} from '../../../functions/core/qr/payload.js';
import { claimsMatchRecord, verifyQrOffline } from '../../../functions/core/qr/verify-offline.js';
import { MemoryEs256Signer } from '../../support/es256-signer.js';

const base = 'https://zz.example.gov.cn';
const url = `${base}/verify/CERT-01KBZ3Y5T9QW8D2M4N6P8R0S2T?code=ABCDEF`;
const record = {
  certificateId: 'CERT-01KBZ3Y5T9QW8D2M4N6P8R0S2T',
  identifier: buildIdentifier({
    typeCode: 'YJ0101',
    issuerCode: '11430000MB1D715235',
    serial: 7,
    version: 1,
  }),
  number: '湘药生20260000007',
  type: 'DRUG_PRODUCTION_LICENCE',
  issuer: '湖南省药品监督管理局',
  holder: { type: 'ORGANIZATION' as const, name: '湖南某某制药有限公司', idType: '001' },
  fields: {},
  issuedAt: '2026-12-06T04:00:00.000Z',
  validFrom: '2026-12-06',
  validUntil: '2031-12-05',
  statusList: { listId: '3', idx: 9 },
};
const during = new Date('2027-06-01T00:00:00Z');

async function issued() {
  const signer = new MemoryEs256Signer();
  const payload = await signLicencePayload(signer, licenceQrClaims(base, record));
  return { signer, payload, text: qrTextOf(url, payload), keys: { keys: [await signer.publicJwk()] } };
}

/** The payload with one byte of its COSE_Sign1 flipped, re-encoded. */
function flipped(payload: string, at: (length: number) => number): string {
  const cose = Buffer.from(coseOfPayload(payload));
  const i = at(cose.length);
  cose.writeUInt8((cose[i] ?? 0) ^ 0x01, i);
  return `ZZ1:${encodeBase45(deflateSync(cose))}`;
}

describe('verifyQrOffline', () => {
  it('accepts a genuine QR text with the published keys: claims, validity dates, status list', async () => {
    // Prepare
    const { text, keys, signer } = await issued();
    // Act
    const result = verifyQrOffline(text, keys, during);
    // Assess
    expect(result).toMatchObject({
      verdict: 'VALID',
      signatureValid: true,
      kid: (await signer.publicJwk()).kid,
      url,
      validity: { from: '2026-12-06', until: '2031-12-05' },
      statusList: { uri: `${base}/status-lists/3`, idx: 9 },
      claims: { number: record.number, identifier: record.identifier, holder: '湖南某某*公司' },
    });
  });

  it('says EXPIRED after the last valid day and NOT_YET_VALID before the first (Asia/Shanghai)', async () => {
    const { text, keys } = await issued();
    expect(verifyQrOffline(text, keys, new Date('2031-12-05T15:59:59Z')).verdict).toBe('VALID');
    expect(verifyQrOffline(text, keys, new Date('2031-12-05T16:00:00Z')).verdict).toBe('EXPIRED');
    expect(verifyQrOffline(text, keys, new Date('2026-12-05T15:59:59Z')).verdict).toBe('NOT_YET_VALID');
  });

  it('refuses a flipped byte in the signed claims or the signature, another key, and a foreign URL', async () => {
    // Prepare
    const { payload, keys } = await issued();
    const stranger = { keys: [await new MemoryEs256Signer().publicJwk()] };
    // Act + Assess
    const inClaims = verifyQrOffline(
      qrTextOf(
        url,
        flipped(payload, (n) => n - 80),
      ),
      keys,
      during,
    );
    expect(inClaims).toMatchObject({ verdict: 'INVALID', signatureValid: false });
    expect(['BAD_SIGNATURE', 'MALFORMED']).toContain(inClaims.reason);
    expect(
      verifyQrOffline(
        flipped(payload, (n) => n - 1),
        keys,
        during,
      ),
    ).toMatchObject({
      verdict: 'INVALID',
      reason: 'BAD_SIGNATURE',
    });
    expect(verifyQrOffline(payload, stranger, during)).toMatchObject({
      verdict: 'INVALID',
      reason: 'UNKNOWN_KEY',
    });
    expect(
      verifyQrOffline(qrTextOf('https://zz.examp1e.cn/verify/X?code=Y', payload), keys, during),
    ).toMatchObject({
      verdict: 'INVALID',
      reason: 'URL_MISMATCH',
      signatureValid: true,
    });
  });

  it('says NO_PAYLOAD for a bare verify URL and MALFORMED for text that is not a payload', async () => {
    const { keys } = await issued();
    expect(verifyQrOffline(url, keys, during)).toMatchObject({
      verdict: 'INVALID',
      reason: 'NO_PAYLOAD',
      url,
    });
    for (const text of [
      'ZZ1:',
      'ZZ1:BB8',
      'ZZ1:lowercase',
      `ZZ1:${encodeBase45(deflateSync(Buffer.from([0xd2, 0x80])))}`,
    ]) {
      expect(verifyQrOffline(text, keys, during)).toMatchObject({ verdict: 'INVALID', reason: 'MALFORMED' });
    }
  });

  it('matches the payload to its ledger record on the verify side, and not to an edited one', async () => {
    const { text, keys } = await issued();
    const claims = verifyQrOffline(text, keys, during).claims;
    if (!claims) throw new Error('claims expected');
    expect(claimsMatchRecord(claims, record)).toBe(true);
    expect(claimsMatchRecord(claims, { ...record, fields: { scope: 'other' } })).toBe(false);
    expect(
      claimsMatchRecord(claims, { ...record, holder: { ...record.holder, name: '湖南另一制药有限公司' } }),
    ).toBe(false);
  });
});
