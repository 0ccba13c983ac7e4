import { createHash, createPublicKey, verify } from 'node:crypto';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeKeyCommand,
  GetPublicKeyCommand,
  InvalidKeyUsageException,
  KMSClient,
  KMSInvalidSignatureException,
  NotFoundException,
  SignCommand,
  VerifyCommand,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KmsEndpoint, startKmsEndpoint } from '../../bin/local/kms-endpoint.js';
import { KmsSealSigner } from '../../functions/adapters/kms-seal-signer.js';

const clientFor = (endpoint: string) =>
  new KMSClient({
    endpoint,
    region: 'cn-north-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });

describe('local KMS endpoint through the real @aws-sdk/client-kms', () => {
  let keyDir: string;
  let kms: KmsEndpoint;
  let client: KMSClient;

  beforeAll(async () => {
    keyDir = await mkdtemp(join(tmpdir(), 'zz-kms-'));
    kms = await startKmsEndpoint({ keyDir });
    client = clientFor(kms.endpoint);
  });

  afterAll(async () => {
    client?.destroy();
    await kms?.close();
    if (keyDir) await rm(keyDir, { recursive: true, force: true });
  });

  it('serves RSA 3072 SIGN_VERIFY keys by id, key ARN, alias and alias ARN', async () => {
    const byId = await client.send(new GetPublicKeyCommand({ KeyId: kms.keys.seal }));
    const byAlias = await client.send(new GetPublicKeyCommand({ KeyId: 'alias/zhengzhao-seal' }));
    const byArn = await client.send(new GetPublicKeyCommand({ KeyId: byId.KeyId }));
    const byAliasArn = await client.send(
      new GetPublicKeyCommand({ KeyId: 'arn:aws:kms:local:000000000000:alias/zhengzhao-seal' }),
    );
    expect(byId).toMatchObject({ KeySpec: 'RSA_3072', KeyUsage: 'SIGN_VERIFY' });
    expect(byId.SigningAlgorithms).toContain('RSASSA_PKCS1_V1_5_SHA_256');
    for (const other of [byAlias, byArn, byAliasArn]) expect(other.PublicKey).toEqual(byId.PublicKey);
    const key = createPublicKey({ key: Buffer.from(byId.PublicKey ?? []), format: 'der', type: 'spki' });
    expect(key.asymmetricKeyDetails?.modulusLength).toBe(3072);
    const root = await client.send(new GetPublicKeyCommand({ KeyId: 'alias/zhengzhao-root' }));
    expect(root.KeyId).toContain(kms.keys.root);
    expect(root.PublicKey).not.toEqual(byId.PublicKey);
  });

  it('signs a DIGEST and a RAW message as PKCS#1 v1.5 SHA-256 that node:crypto verifies, and Verify agrees', async () => {
    // Prepare
    const message = Buffer.from('营业执照 · signed attributes');
    const digest = createHash('sha256').update(message).digest();
    const { PublicKey } = await client.send(new GetPublicKeyCommand({ KeyId: kms.keys.seal }));
    const publicKey = createPublicKey({ key: Buffer.from(PublicKey ?? []), format: 'der', type: 'spki' });
    const algorithm = 'RSASSA_PKCS1_V1_5_SHA_256' as const;
    // Act
    const fromDigest = await client.send(
      new SignCommand({
        KeyId: kms.keys.seal,
        Message: digest,
        MessageType: 'DIGEST',
        SigningAlgorithm: algorithm,
      }),
    );
    const fromRaw = await client.send(
      new SignCommand({
        KeyId: 'alias/zhengzhao-seal',
        Message: message,
        MessageType: 'RAW',
        SigningAlgorithm: algorithm,
      }),
    );
    const verified = await client.send(
      new VerifyCommand({
        KeyId: kms.keys.seal,
        Message: digest,
        MessageType: 'DIGEST',
        Signature: fromDigest.Signature,
        SigningAlgorithm: algorithm,
      }),
    );
    // Assess
    expect(verify('sha256', message, publicKey, Buffer.from(fromDigest.Signature ?? []))).toBe(true);
    expect(Buffer.from(fromRaw.Signature ?? [])).toEqual(Buffer.from(fromDigest.Signature ?? []));
    expect(fromDigest.Signature).toHaveLength(384);
    expect(verified.SignatureValid).toBe(true);
  });

  it('answers like KMS for an unknown key, a wrong digest length, a foreign algorithm and a bad signature', async () => {
    const sign = (input: Partial<ConstructorParameters<typeof SignCommand>[0]>) =>
      client.send(
        new SignCommand({
          KeyId: kms.keys.seal,
          Message: new Uint8Array(32),
          MessageType: 'DIGEST',
          SigningAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256',
          ...input,
        }),
      );
    await expect(sign({ KeyId: 'alias/nope' })).rejects.toBeInstanceOf(NotFoundException);
    await expect(sign({ KeyId: '1234abcd-12ab-34cd-56ef-1234567890ab' })).rejects.toBeInstanceOf(
      NotFoundException,
    );
    await expect(sign({ Message: new Uint8Array(31) })).rejects.toMatchObject({
      name: 'ValidationException',
    });
    await expect(sign({ SigningAlgorithm: 'ECDSA_SHA_256' })).rejects.toBeInstanceOf(
      InvalidKeyUsageException,
    );
    await expect(sign({ SigningAlgorithm: 'MD5_RSA' as 'ECDSA_SHA_256' })).rejects.toMatchObject({
      name: 'ValidationException',
    });
    const bad = new VerifyCommand({
      KeyId: kms.keys.seal,
      Message: new Uint8Array(32),
      MessageType: 'DIGEST',
      Signature: new Uint8Array(384),
      SigningAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256',
    });
    await expect(client.send(bad)).rejects.toBeInstanceOf(KMSInvalidSignatureException);
  });

  it('describes a key with its metadata', async () => {
    const { KeyMetadata } = await client.send(new DescribeKeyCommand({ KeyId: 'alias/zhengzhao-root' }));
    expect(KeyMetadata).toMatchObject({
      KeyId: kms.keys.root,
      KeyState: 'Enabled',
      Enabled: true,
      KeyUsage: 'SIGN_VERIFY',
      KeySpec: 'RSA_3072',
    });
    expect(KeyMetadata?.CreationDate).toBeInstanceOf(Date);
  });

  it('backs KmsSealSigner: its signature over a digest verifies with its public key', async () => {
    const signer = new KmsSealSigner({ client, keyId: 'alias/zhengzhao-seal' });
    const digest = createHash('sha256').update('seal').digest();
    const signature = await signer.sign(digest);
    const publicKey = createPublicKey({
      key: Buffer.from(await signer.publicKey()),
      format: 'der',
      type: 'spki',
    });
    expect(verify('sha256', Buffer.from('seal'), publicKey, signature)).toBe(true);
  });

  it('keeps its keys across restarts: same ids, same public keys, private key files readable by the owner only', async () => {
    // Prepare
    const before = await client.send(new GetPublicKeyCommand({ KeyId: 'alias/zhengzhao-seal' }));
    await kms.close();
    // Act
    kms = await startKmsEndpoint({ keyDir });
    client.destroy();
    client = clientFor(kms.endpoint);
    const after = await client.send(new GetPublicKeyCommand({ KeyId: 'alias/zhengzhao-seal' }));
    // Assess
    expect(after.KeyId).toBe(before.KeyId);
    expect(after.PublicKey).toEqual(before.PublicKey);
    const pemFiles = (await readdir(keyDir)).filter((file) => file.endsWith('.pem'));
    const { root, seal, qr, status, ofdSeal, ofdMaker } = kms.keys;
    expect(pemFiles.sort()).toEqual(
      [root, seal, qr, status, ofdSeal, ofdMaker].map((id) => `${id}.pem`).sort(),
    );
    for (const file of pemFiles) expect((await stat(join(keyDir, file))).mode & 0o777).toBe(0o600);
  });
});
