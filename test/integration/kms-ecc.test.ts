import { createHash, createPublicKey, verify } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeKeyCommand,
  GetPublicKeyCommand,
  InvalidKeyUsageException,
  KMSClient,
  KMSInvalidSignatureException,
  SignCommand,
  type SignCommandInput,
  VerifyCommand,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KmsEndpoint, startKmsEndpoint } from '../../bin/local/kms-endpoint.js';
import { KmsEs256Signer } from '../../functions/adapters/kms-es256-signer.js';
import { SealSignerConfigurationError } from '../../functions/adapters/kms-seal-signer.js';
import type { JwsSigner } from '../../functions/ports/status-lists.js';

const clientFor = (endpoint: string) =>
  new KMSClient({
    endpoint,
    region: 'cn-north-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });

describe('local KMS endpoint: ECC_NIST_P256 keys, through the real @aws-sdk/client-kms', () => {
  let keyDir: string;
  let kms: KmsEndpoint;
  let client: KMSClient;
  const message = Buffer.from('ZZ1 · COSE Sig_structure');
  const digest = createHash('sha256').update(message).digest();
  const sign = (input: Partial<SignCommandInput>) =>
    client.send(
      new SignCommand({
        KeyId: 'alias/zhengzhao-qr',
        Message: digest,
        MessageType: 'DIGEST',
        SigningAlgorithm: 'ECDSA_SHA_256',
        ...input,
      }),
    );
  const publicKeyOf = async (keyId: string) => {
    const { PublicKey } = await client.send(new GetPublicKeyCommand({ KeyId: keyId }));
    return createPublicKey({ key: Buffer.from(PublicKey ?? []), format: 'der', type: 'spki' });
  };

  beforeAll(async () => {
    keyDir = await mkdtemp(join(tmpdir(), 'zz-kms-ecc-'));
    kms = await startKmsEndpoint({ keyDir });
    client = clientFor(kms.endpoint);
  });

  afterAll(async () => {
    client?.destroy();
    await kms?.close();
    if (keyDir) await rm(keyDir, { recursive: true, force: true });
  });

  it('creates two P-256 SIGN_VERIFY keys on first start (qr, status), described as KMS describes them', async () => {
    // Act
    const qr = await client.send(new DescribeKeyCommand({ KeyId: 'alias/zhengzhao-qr' }));
    const status = await client.send(new GetPublicKeyCommand({ KeyId: 'alias/zhengzhao-status' }));
    // Assess
    expect(qr.KeyMetadata).toMatchObject({
      KeyId: kms.keys.qr,
      KeySpec: 'ECC_NIST_P256',
      KeyUsage: 'SIGN_VERIFY',
      SigningAlgorithms: ['ECDSA_SHA_256'],
    });
    expect(status).toMatchObject({ KeySpec: 'ECC_NIST_P256', SigningAlgorithms: ['ECDSA_SHA_256'] });
    expect(status.KeyId).toContain(kms.keys.status);
    const spki = await publicKeyOf(kms.keys.qr);
    expect(spki.asymmetricKeyType).toBe('ec');
    expect(spki.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(spki.export({ format: 'der', type: 'spki' })).not.toEqual(
      (await publicKeyOf(kms.keys.status)).export({ format: 'der', type: 'spki' }),
    );
  });

  it('signs a DIGEST and a RAW message as DER ECDSA that node:crypto verifies, and Verify agrees', async () => {
    // Prepare
    const publicKey = await publicKeyOf('alias/zhengzhao-qr');
    // Act
    const fromDigest = await sign({});
    const fromRaw = await sign({ Message: message, MessageType: 'RAW' });
    const verified = await client.send(
      new VerifyCommand({
        KeyId: kms.keys.qr,
        Message: message,
        MessageType: 'RAW',
        Signature: fromDigest.Signature,
        SigningAlgorithm: 'ECDSA_SHA_256',
      }),
    );
    // Assess
    for (const { Signature } of [fromDigest, fromRaw]) {
      const der = Buffer.from(Signature ?? []);
      expect(der[0]).toBe(0x30); // SEQUENCE { r INTEGER, s INTEGER }
      expect(verify('sha256', message, publicKey, der)).toBe(true);
    }
    expect(fromDigest.SigningAlgorithm).toBe('ECDSA_SHA_256');
    expect(fromDigest.KeyId).toContain(kms.keys.qr);
    expect(verified.SignatureValid).toBe(true);
  });

  it('refuses RSA algorithms on an ECC key, ECDSA on an RSA key, wrong digest lengths and altered signatures', async () => {
    // Prepare
    const { Signature } = await sign({});
    const altered = Buffer.from(Signature ?? []);
    altered.writeUInt8((altered.at(-1) ?? 0) ^ 1, altered.length - 1);
    // Act + Assess
    await expect(sign({ SigningAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256' })).rejects.toBeInstanceOf(
      InvalidKeyUsageException,
    );
    await expect(sign({ SigningAlgorithm: 'ECDSA_SHA_384' })).rejects.toBeInstanceOf(
      InvalidKeyUsageException,
    );
    await expect(sign({ KeyId: 'alias/zhengzhao-seal' })).rejects.toBeInstanceOf(InvalidKeyUsageException);
    await expect(sign({ Message: new Uint8Array(48) })).rejects.toMatchObject({
      name: 'ValidationException',
    });
    await expect(sign({ Message: new Uint8Array(4097), MessageType: 'RAW' })).rejects.toMatchObject({
      name: 'ValidationException',
    });
    for (const bad of [altered, Buffer.from('not DER')]) {
      const verifying = client.send(
        new VerifyCommand({
          KeyId: 'alias/zhengzhao-qr',
          Message: digest,
          MessageType: 'DIGEST',
          Signature: bad,
          SigningAlgorithm: 'ECDSA_SHA_256',
        }),
      );
      await expect(verifying).rejects.toBeInstanceOf(KMSInvalidSignatureException);
    }
    // A signature of the qr key is not one of the status key.
    const otherKey = client.send(
      new VerifyCommand({
        KeyId: 'alias/zhengzhao-status',
        Message: digest,
        MessageType: 'DIGEST',
        Signature,
        SigningAlgorithm: 'ECDSA_SHA_256',
      }),
    );
    await expect(otherKey).rejects.toBeInstanceOf(KMSInvalidSignatureException);
  });

  it('backs KmsEs256Signer: r ‖ s signatures of any length of message that verify under its JWK; an RSA key is refused', async () => {
    // Prepare
    const signer = new KmsEs256Signer({ client, keyId: 'alias/zhengzhao-qr' });
    const long = new Uint8Array(10_000).fill(7); // over KMS's 4096-byte RAW limit: sent as a DIGEST
    // Act
    const jwk = await signer.publicJwk();
    const signature = await signer.sign(long);
    // Assess
    expect(signature).toHaveLength(64);
    expect(jwk).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    expect(jwk.kid).toMatch(/^[A-Za-z0-9_-]{11}$/);
    const key = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y }, format: 'jwk' });
    expect(verify('sha256', long, { key, dsaEncoding: 'ieee-p1363' }, signature)).toBe(true);
    expect(key.export({ format: 'der', type: 'spki' })).toEqual(
      (await publicKeyOf('alias/zhengzhao-qr')).export({ format: 'der', type: 'spki' }),
    );
    // The same adapter serves the status lists' JwsSigner shape: SPKI DER of the same key.
    const asJws: JwsSigner = new KmsEs256Signer({ client, keyId: 'alias/zhengzhao-status' });
    expect(Buffer.from(await asJws.publicKey())).toEqual(
      (await publicKeyOf('alias/zhengzhao-status')).export({ format: 'der', type: 'spki' }),
    );
    await expect(
      new KmsEs256Signer({ client, keyId: 'alias/zhengzhao-seal' }).publicJwk(),
    ).rejects.toBeInstanceOf(SealSignerConfigurationError);
  });

  it('keeps the ECC keys across restarts and adds them to a key directory from before they existed', async () => {
    // Prepare
    const before = await publicKeyOf('alias/zhengzhao-qr');
    const { seal } = kms.keys;
    const index = JSON.parse(await readFile(join(keyDir, 'keys.json'), 'utf8')) as {
      keys: { alias: string }[];
    };
    await kms.close();
    // Act: restart as is, then with an index that has no ECC keys.
    kms = await startKmsEndpoint({ keyDir });
    client.destroy();
    client = clientFor(kms.endpoint);
    const after = await publicKeyOf('alias/zhengzhao-qr');
    await kms.close();
    index.keys = index.keys.filter(
      (key) => !['alias/zhengzhao-qr', 'alias/zhengzhao-status'].includes(key.alias),
    );
    await writeFile(join(keyDir, 'keys.json'), JSON.stringify(index));
    kms = await startKmsEndpoint({ keyDir });
    client.destroy();
    client = clientFor(kms.endpoint);
    // Assess
    const der = (key: ReturnType<typeof createPublicKey>) => key.export({ format: 'der', type: 'spki' });
    expect(der(after)).toEqual(der(before));
    expect(kms.keys.seal).toBe(seal);
    const added = await client.send(new DescribeKeyCommand({ KeyId: 'alias/zhengzhao-status' }));
    expect(added.KeyMetadata?.KeySpec).toBe('ECC_NIST_P256');
    expect((await sign({})).Signature?.length).toBeGreaterThan(60);
  });
});
