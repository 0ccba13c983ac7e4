/**
 * KmsSm2Signer against a mocked KMS whose Sign handler really signs SM2 (sm-crypto-v2 directly, hash: false,
 * i.e. over the DIGEST as KMS does), checked by OpenSSL (pkeyutl with distid) and by our verifier.
 */
import { randomBytes } from 'node:crypto';
import {
  GetPublicKeyCommand,
  KMSClient,
  KMSInternalException,
  NotFoundException,
  SignCommand,
  type SignCommandInput,
} from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { sm2 } from 'sm-crypto-v2';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  SealSignerConfigurationError,
  SealSignerUnavailableError,
} from '../../functions/adapters/kms-seal-signer.js';
import { KmsSm2Signer } from '../../functions/adapters/kms-sm2-signer.js';
import { DomainError } from '../../functions/core/errors.js';
import { toPem } from '../../functions/core/pki/pem.js';
import {
  encodeSm2Spki,
  issueSm2SealChain,
  readSm2Certificate,
  sm2PublicPoint,
  verifySm2,
  verifySm2CertificateSignature,
} from '../../functions/core/sm2/index.js';
import { newSm2PrivateKey, opensslVerifySm2 } from '../support/sm2.js';

const kms = mockClient(KMSClient);
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/** One mocked SM2 key: GetPublicKey as KMS answers for KeySpec SM2, Sign that really signs the digest. */
function serveKey(privateKey: Uint8Array, keyId: string, calls: SignCommandInput[]): void {
  kms.on(GetPublicKeyCommand, { KeyId: keyId }).resolves({
    KeyId: keyId,
    PublicKey: encodeSm2Spki(sm2PublicPoint(privateKey)),
    KeySpec: 'SM2',
    KeyUsage: 'SIGN_VERIFY',
    SigningAlgorithms: ['SM2DSA'],
  });
  kms.on(SignCommand, { KeyId: keyId }).callsFake((input: SignCommandInput) => {
    calls.push(input);
    if (input.MessageType !== 'DIGEST' || input.SigningAlgorithm !== 'SM2DSA') {
      throw new Error('expected SM2DSA over a DIGEST');
    }
    const message = input.Message ?? new Uint8Array();
    if (message.length !== 32) throw new Error('an SM2DSA DIGEST is 32 bytes');
    const der = sm2.doSignature(message, hex(privateKey), { der: true, hash: false });
    return { KeyId: keyId, Signature: Buffer.from(der, 'hex'), SigningAlgorithm: 'SM2DSA' };
  });
}

describe('KmsSm2Signer (KMS mocked with a Sign handler that really signs SM2)', () => {
  let privateKey: Uint8Array;
  let calls: SignCommandInput[];
  let client: KMSClient;

  beforeEach(() => {
    kms.reset();
    privateKey = newSm2PrivateKey();
    calls = [];
    serveKey(privateKey, 'alias/zhengzhao-ofd-seal', calls);
    client = new KMSClient({ region: 'cn-north-1' });
  });

  it('signs SM3(Z‖M) as a DIGEST so OpenSSL (distid) and our verifier accept it over a 10 kB message', async () => {
    // Prepare: longer than KMS RAW's 4096-byte limit
    const signer = new KmsSm2Signer({ client, keyId: 'alias/zhengzhao-ofd-seal' });
    const message = new Uint8Array(randomBytes(10_000));
    // Act
    const signature = await signer.sign(message);
    // Assess
    const spki = await signer.publicKey();
    expect(hex(spki)).toBe(hex(encodeSm2Spki(sm2PublicPoint(privateKey))));
    expect(verifySm2(spki, message, signature)).toBe(true);
    expect(await opensslVerifySm2(toPem('PUBLIC KEY', spki), message, signature)).toBe(true);
    expect(await opensslVerifySm2(toPem('PUBLIC KEY', spki), message, signature, { distid: false })).toBe(
      false,
    );
    expect(calls).toHaveLength(1);
    expect(calls[0]?.Message).toHaveLength(32);
  });

  it('asks GetPublicKey once for many signatures', async () => {
    const signer = new KmsSm2Signer({ client, keyId: 'alias/zhengzhao-ofd-seal' });
    await Promise.all([signer.sign(Uint8Array.of(1)), signer.sign(Uint8Array.of(2)), signer.publicKey()]);
    await signer.sign(Uint8Array.of(3));
    expect(kms.commandCalls(GetPublicKeyCommand)).toHaveLength(1);
    expect(kms.commandCalls(SignCommand)).toHaveLength(3);
  });

  it('maps throttling/internal errors to a retryable 503 DomainError and does not cache the failure', async () => {
    kms
      .on(GetPublicKeyCommand)
      .rejectsOnce(new KMSInternalException({ message: 'internal', $metadata: {} }))
      .resolves({
        PublicKey: encodeSm2Spki(sm2PublicPoint(privateKey)),
        KeySpec: 'SM2',
        KeyUsage: 'SIGN_VERIFY',
        SigningAlgorithms: ['SM2DSA'],
      });
    const signer = new KmsSm2Signer({ client, keyId: 'alias/zhengzhao-ofd-seal' });
    const failure = await signer.sign(Uint8Array.of(1)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SealSignerUnavailableError);
    expect(failure).toBeInstanceOf(DomainError);
    expect((failure as DomainError).kind).toBe('UNAVAILABLE');
    const signature = await signer.sign(Uint8Array.of(1));
    expect(verifySm2(await signer.publicKey(), Uint8Array.of(1), signature)).toBe(true);
  });

  it('reports a missing key, a non-SM2 key and a malformed signature as configuration errors (500)', async () => {
    kms
      .on(GetPublicKeyCommand, { KeyId: 'alias/missing' })
      .rejects(new NotFoundException({ message: 'no such key', $metadata: {} }));
    kms.on(GetPublicKeyCommand, { KeyId: 'alias/p256' }).resolves({
      PublicKey: new Uint8Array(91),
      KeySpec: 'ECC_NIST_P256',
      KeyUsage: 'SIGN_VERIFY',
      SigningAlgorithms: ['ECDSA_SHA_256'],
    });
    const broken = newSm2PrivateKey();
    kms.on(GetPublicKeyCommand, { KeyId: 'alias/broken' }).resolves({
      PublicKey: encodeSm2Spki(sm2PublicPoint(broken)),
      KeySpec: 'SM2',
      KeyUsage: 'SIGN_VERIFY',
      SigningAlgorithms: ['SM2DSA'],
    });
    kms.on(SignCommand, { KeyId: 'alias/broken' }).resolves({ Signature: Uint8Array.of(0x30, 0x00) });
    for (const keyId of ['alias/missing', 'alias/p256', 'alias/broken']) {
      const signer = new KmsSm2Signer({ client, keyId });
      await expect(signer.sign(Uint8Array.of(1)), keyId).rejects.toBeInstanceOf(SealSignerConfigurationError);
    }
  });

  it('issues an SM2 chain whose signatures come from KMS and verify in OpenSSL-checked form', async () => {
    const makerKey = newSm2PrivateKey();
    serveKey(makerKey, 'alias/zhengzhao-ofd-maker', calls);
    const maker = new KmsSm2Signer({ client, keyId: 'alias/zhengzhao-ofd-maker' });
    const seal = new KmsSm2Signer({ client, keyId: 'alias/zhengzhao-ofd-seal' });
    const chain = await issueSm2SealChain({
      makerSigner: maker,
      sealSigner: seal,
      clock: { now: () => new Date() },
      random: { bytes: (n) => new Uint8Array(randomBytes(n)) },
      authorityName: '某市行政审批局',
    });
    const root = readSm2Certificate(chain.root);
    expect(verifySm2CertificateSignature(chain.seal, await maker.publicKey())).toBe(true);
    expect(verifySm2CertificateSignature(chain.root, await maker.publicKey())).toBe(true);
    const sealInfo = readSm2Certificate(chain.seal);
    expect(
      await opensslVerifySm2(
        toPem('PUBLIC KEY', root.subjectPublicKeyInfo),
        sealInfo.tbs,
        sealInfo.signature,
      ),
    ).toBe(true);
  });
});
