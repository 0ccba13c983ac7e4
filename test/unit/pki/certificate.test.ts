import { X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCertificate, createCsr } from '../../../functions/core/pki/certificate.js';
import { EXTENDED_KEY_USAGE } from '../../../functions/core/pki/extensions.js';
import { type CryptoSigner, createCryptoSigner } from './crypto-signer.js';

const issuerName = {
  country: 'CN',
  organization: '某市行政审批局',
  commonName: '某市行政审批局电子印章根证书',
};

describe('createCertificate', () => {
  let issuer: CryptoSigner;
  let subject: CryptoSigner;
  let certificate: X509Certificate;
  let forgeCertificate: forge.pki.Certificate;

  beforeAll(async () => {
    // Prepare
    issuer = createCryptoSigner();
    subject = createCryptoSigner();
    // Act
    const der = await createCertificate({
      subject: { country: 'CN', organization: '某市行政审批局', commonName: '某市行政审批局' },
      issuer: issuerName,
      serialNumber: Uint8Array.of(0x80, 0x01, 0x02),
      notBefore: new Date('2026-03-26T08:00:00Z'),
      notAfter: new Date('2031-03-26T08:00:00Z'),
      subjectPublicKey: await subject.publicKey(),
      extensions: {
        basicConstraints: { ca: false },
        keyUsage: ['digitalSignature', 'nonRepudiation'],
        extendedKeyUsage: [EXTENDED_KEY_USAGE.emailProtection, EXTENDED_KEY_USAGE.documentSigning],
        subjectKeyIdentifier: true,
        authorityKeyOf: await issuer.publicKey(),
      },
      issuerSigner: issuer,
    });
    certificate = new X509Certificate(Buffer.from(der));
    forgeCertificate = forge.pki.certificateFromAsn1(forge.asn1.fromDer(Buffer.from(der).toString('latin1')));
  });

  it('is signed by the issuer key (sha256WithRSA) and certifies the subject key', () => {
    expect(certificate.verify(issuer.publicKeyObject)).toBe(true);
    expect(certificate.verify(subject.publicKeyObject)).toBe(false);
    expect(certificate.publicKey.equals(subject.publicKeyObject)).toBe(true);
    expect(forgeCertificate.siginfo.algorithmOid).toBe('1.2.840.113549.1.1.11');
  });

  it('writes Chinese names as UTF8String and the given validity and positive serial', () => {
    expect(certificate.subject).toBe('C=CN\nO=某市行政审批局\nCN=某市行政审批局');
    expect(certificate.issuer).toContain('CN=某市行政审批局电子印章根证书');
    expect(certificate.serialNumber).toBe('800102');
    expect(forgeCertificate.serialNumber).toBe('00800102'); // sign byte: the serial stays positive
    expect(new Date(certificate.validFrom).toISOString()).toBe('2026-03-26T08:00:00.000Z');
    expect(new Date(certificate.validTo).toISOString()).toBe('2031-03-26T08:00:00.000Z');
    const cn = forgeCertificate.subject.getField('CN') as { valueTagClass: number };
    expect(cn.valueTagClass).toBe(forge.asn1.Type.UTF8);
  });

  it('marks key usage critical with digitalSignature+nonRepudiation and lists both extended usages', () => {
    const keyUsage = forgeCertificate.getExtension('keyUsage') as Record<string, boolean>;
    expect(keyUsage).toMatchObject({
      critical: true,
      digitalSignature: true,
      nonRepudiation: true,
      keyCertSign: false,
    });
    expect(certificate.keyUsage).toEqual([
      EXTENDED_KEY_USAGE.emailProtection,
      EXTENDED_KEY_USAGE.documentSigning,
    ]);
    expect(certificate.ca).toBe(false);
    const ski = forgeCertificate.getExtension('subjectKeyIdentifier') as { subjectKeyIdentifier: string };
    expect(ski.subjectKeyIdentifier).toMatch(/^[0-9a-f]{40}$/);
  });

  it('refuses an empty serial number and a validity that ends before it starts', async () => {
    const base = {
      subject: issuerName,
      issuer: issuerName,
      serialNumber: Uint8Array.of(1),
      notBefore: new Date('2026-03-26T08:00:00Z'),
      notAfter: new Date('2027-03-26T08:00:00Z'),
      subjectPublicKey: await issuer.publicKey(),
      extensions: {},
      issuerSigner: issuer,
    };
    await expect(createCertificate({ ...base, serialNumber: new Uint8Array(0) })).rejects.toThrow(RangeError);
    await expect(createCertificate({ ...base, notAfter: base.notBefore })).rejects.toThrow(RangeError);
  });
});

describe('createCsr', () => {
  it('produces a PKCS#10 request for the signer key, signed by it, that forge verifies', async () => {
    // Prepare
    const signer = createCryptoSigner();
    // Act
    const pem = await createCsr({ subject: { country: 'CN', commonName: '某市行政审批局' }, signer });
    // Assess
    const csr = forge.pki.certificationRequestFromPem(pem);
    expect(csr.verify()).toBe(true);
    const modulus = (csr.publicKey as forge.pki.rsa.PublicKey).n.toString(16);
    const jwk = signer.publicKeyObject.export({ format: 'jwk' });
    expect(Buffer.from(modulus.padStart(512, '0'), 'hex').toString('base64url')).toBe(jwk.n);
    expect(forge.util.decodeUtf8(String(csr.subject.getField('CN').value))).toBe('某市行政审批局');
    expect(signer.digests).toHaveLength(1);
  });
});
