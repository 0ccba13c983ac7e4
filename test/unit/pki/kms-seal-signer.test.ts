import { createHash, verify } from 'node:crypto';
import {
  GetPublicKeyCommand,
  KMSClient,
  KMSInternalException,
  NotFoundException,
  SignCommand,
} from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  KmsSealSigner,
  SealSignerConfigurationError,
  SealSignerUnavailableError,
} from '../../../functions/adapters/kms-seal-signer.js';
import { DomainError } from '../../../functions/core/errors.js';
import { type CryptoSigner, createCryptoSigner, signDigest } from './crypto-signer.js';

const kms = mockClient(KMSClient);
const KEY_ID = 'alias/zhengzhao-seal';

describe('KmsSealSigner (KMS mocked with a Sign handler that really signs)', () => {
  let key: CryptoSigner;
  let spki: Uint8Array;

  beforeAll(async () => {
    key = createCryptoSigner();
    spki = await key.publicKey();
  });

  const publicKeyResponse = () => ({
    PublicKey: spki,
    KeyUsage: 'SIGN_VERIFY' as const,
    SigningAlgorithms: ['RSASSA_PKCS1_V1_5_SHA_256' as const],
  });

  beforeEach(() => {
    kms.reset();
    kms.on(SignCommand).callsFake((input: { Message: Uint8Array; MessageType: string }) => {
      if (input.MessageType !== 'DIGEST') throw new Error('the adapter must send digests');
      return {
        Signature: signDigest(key.privateKey, input.Message),
        SigningAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256',
      };
    });
    kms.on(GetPublicKeyCommand).resolves(publicKeyResponse());
  });

  it('signs a digest with MessageType DIGEST so that node:crypto verifies it over the original message', async () => {
    // Prepare
    const signer = new KmsSealSigner({ client: new KMSClient({ region: 'cn-north-1' }), keyId: KEY_ID });
    const message = Buffer.from('电子证照 signed attributes');
    // Act
    const signature = await signer.sign(createHash('sha256').update(message).digest());
    // Assess
    expect(verify('sha256', message, key.publicKeyObject, signature)).toBe(true);
    const [call] = kms.commandCalls(SignCommand);
    expect(call?.args[0].input).toMatchObject({
      KeyId: KEY_ID,
      MessageType: 'DIGEST',
      SigningAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256',
    });
  });

  it('fetches the public key once and serves it from cache afterwards', async () => {
    const signer = new KmsSealSigner({ client: new KMSClient({ region: 'cn-north-1' }), keyId: KEY_ID });
    const [first, second] = await Promise.all([signer.publicKey(), signer.publicKey()]);
    const third = await signer.publicKey();
    expect(Buffer.from(first)).toEqual(Buffer.from(spki));
    expect(second).toBe(first);
    expect(third).toBe(first);
    expect(kms.commandCalls(GetPublicKeyCommand)).toHaveLength(1);
  });

  it('does not cache a failed GetPublicKey', async () => {
    kms
      .on(GetPublicKeyCommand)
      .rejectsOnce(new KMSInternalException({ message: 'internal', $metadata: {} }))
      .resolves(publicKeyResponse());
    const signer = new KmsSealSigner({ client: new KMSClient({ region: 'cn-north-1' }), keyId: KEY_ID });
    await expect(signer.publicKey()).rejects.toBeInstanceOf(SealSignerUnavailableError);
    await expect(signer.publicKey()).resolves.toEqual(spki);
  });

  it('reports throttling as a retryable 503 DomainError that keeps the SDK error as cause', async () => {
    // The KMS client has no ThrottlingException class: the SDK raises a ServiceException with that name.
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    kms.on(SignCommand).rejects(throttled);
    const signer = new KmsSealSigner({ client: new KMSClient({ region: 'cn-north-1' }), keyId: KEY_ID });
    const error = await signer.sign(new Uint8Array(32)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({
      kind: 'UNAVAILABLE',
      code: 'SEAL_SIGNER_UNAVAILABLE',
      retryAfterSeconds: 1,
    });
    expect((error as Error).cause).toBe(throttled);
  });

  it('reports a missing key as a configuration error (a generic 500), with the SDK error as cause', async () => {
    const notFound = new NotFoundException({ message: 'Alias is not found.', $metadata: {} });
    kms.on(SignCommand).rejects(notFound);
    const signer = new KmsSealSigner({ client: new KMSClient({ region: 'cn-north-1' }), keyId: KEY_ID });
    const error = await signer.sign(new Uint8Array(32)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SealSignerConfigurationError);
    expect(error).not.toBeInstanceOf(DomainError);
    expect((error as Error).cause).toBe(notFound);
  });

  it('refuses a key that is not a SIGN_VERIFY key for its algorithm', async () => {
    kms.on(GetPublicKeyCommand).resolves({ PublicKey: spki, KeyUsage: 'ENCRYPT_DECRYPT' });
    const signer = new KmsSealSigner({ client: new KMSClient({ region: 'cn-north-1' }), keyId: KEY_ID });
    await expect(signer.publicKey()).rejects.toThrow(/not a SIGN_VERIFY key/);
  });

  it('refuses anything but a 32-byte digest before calling KMS, and an empty answer after', async () => {
    const signer = new KmsSealSigner({ client: new KMSClient({ region: 'cn-north-1' }), keyId: KEY_ID });
    await expect(signer.sign(new Uint8Array(31))).rejects.toThrow(RangeError);
    expect(kms.commandCalls(SignCommand)).toHaveLength(0);
    kms.on(SignCommand).resolves({}); // as an unmocked command would: no signature
    await expect(signer.sign(new Uint8Array(32))).rejects.toBeInstanceOf(SealSignerConfigurationError);
  });
});
