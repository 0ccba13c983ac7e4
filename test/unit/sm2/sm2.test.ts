import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeSm2Signature,
  decodeSm2Spki,
  encodeSm2Signature,
  SM2_CURVE,
  SoftwareSm2Signer,
  sm2SignedDigest,
  sm2Z,
  sm3,
  verifySm2,
} from '../../../functions/core/sm2/index.js';
import { hexToBytes } from '../../../functions/core/sm2/sm3.js';
import {
  newSm2Key,
  openssl,
  opensslSignSm2,
  opensslVerifySm2,
  sm2PrivateKeyPem,
  sm2PublicKeyPem,
} from '../../support/sm2.js';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const text = (value: string): Uint8Array => new TextEncoder().encode(value);

describe('SM3 (GB/T 32905-2016 appendix A)', () => {
  it('hashes "abc" to the standard value', () => {
    expect(hex(sm3(text('abc')))).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  });

  it('hashes the 64-byte "abcd"×16 example to the standard value', () => {
    expect(hex(sm3(text('abcd'.repeat(16))))).toBe(
      'debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732',
    );
  });

  it('agrees with openssl dgst -sm3 on arbitrary bytes', async () => {
    const data = new Uint8Array(1000).map((_, i) => (i * 31 + 7) & 0xff);
    const { withTempDir } = await import('../../support/pdf-tools.js');
    const { writeFile } = await import('node:fs/promises');
    const digest = await withTempDir(async (dir) => {
      await writeFile(`${dir}/d`, data);
      return (await openssl(['dgst', '-sm3', '-r', `${dir}/d`])).output.split(' ')[0];
    });
    expect(hex(sm3(data))).toBe(digest);
  });
});

describe('SM2 with the signer ID 1234567812345678', () => {
  it('computes Z and e = SM3(Z‖M) of the GM/T 0003.5 / GB/T 32918.5 example key', () => {
    // GM/T 0003.5-2012 appendix A / GB/T 32918.5 A.2: the standard example key and message "message digest".
    const point = hexToBytes(
      '0409f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13',
    );
    expect(hex(sm2Z(point))).toBe('b2e14c5c79c6df5b85f4fe7ed8db7a262b9da7e07ccb0ea9f4747b8ccda8a4f3');
    expect(hex(sm2SignedDigest(point, text('message digest')))).toBe(
      'f0b43e94ba45accaace692ed534382eb17e6ab5a19ce7b31f4486fdfc0d28640',
    );
  });

  it('signs what OpenSSL verifies with distid, and not without it (OpenSSL then uses an empty ID)', async () => {
    const { privateKey, signer } = newSm2Key();
    const message = text('电子证照 OFD 签章');
    const signature = await signer.sign(message);
    const pem = sm2PublicKeyPem(privateKey);
    expect(await opensslVerifySm2(pem, message, signature)).toBe(true);
    expect(await opensslVerifySm2(pem, message, signature, { distid: false })).toBe(false);
    expect(await opensslVerifySm2(pem, text('电子证照 OFD 签章!'), signature)).toBe(false);
  });

  it('verifies what OpenSSL signs with distid, read through OpenSSL’s own SPKI', async () => {
    const generated = await openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:SM2']);
    expect(generated.code).toBe(0);
    const keyPem = generated.stdout.toString();
    const { withTempDir } = await import('../../support/pdf-tools.js');
    const { writeFile } = await import('node:fs/promises');
    const spki = await withTempDir(async (dir) => {
      await writeFile(`${dir}/k.pem`, keyPem);
      return new Uint8Array(
        (await openssl(['pkey', '-in', `${dir}/k.pem`, '-pubout', '-outform', 'DER'])).stdout,
      );
    });
    const message = new Uint8Array(5000).fill(0x5a); // over KMS RAW's 4096-byte limit: no matter here
    const signature = await opensslSignSm2(keyPem, message);
    expect(verifySm2(spki, message, signature)).toBe(true);
    expect(verifySm2(spki, message.subarray(1), signature)).toBe(false);
    expect(verifySm2(spki, message, signature, '')).toBe(false);
  });

  it('round-trips our SEC1 private key PEM through OpenSSL to the same public key', async () => {
    const { privateKey, signer } = newSm2Key();
    const { withTempDir } = await import('../../support/pdf-tools.js');
    const { writeFile } = await import('node:fs/promises');
    const spki = await withTempDir(async (dir) => {
      await writeFile(`${dir}/k.pem`, sm2PrivateKeyPem(privateKey));
      return new Uint8Array(
        (await openssl(['pkey', '-in', `${dir}/k.pem`, '-pubout', '-outform', 'DER'])).stdout,
      );
    });
    expect(hex(spki)).toBe(hex(await signer.publicKey()));
    const signature = await opensslSignSm2(sm2PrivateKeyPem(privateKey), text('x'));
    expect(verifySm2(await signer.publicKey(), text('x'), signature)).toBe(true);
  });

  it('rejects a signature by another key, a P-256 key, and malformed DER without throwing', async () => {
    const a = newSm2Key().signer;
    const b = newSm2Key().signer;
    const message = text('m');
    const signature = await a.sign(message);
    expect(verifySm2(await a.publicKey(), message, signature)).toBe(true);
    expect(verifySm2(await b.publicKey(), message, signature)).toBe(false);
    const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({
      type: 'spki',
      format: 'der',
    });
    expect(verifySm2(new Uint8Array(p256), message, signature)).toBe(false);
    expect(verifySm2(new Uint8Array(91), message, signature)).toBe(false);
    expect(verifySm2(await a.publicKey(), message, signature.subarray(0, 10))).toBe(false);
    expect(verifySm2(await a.publicKey(), message, Uint8Array.of(...signature, 0))).toBe(false);
    expect(() => decodeSm2Spki(new Uint8Array(91))).toThrow(TypeError);
  });
});

describe('verifySm2 with a key seen before (precomputed point)', () => {
  it('gives the same answers on the first and every later use of a key', async () => {
    const { signer } = newSm2Key();
    const spki = await signer.publicKey();
    const message = text('repeat');
    const signature = await signer.sign(message);
    const other = await newSm2Key().signer.sign(message);
    for (let round = 0; round < 4; round++) {
      expect(verifySm2(spki, message, signature), `round ${round}`).toBe(true);
      expect(verifySm2(spki, message, other), `round ${round}`).toBe(false);
      expect(verifySm2(spki, text('other'), signature), `round ${round}`).toBe(false);
    }
  });
});

describe('SM2Signature DER', () => {
  it('round-trips (r, s) with minimal INTEGERs, sign bytes where needed', () => {
    const values = { r: 0x80n, s: SM2_CURVE.n - 1n };
    const der = encodeSm2Signature(values);
    expect(hex(der)).toBe(`3027020200800221${'00'}${(SM2_CURVE.n - 1n).toString(16)}`);
    expect(decodeSm2Signature(der)).toEqual(values);
    expect(hex(encodeSm2Signature({ r: 1n, s: 0x7fn }))).toBe('300602010102017f');
  });

  it('refuses non-minimal, negative, zero, out-of-range and trailing encodings', () => {
    const bad = {
      nonMinimal: '30070202000102010' + '1',
      negative: '3006020181020101',
      zero: '3006020100020101',
      trailingInside: '3009020101020101020101',
      trailingOutside: '300602010102010100',
      wrongLength: '3007020101020101',
      notSequence: '3106020101020101',
      sEqualsN: `3027020101022100${SM2_CURVE.n.toString(16)}`,
    };
    for (const [name, item] of Object.entries(bad)) {
      expect(() => decodeSm2Signature(hexToBytes(item)), name).toThrow(TypeError);
    }
    expect(decodeSm2Signature(hexToBytes('3006020101020101'))).toEqual({ r: 1n, s: 1n });
  });

  it('is what our signer emits: a strict, decodable DER signature each time', async () => {
    const { signer } = newSm2Key();
    for (let i = 0; i < 20; i++) {
      const der = await signer.sign(Uint8Array.of(i));
      expect(hex(encodeSm2Signature(decodeSm2Signature(der)))).toBe(hex(der));
    }
  });
});

describe('SoftwareSm2Signer', () => {
  it('refuses a key outside [1, n−2]', () => {
    expect(() => new SoftwareSm2Signer(new Uint8Array(32))).toThrow(RangeError);
    expect(() => new SoftwareSm2Signer(new Uint8Array(31).fill(1))).toThrow(RangeError);
  });
});

describe('SM2 parsers under arbitrary input (fast-check)', () => {
  it('decodeSm2Signature either returns in-range values that re-encode to the same bytes, or throws TypeError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
        try {
          const values = decodeSm2Signature(bytes);
          expect(hex(encodeSm2Signature(values))).toBe(hex(bytes));
        } catch (error) {
          expect(error).toBeInstanceOf(TypeError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trips every (r, s) in [1, n−1]', () => {
    const scalar = fc.bigInt({ min: 1n, max: SM2_CURVE.n - 1n });
    fc.assert(
      fc.property(scalar, scalar, (r, s) => {
        expect(decodeSm2Signature(encodeSm2Signature({ r, s }))).toEqual({ r, s });
      }),
    );
  });

  it('verifySm2 answers false, never throws, for arbitrary key, message and signature bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), fc.uint8Array({ maxLength: 80 }), (spki, signature) => {
        expect(verifySm2(spki, Uint8Array.of(1), signature)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});
