import { describe, expect, it } from 'vitest';
import { buildIdentifier } from '../../../functions/core/licence/identifier.js';
import { canonicalLicenceData, licenceDigest } from '../../../functions/core/qr/canonical.js';
import { decodeLicenceClaims } from '../../../functions/core/qr/claims.js';
import { parseCoseSign1 } from '../../../functions/core/qr/cose.js';
import { keysById } from '../../../functions/core/qr/jwk.js';
import { licenceQrText, MAX_QR_VERSION, qrVersionOf } from '../../../functions/core/qr/licence-qr.js';
import {
  coseOfPayload,
  licenceQrClaims,
  qrHolderName,
  qrTextOf,
  signLicencePayload,
  splitQrText,
} from '../../../functions/core/qr/payload.js';
import { MemoryEs256Signer } from '../../support/es256-signer.js';

const base = 'https://zz.example.gov.cn';
const record = {
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
  holder: { type: 'PERSON' as const, name: '张小三', idType: '111', idNumber: '11010519491231002X' },
  holderKey: 'hk-0123456789',
  fields: { scope: ['片剂', '胶囊剂'], lines: 3 },
  issuedAt: '2026-12-06T04:00:00.000Z',
  validFrom: '2026-12-06',
  validUntil: '2031-12-05',
  statusList: { listId: '0', idx: 41 },
};

describe('canonical licence data', () => {
  it('is RFC 8785 JSON of the bound fields under a version label', () => {
    expect(canonicalLicenceData(record)).toBe(
      '{"canon":"zhengzhao-licence-v1","certificateId":"CERT-01KBZ3Y5T9QW8D2M4N6P8R0S2T",' +
        `"fields":{"lines":3,"scope":["片剂","胶囊剂"]},"holder":{"key":"hk-0123456789","name":"张小三",` +
        `"organization":null,"type":"PERSON"},"identifier":"${record.identifier}","issuedAt":"2026-12-06T04:00:00.000Z",` +
        '"issuer":"湖南省药品监督管理局","number":"湘药生20260000042","type":"DRUG_PRODUCTION_LICENCE",' +
        '"validFrom":"2026-12-06","validUntil":"2031-12-05"}',
    );
  });

  it('never holds the document number, only the keyed holder hash, and changes with every bound field', () => {
    // Act
    const data = canonicalLicenceData(record);
    const digest = licenceDigest(record);
    // Assess
    expect(data).not.toContain('11010519491231002X');
    expect(data).toContain('"key":"hk-0123456789"');
    expect(digest).toHaveLength(16);
    for (const changed of [
      { ...record, number: '湘药生20260000043' },
      { ...record, holderKey: 'hk-other' },
      { ...record, fields: { ...record.fields, lines: 4 } },
      { ...record, validUntil: '2031-12-06' },
    ]) {
      expect(Buffer.from(licenceDigest(changed))).not.toEqual(Buffer.from(digest));
    }
  });
});

describe('licence QR payload (ZZ1: COSE_Sign1 / CWT)', () => {
  it('round-trips: claims out are the claims in, under a protected ES256 header naming the key', async () => {
    // Prepare
    const signer = new MemoryEs256Signer();
    const claims = licenceQrClaims(base, record);
    // Act
    const payload = await signLicencePayload(signer, claims);
    const cose = parseCoseSign1(coseOfPayload(payload));
    // Assess
    expect(payload).toMatch(/^ZZ1:[0-9A-Z $%*+\-./:]+$/);
    expect(decodeLicenceClaims(cose.payload)).toEqual(claims);
    expect(Buffer.from(cose.kid).toString('base64url')).toBe((await signer.publicJwk()).kid);
    expect(cose.verifyWith(signer.publicKey)).toBe(true);
    expect(cose.verifyWith(new MemoryEs256Signer().publicKey)).toBe(false);
    expect(claims).toMatchObject({
      iss: base,
      identifier: record.identifier,
      typeCode: 'YJ0101',
      holder: '张*三',
      statusList: { listId: '0', idx: 41 },
      nbf: Date.parse('2026-12-05T16:00:00Z') / 1000,
      exp: Math.floor(Date.parse('2031-12-05T15:59:59.999Z') / 1000),
    });
  });

  it('shortens an organisation’s name and masks a person’s', () => {
    expect(qrHolderName({ type: 'ORGANIZATION', name: '湖南某某医疗器械股份有限公司' })).toBe(
      '湖南某某*公司',
    );
    expect(qrHolderName({ type: 'ORGANIZATION', name: '某某药业公司' })).toBe('某某药业公司');
    expect(qrHolderName({ name: '欧阳小明' })).toBe('欧*明');
  });

  it('puts the payload in the verify URL’s fragment with only RFC 3986 fragment characters, and gets it back', async () => {
    // Prepare
    const payload = `ZZ1:AB C%D${(await signLicencePayload(new MemoryEs256Signer(), licenceQrClaims(base, record))).slice(4)}`;
    const url = `${base}/verify/${record.certificateId}?code=ABC`;
    // Act
    const text = qrTextOf(url, payload);
    // Assess
    const fragment = text.slice(text.indexOf('#') + 1);
    // RFC 3986 §3.5: fragment = *( pchar / "/" / "?" ); pchar = unreserved / pct-encoded / sub-delims / ":" / "@"
    expect(fragment).toMatch(/^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-F]{2})*$/);
    expect(fragment).toMatch(/^[0-9A-Z $%*+\-./:]*$/); // still one alphanumeric-mode segment
    expect(new URL(text).href.split('#')[0]).toBe(url);
    expect(splitQrText(text)).toEqual({ url, payload });
    expect(splitQrText(payload)).toEqual({ payload });
    expect(splitQrText(url)).toEqual({ url });
  });

  it('reads only P-256 keys whose kid is their thumbprint from a key set', async () => {
    const jwk = await new MemoryEs256Signer().publicJwk();
    const other = await new MemoryEs256Signer().publicJwk();
    const keys = keysById({ keys: [jwk, { ...other, kid: jwk.kid }, { kty: 'RSA' }, null] });
    expect([...keys.keys()]).toEqual([jwk.kid]);
    expect(keysById('nonsense').size).toBe(0);
  });
});

describe('licenceQrText', () => {
  it('prints the payload while the code stays at version 15, and the verify URL alone beyond', async () => {
    // Prepare
    const signer = new MemoryEs256Signer();
    const short = 'https://zz.example.gov.cn';
    // Far past the limit whatever the signature's bytes compress to (up to ~60 characters it depends on them).
    const long = `https://zhengzhao-licences.market-regulation.example.gov.cn/${'verification-service/'.repeat(3)}hn`;
    const urlOf = (base: string) => `${base}/verify/${record.certificateId}?code=ABCDEFGHJKMNPQRSTVWXYZ0123`;
    // Act
    const fits = await licenceQrText({ issuerUrl: short, signer }, record, urlOf(short));
    const tooLong = await licenceQrText({ issuerUrl: long, signer }, record, urlOf(long));
    // Assess
    expect(fits).toMatchObject({ fits: true });
    expect(fits.version).toBeLessThanOrEqual(MAX_QR_VERSION);
    expect(splitQrText(fits.text).payload).toMatch(/^ZZ1:/);
    expect(tooLong).toMatchObject({ fits: false, text: urlOf(long) });
    expect(qrVersionOf(urlOf(long))).toBe(tooLong.version);
  });

  it('writes an https issuer without its scheme and reads it back whole', async () => {
    const payload = await signLicencePayload(new MemoryEs256Signer(), licenceQrClaims(base, record));
    const claims = decodeLicenceClaims(parseCoseSign1(coseOfPayload(payload)).payload);
    expect(claims.iss).toBe(base);
    expect(Buffer.from(coseOfPayload(payload)).includes('https://')).toBe(false);
    expect(claims.typeCode).toBe('YJ0101');
  });
});
