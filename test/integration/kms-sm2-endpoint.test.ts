/**
 * The local KMS endpoint's SM2 keys over HTTP through the real @aws-sdk/client-kms: described and served like
 * KMS SM2 keys (SM2DSA, RAW with the default signer ID, DIGEST), checked by OpenSSL and our verifier.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  DescribeKeyCommand,
  GetPublicKeyCommand,
  KMSClient,
  SignCommand,
  type SignCommandInput,
  VerifyCommand,
} from '@aws-sdk/client-kms';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KmsEndpoint, startKmsEndpoint } from '../../bin/local/kms-endpoint.js';
import { KmsSm2Signer } from '../../functions/adapters/kms-sm2-signer.js';
import { S3ObjectStore } from '../../functions/adapters/s3-object-store.js';
import { SM2_SEAL_CHAIN_KEY } from '../../functions/adapters/seal-chain-store.js';
import { catalogueFiles } from '../../functions/catalogue/index.js';
import { buildCatalogue } from '../../functions/core/catalogue/catalogue.js';
import { fromPem, toPem } from '../../functions/core/pki/pem.js';
import {
  decodeSm2Spki,
  readSm2Certificate,
  sm2SignedDigest,
  verifySm2,
} from '../../functions/core/sm2/index.js';
import { withTempDir } from '../support/pdf-tools.js';
import { openssl, opensslVerifySm2 } from '../support/sm2.js';
import { startTestS3 } from '../support/storage.js';

const run = promisify(execFile);

const clientFor = (endpoint: string) =>
  new KMSClient({
    endpoint,
    region: 'cn-north-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });

describe('local KMS endpoint: SM2 keys, through the real @aws-sdk/client-kms', () => {
  let keyDir: string;
  let kms: KmsEndpoint;
  let client: KMSClient;
  let spki: Uint8Array;
  const message = new TextEncoder().encode('SES_Signature TBS_Sign · 电子印章');
  const sign = (input: Partial<SignCommandInput>) =>
    client.send(
      new SignCommand({
        KeyId: 'alias/zhengzhao-ofd-seal',
        Message: message,
        MessageType: 'RAW',
        SigningAlgorithm: 'SM2DSA',
        ...input,
      }),
    );

  beforeAll(async () => {
    keyDir = await mkdtemp(join(tmpdir(), 'zz-kms-sm2-'));
    kms = await startKmsEndpoint({ keyDir });
    client = clientFor(kms.endpoint);
    spki =
      (await client.send(new GetPublicKeyCommand({ KeyId: 'alias/zhengzhao-ofd-seal' }))).PublicKey ??
      new Uint8Array();
  });

  afterAll(async () => {
    client?.destroy();
    await kms?.close();
    if (keyDir) await rm(keyDir, { recursive: true, force: true });
  });

  it('creates two SM2 SIGN_VERIFY keys on first start (ofd-seal, ofd-maker), described as KMS describes them', async () => {
    const seal = await client.send(new DescribeKeyCommand({ KeyId: 'alias/zhengzhao-ofd-seal' }));
    const maker = await client.send(new GetPublicKeyCommand({ KeyId: 'alias/zhengzhao-ofd-maker' }));
    expect(seal.KeyMetadata).toMatchObject({
      KeyId: kms.keys.ofdSeal,
      KeySpec: 'SM2',
      KeyUsage: 'SIGN_VERIFY',
      SigningAlgorithms: ['SM2DSA'],
    });
    expect(maker).toMatchObject({ KeySpec: 'SM2', KeyUsage: 'SIGN_VERIFY', SigningAlgorithms: ['SM2DSA'] });
    expect(maker.KeyId).toContain(kms.keys.ofdMaker);
    expect(decodeSm2Spki(spki)).toHaveLength(65);
    expect(Buffer.from(maker.PublicKey ?? []).equals(spki)).toBe(false);
  });

  it('signs RAW with the default signer ID (SM3(Z‖M) computed by the endpoint), as OpenSSL and we verify', async () => {
    const { Signature } = await sign({});
    const signature = Signature ?? new Uint8Array();
    expect(verifySm2(spki, message, signature)).toBe(true);
    expect(await opensslVerifySm2(toPem('PUBLIC KEY', spki), message, signature)).toBe(true);
    expect(await opensslVerifySm2(toPem('PUBLIC KEY', spki), message, signature, { distid: false })).toBe(
      false,
    );
  });

  it('signs a DIGEST as given (KmsSm2Signer), and Verify agrees for RAW and DIGEST but not for other bytes', async () => {
    const signer = new KmsSm2Signer({ client, keyId: 'alias/zhengzhao-ofd-seal' });
    const long = new Uint8Array(20_000).fill(7);
    const signature = await signer.sign(long);
    expect(verifySm2(spki, long, signature)).toBe(true);
    expect(await opensslVerifySm2(toPem('PUBLIC KEY', spki), long, signature)).toBe(true);
    const digest = sm2SignedDigest(decodeSm2Spki(spki), long);
    const verify = (input: { Message: Uint8Array; MessageType: 'RAW' | 'DIGEST' }) =>
      client.send(
        new VerifyCommand({
          KeyId: kms.keys.ofdSeal,
          SigningAlgorithm: 'SM2DSA',
          Signature: signature,
          ...input,
        }),
      );
    expect((await verify({ Message: digest, MessageType: 'DIGEST' })).SignatureValid).toBe(true);
    const rawSignature = (await sign({})).Signature ?? new Uint8Array();
    const rawVerify = await client.send(
      new VerifyCommand({
        KeyId: 'alias/zhengzhao-ofd-seal',
        SigningAlgorithm: 'SM2DSA',
        Message: message,
        MessageType: 'RAW',
        Signature: rawSignature,
      }),
    );
    expect(rawVerify.SignatureValid).toBe(true);
    digest[0] = (digest[0] ?? 0) ^ 1;
    await expect(verify({ Message: digest, MessageType: 'DIGEST' })).rejects.toMatchObject({
      name: 'KMSInvalidSignatureException',
    });
  });

  it('answers KMS errors: RAW over 4096 bytes, a DIGEST of the wrong length, ECDSA on an SM2 key, SM2DSA on RSA', async () => {
    await expect(sign({ Message: new Uint8Array(4097) })).rejects.toMatchObject({
      name: 'ValidationException',
    });
    await expect(sign({ Message: new Uint8Array(31), MessageType: 'DIGEST' })).rejects.toMatchObject({
      name: 'ValidationException',
    });
    await expect(sign({ SigningAlgorithm: 'ECDSA_SHA_256' })).rejects.toMatchObject({
      name: 'InvalidKeyUsageException',
    });
    await expect(sign({ KeyId: 'alias/zhengzhao-seal' })).rejects.toMatchObject({
      name: 'InvalidKeyUsageException',
    });
  });

  it('keeps the key in an OpenSSL-readable 0600 PEM file and reuses it after a restart', async () => {
    const file = join(keyDir, `${kms.keys.ofdSeal}.pem`);
    const { stat } = await import('node:fs/promises');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const fromOpenssl = await withTempDir(async () => {
      const result = await openssl(['pkey', '-in', file, '-pubout', '-outform', 'DER']);
      expect(result.code).toBe(0);
      return result.stdout;
    });
    expect(fromOpenssl.equals(Buffer.from(spki))).toBe(true);
    // The file is a key on the SM2 curve as OpenSSL reads it (made at run time by the endpoint, never committed).
    const described = await withTempDir(() => openssl(['pkey', '-in', file, '-noout', '-text']));
    expect(described.stdout.toString()).toContain('ASN1 OID: SM2');
    const again = await startKmsEndpoint({ keyDir });
    const other = clientFor(again.endpoint);
    try {
      expect(again.keys.ofdSeal).toBe(kms.keys.ofdSeal);
      const reread = await other.send(new GetPublicKeyCommand({ KeyId: 'alias/zhengzhao-ofd-seal' }));
      expect(Buffer.from(reread.PublicKey ?? []).equals(Buffer.from(spki))).toBe(true);
    } finally {
      other.destroy();
      await again.close();
    }
  });

  it('bootstraps the SM2 chain with scripts/seal-chain.ts bootstrap-sm2 (as on AWS), which OpenSSL verifies', async () => {
    const out = join(keyDir, 'sm2-chain.pem');
    const env = {
      ...process.env,
      KMS_ENDPOINT: kms.endpoint,
      OFD_SEAL_KEY_ID: 'alias/zhengzhao-ofd-seal',
      OFD_MAKER_KEY_ID: 'alias/zhengzhao-ofd-maker',
    };
    await run(process.execPath, ['--import', 'tsx', 'scripts/seal-chain.ts', 'bootstrap-sm2', '--out', out], {
      env,
    });
    const pem = await readFile(out, 'utf8');
    const [seal, root] = fromPem('CERTIFICATE', pem);
    expect(
      Buffer.from(readSm2Certificate(seal ?? new Uint8Array()).subjectPublicKeyInfo).equals(
        Buffer.from(spki),
      ),
    ).toBe(true);
    const rootFile = join(keyDir, 'sm2-root.pem');
    await writeFile(rootFile, toPem('CERTIFICATE', root ?? new Uint8Array()));
    const verified = await openssl([
      'verify',
      '-vfyopt',
      'distid:1234567812345678',
      '-CAfile',
      rootFile,
      out,
    ]);
    expect(verified.output).toMatch(/sm2-chain\.pem: OK/);
    const missing = await run(
      process.execPath,
      ['--import', 'tsx', 'scripts/seal-chain.ts', 'bootstrap-sm2', '--out', out],
      {
        env: { ...env, OFD_MAKER_KEY_ID: '' },
      },
    ).catch((error: { code?: number }) => error);
    expect((missing as { code?: number }).code).toBe(2);
  });

  it('stores the chain and makes every catalogue seal’s SESeal once with bootstrap-sm2 --bucket', async () => {
    // Prepare: a local S3 with the buckets; the script reaches it and the KMS endpoint through their env vars.
    const s3 = await startTestS3();
    try {
      const env = {
        ...process.env,
        KMS_ENDPOINT: kms.endpoint,
        S3_ENDPOINT: s3.endpoint,
        OFD_SEAL_KEY_ID: 'alias/zhengzhao-ofd-seal',
        OFD_MAKER_KEY_ID: 'alias/zhengzhao-ofd-maker',
      };
      const args = [
        '--import',
        'tsx',
        'scripts/seal-chain.ts',
        'bootstrap-sm2',
        '--bucket',
        s3.buckets.licences,
      ];
      // Act: twice — the second run keeps the chain and the seal objects.
      const first = await run(process.execPath, args, { env });
      const second = await run(process.execPath, args, { env });
      // Assess
      const objects = new S3ObjectStore({ client: s3.client, bucket: s3.buckets.licences });
      const chain = fromPem(
        'CERTIFICATE',
        new TextDecoder().decode((await objects.get(SM2_SEAL_CHAIN_KEY)) ?? new Uint8Array()),
      );
      expect(chain).toHaveLength(2);
      const seals = new Set(
        buildCatalogue(catalogueFiles)
          .list()
          .map((i) => `${i.certificate.issuer}|${i.certificate.sealPurpose}`),
      );
      expect(first.stderr.match(/seal object ready/g)).toHaveLength(seals.size);
      expect(second.stderr).toMatch(/a seal chain already exists: kept it/);
      const listed = await s3.client.send(
        new ListObjectsV2Command({ Bucket: s3.buckets.licences, Prefix: 'seals/sm2/' }),
      );
      expect(listed.Contents ?? []).toHaveLength(seals.size);
      const [firstSeal] = listed.Contents ?? [];
      const esl = (await objects.get(firstSeal?.Key ?? '')) ?? new Uint8Array();
      const parsed = await withTempDir(async (dir) => {
        await writeFile(join(dir, 'seal.esl'), esl);
        return openssl(['asn1parse', '-inform', 'DER', '-in', join(dir, 'seal.esl')]);
      });
      expect(parsed.code).toBe(0);
      expect(parsed.output).toMatch(/1\.2\.156\.10197\.1\.501|SM2-with-SM3/);
    } finally {
      await s3.close();
    }
  });
});
