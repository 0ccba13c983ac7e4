import { X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../../functions/core/errors.js';
import { createCertificate } from '../../../functions/core/pki/certificate.js';
import { EXTENDED_KEY_USAGE } from '../../../functions/core/pki/extensions.js';
import { toPem } from '../../../functions/core/pki/pem.js';
import {
  bootstrapSealChain,
  importSealChain,
  type SealChain,
} from '../../../functions/core/pki/seal-chain.js';
import { type CryptoSigner, counterRandom, createCryptoSigner, fixedClock } from './crypto-signer.js';

const pemOf = (...ders: Uint8Array[]) => ders.map((der) => toPem('CERTIFICATE', der)).join('');
const forgeCert = (der: Uint8Array) =>
  forge.pki.certificateFromAsn1(forge.asn1.fromDer(Buffer.from(der).toString('latin1')));

describe('bootstrapSealChain', () => {
  let rootSigner: CryptoSigner;
  let sealSigner: CryptoSigner;
  let chain: SealChain;

  beforeAll(async () => {
    // Prepare
    rootSigner = createCryptoSigner();
    sealSigner = createCryptoSigner();
    // Act
    chain = await bootstrapSealChain({
      rootSigner,
      sealSigner,
      clock: fixedClock('2026-03-26T08:00:00.750Z'),
      random: counterRandom(),
      authorityName: '某市行政审批局',
    });
  });

  it('issues a self-signed 20-year root CA allowed to sign certificates and CRLs', () => {
    const root = new X509Certificate(Buffer.from(chain.root));
    expect(root.verify(rootSigner.publicKeyObject)).toBe(true);
    expect(root.checkIssued(root)).toBe(true);
    expect(root.ca).toBe(true);
    expect(new Date(root.validFrom).toISOString()).toBe('2026-03-26T08:00:00.000Z');
    expect(new Date(root.validTo).toISOString()).toBe('2046-03-26T08:00:00.000Z');
    const keyUsage = forgeCert(chain.root).getExtension('keyUsage') as Record<string, boolean>;
    expect(keyUsage).toMatchObject({
      critical: true,
      keyCertSign: true,
      cRLSign: true,
      digitalSignature: false,
    });
    expect((forgeCert(chain.root).getExtension('basicConstraints') as { critical: boolean }).critical).toBe(
      true,
    );
  });

  it('issues the 5-year seal certificate for the seal key under the root, named after the authority', () => {
    const root = new X509Certificate(Buffer.from(chain.root));
    const seal = new X509Certificate(Buffer.from(chain.seal));
    expect(seal.checkIssued(root)).toBe(true);
    expect(seal.verify(rootSigner.publicKeyObject)).toBe(true);
    expect(seal.publicKey.equals(sealSigner.publicKeyObject)).toBe(true);
    expect(seal.subject).toBe('C=CN\nO=某市行政审批局\nCN=某市行政审批局');
    expect(new Date(seal.validTo).toISOString()).toBe('2031-03-26T08:00:00.000Z');
    expect(seal.serialNumber).not.toBe(root.serialNumber);
  });

  it('gives the seal certificate critical signing key usage and an EKU that NSS accepts', () => {
    const seal = new X509Certificate(Buffer.from(chain.seal));
    const keyUsage = forgeCert(chain.seal).getExtension('keyUsage') as Record<string, boolean>;
    expect(keyUsage).toMatchObject({
      critical: true,
      digitalSignature: true,
      nonRepudiation: true,
      keyCertSign: false,
    });
    expect(seal.keyUsage).toContain(EXTENDED_KEY_USAGE.emailProtection);
    expect(seal.ca).toBe(false);
  });

  it('imports back as a valid chain for the seal key', async () => {
    const imported = importSealChain(pemOf(chain.seal, chain.root), await sealSigner.publicKey());
    expect(imported.map((der) => Buffer.from(der))).toEqual([
      Buffer.from(chain.seal),
      Buffer.from(chain.root),
    ]);
  });
});

describe('importSealChain rejects', () => {
  let rootSigner: CryptoSigner;
  let sealSigner: CryptoSigner;
  let chain: SealChain;
  let sealKey: Uint8Array;

  beforeAll(async () => {
    rootSigner = createCryptoSigner();
    sealSigner = createCryptoSigner();
    sealKey = await sealSigner.publicKey();
    chain = await bootstrapSealChain({
      rootSigner,
      sealSigner,
      clock: fixedClock('2026-03-26T08:00:00Z'),
      random: counterRandom(),
      authorityName: '某市行政审批局',
    });
  });

  const expectInvalid = (run: () => unknown, pattern: RegExp) => {
    let caught: unknown;
    try {
      run();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DomainError);
    expect(caught).toMatchObject({ code: expect.stringMatching(/^(SEAL_CHAIN_INVALID|PEM_MALFORMED)$/) });
    expect((caught as DomainError).messageEn).toMatch(pattern);
  };

  it('a chain whose first certificate is for another key', async () => {
    const otherKey = await createCryptoSigner().publicKey();
    expectInvalid(
      () => importSealChain(pemOf(chain.seal, chain.root), otherKey),
      /does not certify the seal key/,
    );
  });

  it('a chain in the wrong order', () => {
    expectInvalid(
      () => importSealChain(pemOf(chain.root, chain.seal), sealKey),
      /does not certify the seal key/,
    );
  });

  it('a chain without its root', () => {
    expectInvalid(() => importSealChain(pemOf(chain.seal), sealKey), /self-signed root/);
  });

  it('a seal certificate with a corrupted signature', () => {
    const tampered = Uint8Array.from(chain.seal);
    tampered[tampered.length - 5] = (tampered[tampered.length - 5] ?? 0) ^ 0xff;
    expectInvalid(() => importSealChain(pemOf(tampered, chain.root), sealKey), /not signed by its issuer/);
  });

  it('a seal certificate issued by a different root of the same name', async () => {
    const impostor = await bootstrapSealChain({
      rootSigner: createCryptoSigner(),
      sealSigner,
      clock: fixedClock('2026-03-26T08:00:00Z'),
      random: counterRandom(),
      authorityName: '某市行政审批局',
    });
    expectInvalid(
      () => importSealChain(pemOf(impostor.seal, chain.root), sealKey),
      /not signed by its issuer/,
    );
  });

  it('a seal certificate whose only extended key usage is document signing', async () => {
    const rootName = {
      country: 'CN',
      organization: '某市行政审批局',
      commonName: '某市行政审批局电子印章根证书',
    };
    const seal = await createCertificate({
      subject: { country: 'CN', commonName: '某市行政审批局' },
      issuer: rootName,
      serialNumber: Uint8Array.of(9),
      notBefore: new Date('2026-03-26T08:00:00Z'),
      notAfter: new Date('2027-03-26T08:00:00Z'),
      subjectPublicKey: sealKey,
      extensions: { keyUsage: ['digitalSignature'], extendedKeyUsage: [EXTENDED_KEY_USAGE.documentSigning] },
      issuerSigner: rootSigner,
    });
    expectInvalid(() => importSealChain(pemOf(seal, chain.root), sealKey), /extended key usage/);
  });

  it('text without certificates, or with a certificate that does not parse', () => {
    expectInvalid(() => importSealChain('no pem here', sealKey), /No CERTIFICATE PEM block/);
    const garbage = toPem('CERTIFICATE', Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x01));
    expectInvalid(() => importSealChain(garbage, sealKey), /cannot be parsed/);
  });
});
