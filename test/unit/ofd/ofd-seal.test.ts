import fc from 'fast-check';
import { unzipSync, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import type { OfdSealer } from '../../../functions/core/ofd/seal-ofd.js';
import { verifyOfdSeal } from '../../../functions/core/ofd/verify-ofd.js';
import { makeTestOfdSealer, sealedTestOfd } from '../../support/ofd.js';
import type { TestSm2Chain } from '../../support/sm2.js';

let chain: TestSm2Chain;
let sealer: OfdSealer;
let ofd: Uint8Array;
const at = new Date('2026-12-06T08:00:00Z');

const verify = (bytes: Uint8Array) => verifyOfdSeal(bytes, { roots: [chain.maker.certificate] });
const codes = (bytes: Uint8Array) => verify(bytes).reasons.map((r) => r.code);

/** The package with `change` applied to its files (re-zipped: every entry rewritten). */
function repack(bytes: Uint8Array, change: (files: Record<string, Uint8Array>) => void): Uint8Array {
  const files = unzipSync(bytes);
  change(files);
  return zipSync(files);
}

const edit = (bytes: Uint8Array, from: string, to: string) => {
  const text = new TextDecoder().decode(bytes);
  if (!text.includes(from)) throw new Error(`fixture lacks ${from}`);
  return new TextEncoder().encode(text.replace(from, to));
};

beforeAll(async () => {
  ({ chain, sealer } = await makeTestOfdSealer(at));
  ofd = await sealedTestOfd(sealer, {}, at);
});

describe('OFD seal: a genuine licence', () => {
  it('verifies as VALID with the signer, time and GB/T 36903 metadata', () => {
    // Act
    const check = verify(ofd);
    // Assess
    expect(check.reasons).toEqual([]);
    expect(check.status).toBe('VALID');
    expect(check.signature).toMatchObject({ signer: '某市行政审批局', signedAt: at.toISOString() });
    expect(check.customDatas).toMatchObject({
      certificateId: 'CERT-OFD-0001',
      证照标识: '1.2.156.3005.2.SC01.11430000MB1234567X.2026032600001.7',
      证照编号: '湘食SC20260326001',
      持证主体: '张*三',
      持证主体代码: '430***********1234',
      持证主体代码类型: '111',
      有效期起始日期: '2026-03-26',
      有效期截止日期: '2031-03-25',
    });
  });

  it('renders equal input to identical unsigned files (the page and metadata are deterministic)', async () => {
    // Act: two packages sealed at the same time differ only in the randomised SM2 signature.
    const second = await sealedTestOfd(sealer, {}, at);
    const a = unzipSync(ofd);
    const b = unzipSync(second);
    // Assess
    for (const name of Object.keys(a).filter((n) => !n.endsWith('SignedValue.dat')))
      expect(Buffer.from(a[name] as Uint8Array).equals(Buffer.from(b[name] as Uint8Array)), name).toBe(true);
  });

  it('is UNKNOWN_SIGNER against another seal root', async () => {
    const other = await makeTestOfdSealer(at);
    expect(verifyOfdSeal(ofd, { roots: [other.chain.maker.certificate] }).status).toBe('UNKNOWN_SIGNER');
  });
});

describe('OFD seal: the tamper set is never VALID', () => {
  it('content XML changed → TAMPERED', () => {
    const tampered = repack(ofd, (f) => {
      f['Doc_0/Pages/Page_0/Content.xml'] = edit(
        f['Doc_0/Pages/Page_0/Content.xml'] as Uint8Array,
        'M ',
        'L ',
      );
    });
    expect(verify(tampered).status).toBe('TAMPERED');
    expect(codes(tampered)).toContain('DIGEST_MISMATCH');
  });

  it('metadata (OFD.xml) changed → TAMPERED', () => {
    const tampered = repack(ofd, (f) => {
      f['OFD.xml'] = edit(f['OFD.xml'] as Uint8Array, '2031-03-25', '2039-03-25');
    });
    expect(verify(tampered).status).toBe('TAMPERED');
  });

  it('Signature.xml changed (the seal moved) → TAMPERED', () => {
    const tampered = repack(ofd, (f) => {
      const path = 'Doc_0/Signs/Sign_0/Signature.xml';
      f[path] = edit(f[path] as Uint8Array, 'Boundary="', 'Boundary="1');
    });
    expect(verify(tampered).status).toBe('TAMPERED');
    expect(codes(tampered)).toContain('SIGNATURE_XML_CHANGED');
  });

  it('Seal.esl changed (another seal of the same maker) → TAMPERED', async () => {
    const otherSeal = (await makeTestOfdSealer(at)).sealer.seal;
    const tampered = repack(ofd, (f) => {
      f['Doc_0/Signs/Sign_0/Seal.esl'] = otherSeal;
    });
    expect(verify(tampered).status).toBe('TAMPERED');
    expect(codes(tampered)).toContain('SEAL_FILE_CHANGED');
  });

  it('SignedValue.dat changed (one bit of the signature) → TAMPERED', () => {
    const tampered = repack(ofd, (f) => {
      const value = Uint8Array.from(f['Doc_0/Signs/Sign_0/SignedValue.dat'] as Uint8Array);
      value[value.length - 5] = (value[value.length - 5] as number) ^ 1;
      f['Doc_0/Signs/Sign_0/SignedValue.dat'] = value;
    });
    expect(verify(tampered).status).toBe('TAMPERED');
  });

  it('an unprotected extra file → TAMPERED, named in the reasons', () => {
    const tampered = repack(ofd, (f) => {
      f['Doc_0/Annots/Page_0/Annotation.xml'] = new TextEncoder().encode('<a/>');
    });
    const check = verify(tampered);
    expect(check.status).toBe('TAMPERED');
    expect(check.reasons.map((r) => r.message).join()).toContain('Doc_0/Annots/Page_0/Annotation.xml');
  });

  it('a protected file removed → TAMPERED', () => {
    const tampered = repack(ofd, (f) => {
      delete f['Doc_0/PublicRes.xml'];
    });
    expect(codes(tampered)).toContain('PROTECTED_FILE_MISSING');
    expect(verify(tampered).status).toBe('TAMPERED');
  });

  it('a second signature added to Signatures.xml → not VALID', () => {
    const tampered = repack(ofd, (f) => {
      const path = 'Doc_0/Signs/Signatures.xml';
      f[path] = edit(
        f[path] as Uint8Array,
        '</ofd:Signatures>',
        '<ofd:Signature ID="2" BaseLoc="/Doc_0/Signs/Sign_0/Signature.xml"/></ofd:Signatures>',
      );
    });
    expect(verify(tampered).status).not.toBe('VALID');
  });

  it('the signatures removed → NOT_SIGNED', () => {
    const stripped = repack(ofd, (f) => {
      for (const name of Object.keys(f)) if (name.includes('/Signs/')) delete f[name];
    });
    expect(verify(stripped).status).toBe('NOT_SIGNED');
  });

  it('any single flipped byte of the file is never VALID and never throws', () => {
    fc.assert(
      fc.property(fc.nat({ max: ofd.length - 1 }), fc.integer({ min: 1, max: 255 }), (index, mask) => {
        const bytes = Uint8Array.from(ofd);
        bytes[index] = (bytes[index] as number) ^ mask;
        // A flip inside a stored entry's unused bits can leave every file intact; then VALID is right.
        const files = (() => {
          try {
            return unzipSync(bytes);
          } catch {
            return undefined;
          }
        })();
        const same =
          files !== undefined &&
          Object.entries(unzipSync(ofd)).every(([n, b]) =>
            Buffer.from(b).equals(Buffer.from(files[n] ?? [])),
          );
        const { status } = verify(bytes);
        if (!same) expect(status).not.toBe('VALID');
      }),
      { numRuns: 60 },
    );
  });
});
