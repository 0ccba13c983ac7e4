import { createHmac } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeKeyCommand,
  GenerateMacCommand,
  InvalidKeyUsageException,
  KMSClient,
  KMSInvalidMacException,
  SignCommand,
  VerifyMacCommand,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KmsEndpoint, startKmsEndpoint } from '../../bin/local/kms-endpoint.js';
import {
  HOLDER_INDEX_LABEL,
  KmsDerivedKeys,
  KmsHolderKeys,
  KmsPageCursors,
} from '../../functions/adapters/kms-mac-keys.js';

const clientFor = (endpoint: string) =>
  new KMSClient({
    endpoint,
    region: 'cn-north-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });

const person = { idType: '111', idNumber: '11010519491231002X' };

describe('local KMS endpoint: the HMAC key, through the real @aws-sdk/client-kms and the real adapter', () => {
  let keyDir: string;
  let kms: KmsEndpoint;
  let client: KMSClient;
  const secret = async () =>
    Buffer.from((await readFile(join(keyDir, `${kms.keys.mac}.hmac`), 'utf8')).trim(), 'base64');

  beforeAll(async () => {
    keyDir = await mkdtemp(join(tmpdir(), 'zz-kms-hmac-'));
    kms = await startKmsEndpoint({ keyDir });
    client = clientFor(kms.endpoint);
  });

  afterAll(async () => {
    client?.destroy();
    await kms?.close();
    if (keyDir) await rm(keyDir, { recursive: true, force: true });
  });

  it('creates an HMAC_256 GENERATE_VERIFY_MAC key on first start, its secret readable by the owner only', async () => {
    // Act
    const { KeyMetadata } = await client.send(new DescribeKeyCommand({ KeyId: 'alias/zhengzhao-mac' }));
    // Assess
    expect(KeyMetadata).toMatchObject({
      KeyId: kms.keys.mac,
      KeySpec: 'HMAC_256',
      KeyUsage: 'GENERATE_VERIFY_MAC',
      MacAlgorithms: ['HMAC_SHA_256'],
    });
    expect((await secret()).length).toBe(32);
    expect((await stat(join(keyDir, `${kms.keys.mac}.hmac`))).mode & 0o777).toBe(0o600);
  });

  it('derives the holder index key with GenerateMac: the adapter’s holder key is HMAC(HMAC(secret, label), id)', async () => {
    // Prepare
    const keys = new KmsHolderKeys({ keys: new KmsDerivedKeys({ client, keyId: 'alias/zhengzhao-mac' }) });
    const indexKey = createHmac('sha256', await secret())
      .update(HOLDER_INDEX_LABEL)
      .digest();
    // Act
    const holderKey = await keys.holderKey(person);
    // Assess
    expect(holderKey).toBe(
      createHmac('sha256', indexKey).update('111:11010519491231002X').digest('base64url'),
    );
  });

  it('verifies a MAC it made and refuses an altered one (VerifyMac)', async () => {
    // Prepare
    const Message = new TextEncoder().encode('zhengzhao');
    const { Mac } = await client.send(
      new GenerateMacCommand({ KeyId: kms.keys.mac, MacAlgorithm: 'HMAC_SHA_256', Message }),
    );
    const altered = Uint8Array.from(Mac ?? []);
    altered[0] = (altered[0] ?? 0) ^ 1;
    // Act
    const valid = await client.send(
      new VerifyMacCommand({ KeyId: kms.keys.mac, MacAlgorithm: 'HMAC_SHA_256', Message, Mac }),
    );
    const invalid = client.send(
      new VerifyMacCommand({ KeyId: kms.keys.mac, MacAlgorithm: 'HMAC_SHA_256', Message, Mac: altered }),
    );
    // Assess
    expect(valid.MacValid).toBe(true);
    await expect(invalid).rejects.toBeInstanceOf(KMSInvalidMacException);
  });

  it('refuses to sign with the HMAC key, to MAC with the seal key, and other MAC algorithms', async () => {
    // Act
    const sign = client.send(
      new SignCommand({
        KeyId: kms.keys.mac,
        Message: new Uint8Array(32),
        MessageType: 'DIGEST',
        SigningAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256',
      }),
    );
    const macWithSeal = client.send(
      new GenerateMacCommand({
        KeyId: kms.keys.seal,
        MacAlgorithm: 'HMAC_SHA_256',
        Message: new Uint8Array(1),
      }),
    );
    const sha512 = client.send(
      new GenerateMacCommand({
        KeyId: kms.keys.mac,
        MacAlgorithm: 'HMAC_SHA_512',
        Message: new Uint8Array(1),
      }),
    );
    // Assess
    await expect(sign).rejects.toBeInstanceOf(InvalidKeyUsageException);
    await expect(macWithSeal).rejects.toBeInstanceOf(InvalidKeyUsageException);
    await expect(sha512).rejects.toBeInstanceOf(InvalidKeyUsageException);
  });

  it('keeps the HMAC key across restarts (same holder keys, cursors still open) and adds it to an older key directory', async () => {
    // Prepare
    const before = await new KmsHolderKeys({
      keys: new KmsDerivedKeys({ client, keyId: 'alias/zhengzhao-mac' }),
    }).holderKey(person);
    const cursor = await new KmsPageCursors({
      keys: new KmsDerivedKeys({ client, keyId: 'alias/zhengzhao-mac' }),
    }).seal('cases|a', 'position');
    const { seal } = kms.keys;
    await kms.close();
    // An older data directory: its key index has no HMAC key yet.
    const index = JSON.parse(await readFile(join(keyDir, 'keys.json'), 'utf8')) as {
      keys: { alias: string }[];
    };
    index.keys = index.keys.filter((key) => key.alias !== 'alias/zhengzhao-mac');
    const restartedOld = join(keyDir, 'keys.json');
    // Act
    kms = await startKmsEndpoint({ keyDir });
    client.destroy();
    client = clientFor(kms.endpoint);
    const derived = new KmsDerivedKeys({ client, keyId: 'alias/zhengzhao-mac' });
    const after = await new KmsHolderKeys({ keys: derived }).holderKey(person);
    const reopened = await new KmsPageCursors({ keys: derived }).open('cases|a', cursor);
    await kms.close();
    await writeFile(restartedOld, JSON.stringify(index));
    kms = await startKmsEndpoint({ keyDir });
    client.destroy();
    client = clientFor(kms.endpoint);
    // Assess
    expect(after).toBe(before);
    expect(reopened).toBe('position');
    expect(kms.keys.seal).toBe(seal);
    expect(kms.keys.mac).not.toBe('');
    const { KeyMetadata } = await client.send(new DescribeKeyCommand({ KeyId: 'alias/zhengzhao-mac' }));
    expect(KeyMetadata?.KeySpec).toBe('HMAC_256');
  });
});
