/**
 * The Status List Token against draft-ietf-oauth-status-list: its 2-bit encoding test vectors (§ "Test
 * vectors", 2^20 entries, and the short example), the JWT's header and claims, an ES256 signature that
 * node:crypto verifies with the published JWK, and the DER → r‖s conversion of KMS signatures.
 */
import { createPublicKey, generateKeyPairSync, type KeyObject, sign, verify } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import { getListFromStatusListJWT } from '@sd-jwt/jwt-status-list';
import { describe, expect, it } from 'vitest';
import { derToRawSignature } from '../../../functions/adapters/kms-es256-signer.js';
import {
  buildStatusListToken,
  publicJwkOf,
  statusListOf,
} from '../../../functions/core/status-lists/status-list-token.js';
import type { JwsSigner, StatusListEntry } from '../../../functions/ports/status-lists.js';

/** The draft's long 2-bit vector: these entries of a 2^20 list, all others 0. */
const LONG_VECTOR: Array<[number, number]> = [
  [0, 1],
  [1993, 2],
  [25460, 1],
  [159495, 3],
  [495669, 1],
  [554353, 1],
  [645645, 2],
  [723232, 1],
  [854545, 1],
  [934534, 2],
  [1000345, 3],
];
const LONG_LST = [
  'eNrt2zENACEQAEEuoaBABP5VIO01fCjIHTMStt9ovGVIAAAAAABAbiEBAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAEB5',
  'WwIAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
  'AAAAAAAAAID0ugQAAAAAAAAAAAAAAAAAQG12SgAAAAAAAAAAAAAAAAAAAAAAAAAAAOCSIQEAAAAAAAAAAAAAAAAAAAAAAAD8ExIA',
  'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAwJEuAQAAAAAAAAAAAAAAAAAAAAAAAMB9SwIAAAAAAAAAAAAAAAAAAACoYUoA',
  'AAAAAAAAAAAAAEBqH81gAQw',
].join('');

const entriesOf = (pairs: Array<[number, number]>) =>
  pairs.map(([idx, value]) => ({ idx, value }) as StatusListEntry);

/** An ES256 signer on a local key, answering r‖s as the KMS adapter does. */
function localSigner(): JwsSigner & { key: KeyObject } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    algorithm: 'ES256',
    key: publicKey,
    sign: async (input) => derToRawSignature(sign('sha256', input, privateKey)),
    publicKey: async () => publicKey.export({ type: 'spki', format: 'der' }),
  };
}

describe('status list encoding (draft test vectors, 2 bits)', () => {
  it('encodes the short example as the byte array [0xC9, 0x44, 0xF9] and lst "eNo76fITAAPfAgc"', () => {
    // Prepare: status[0..11] = 1,2,0,3,0,1,0,1,1,2,3,3
    const values = [1, 2, 0, 3, 0, 1, 0, 1, 1, 2, 3, 3];
    const entries = entriesOf(values.map((v, i) => [i, v] as [number, number]).filter(([, v]) => v));

    // Act
    const list = statusListOf(12, entries);

    // Assess
    expect([...list.encodeStatusList()]).toEqual([0xc9, 0x44, 0xf9]);
    expect(list.compressStatusList()).toBe('eNo76fITAAPfAgc');
  });

  it("encodes the 2^20-entry vector to the draft's bytes", () => {
    // Act
    const list = statusListOf(2 ** 20, entriesOf(LONG_VECTOR));
    const ours = inflateSync(Buffer.from(list.compressStatusList(), 'base64url'));
    const theirs = inflateSync(Buffer.from(LONG_LST, 'base64url'));

    // Assess: the same bytes (the compressed form may differ by deflate implementation, the draft says so)
    expect(ours.length).toBe(2 ** 18);
    expect(ours.equals(theirs)).toBe(true);
    // Entry 159495 is value 3 in bits 6..7 of byte 39873 (entry i in bits 2(i mod 4), from the LSB).
    expect((ours[Math.floor(159495 / 4)] ?? 0) >> (2 * (159495 % 4))).toBe(3);
  });

  it('refuses an entry outside the list', () => {
    expect(() => statusListOf(8, entriesOf([[8, 1]]))).toThrow(RangeError);
  });
});

describe('buildStatusListToken', () => {
  it('signs a statuslist+jwt with sub, iat, exp, ttl and the list, verifiable with the published JWK', async () => {
    // Prepare
    const signer = localSigner();
    const jwk = publicJwkOf(await signer.publicKey());

    // Act
    const token = await buildStatusListToken({
      uri: 'https://zz.test/status-lists/0',
      size: 2 ** 20,
      entries: entriesOf([
        [5, 1],
        [6, 2],
      ]),
      issuedAt: new Date('2026-12-06T12:00:00.900Z'),
      ttlSeconds: 300,
      validitySeconds: 86_400,
      signer,
      kid: jwk.kid,
    });

    // Assess
    const [h = '', p = '', s = ''] = token.split('.');
    expect(JSON.parse(Buffer.from(h, 'base64url').toString())).toEqual({
      alg: 'ES256',
      typ: 'statuslist+jwt',
      kid: jwk.kid,
    });
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
    const iat = Date.parse('2026-12-06T12:00:00Z') / 1000;
    expect(payload).toMatchObject({
      sub: 'https://zz.test/status-lists/0',
      iat,
      exp: iat + 86_400,
      ttl: 300,
    });
    expect(payload.status_list.bits).toBe(2);
    const verifier = createPublicKey({ key: { ...jwk }, format: 'jwk' });
    const signature = Buffer.from(s, 'base64url');
    expect(signature).toHaveLength(64);
    expect(
      verify('sha256', Buffer.from(`${h}.${p}`), { key: verifier, dsaEncoding: 'ieee-p1363' }, signature),
    ).toBe(true);
    const list = getListFromStatusListJWT(token);
    expect([4, 5, 6, 7].map((i) => list.getStatus(i))).toEqual([0, 1, 2, 0]);
    // A token changed after signing does not verify.
    const forged = Buffer.from(`${h}.${p.slice(0, -2)}AA`);
    expect(verify('sha256', forged, { key: verifier, dsaEncoding: 'ieee-p1363' }, signature)).toBe(false);
  });

  it('names the key by its RFC 7638 thumbprint', async () => {
    // RFC 7638 §3.1 style: the thumbprint of the members crv, kty, x, y in lexical order, no spaces.
    const signer = localSigner();
    const jwk = publicJwkOf(await signer.publicKey());
    const exported = signer.key.export({ format: 'jwk' });
    const expected = (await import('node:crypto'))
      .createHash('sha256')
      .update(`{"crv":"P-256","kty":"EC","x":"${exported.x}","y":"${exported.y}"}`)
      .digest('base64url');
    expect(jwk.kid).toBe(expected);
  });
});

describe('derToRawSignature (KMS DER → JOSE r‖s)', () => {
  it('converts DER signatures of any r and s length to 64 bytes that verify as IEEE P1363', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const lengths = new Set<number>();
    // Enough signatures to meet a 33-byte integer (high bit set) and, often, a shorter one.
    for (let i = 0; i < 64; i++) {
      const message = Buffer.from(`message ${i}`);
      const der = sign('sha256', message, privateKey);
      lengths.add(der.length);
      const raw = derToRawSignature(der);
      expect(raw).toHaveLength(64);
      expect(verify('sha256', message, { key: publicKey, dsaEncoding: 'ieee-p1363' }, raw)).toBe(true);
    }
    expect(lengths.size).toBeGreaterThan(1);
  });

  it('refuses what is not a DER ECDSA signature', () => {
    expect(() => derToRawSignature(new Uint8Array([0x30, 0x03, 0x02, 0x01]))).toThrow();
    expect(() => derToRawSignature(new Uint8Array(64))).toThrow();
    // Trailing bytes after the sequence.
    expect(() =>
      derToRawSignature(new Uint8Array([0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01, 0x00])),
    ).toThrow();
  });
});
