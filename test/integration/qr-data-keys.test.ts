/**
 * The licence QR's data keys, through the real @aws-sdk/client-kms against the local KMS endpoint and S3
 * against s3rver: KMS makes a P-256 pair per period under the wrapping key (its private key stored only
 * encrypted), each process decrypts it once and signs in memory — no KMS Sign per licence; racing processes
 * sign with the one key published; the key set keeps the KMS key and every period's key; the wrapped key
 * decrypts under its own encryption context only.
 */
import { createPublicKey, verify } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DecryptCommand, GenerateDataKeyPairWithoutPlaintextCommand, KMSClient } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KmsEndpoint, startKmsEndpoint } from '../../bin/local/kms-endpoint.js';
import {
  DataKeyEs256Signer,
  QR_KEY_PURPOSE,
  QR_KEYS_PREFIX,
} from '../../functions/adapters/data-key-es256-signer.js';
import { KmsEs256Signer } from '../../functions/adapters/kms-es256-signer.js';
import { S3ObjectStore } from '../../functions/adapters/s3-object-store.js';
import type { Es256PublicJwk } from '../../functions/ports/token-signer.js';
import { startTestS3, type TestS3 } from '../support/storage.js';

let keyDir: string;
let kms: KmsEndpoint;
let s3: TestS3;
let client: KMSClient;
const sent: string[] = [];

/** A KMS client that records the operations it sends. */
const countingClient = () =>
  ({
    send: (command: { constructor: { name: string } }) => {
      sent.push(command.constructor.name.replace(/Command$/, ''));
      return client.send(command as never);
    },
  }) as unknown as KMSClient;

beforeAll(async () => {
  keyDir = await mkdtemp(join(tmpdir(), 'zz-qr-keys-'));
  [kms, s3] = await Promise.all([startKmsEndpoint({ keyDir }), startTestS3()]);
  client = new KMSClient({
    endpoint: kms.endpoint,
    region: 'cn-north-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
});
afterAll(async () => {
  client?.destroy();
  await Promise.allSettled([kms?.close(), s3?.close()]);
  await rm(keyDir, { recursive: true, force: true });
});

const DAY = 86_400_000;
const signerAt = (now: { t: number }) =>
  new DataKeyEs256Signer({
    client: countingClient(),
    wrapKeyId: kms.keys.qrWrap,
    objects: new S3ObjectStore({ client: s3.client, bucket: s3.buckets.licences }),
    clock: { now: () => new Date(now.t) },
    legacy: new KmsEs256Signer({ client, keyId: kms.keys.qr }),
    keySetTtlMs: 0,
  });
const verifies = (jwk: Es256PublicJwk, message: Uint8Array, signature: Uint8Array) =>
  verify(
    'sha256',
    message,
    { key: createPublicKey({ key: { ...jwk }, format: 'jwk' }), dsaEncoding: 'ieee-p1363' },
    signature,
  );

describe('DataKeyEs256Signer', () => {
  const now = { t: Date.parse('2026-03-01T00:00:00Z') };

  it('signs many licences with one Decrypt and no KMS Sign; racing processes sign with the one key published', async () => {
    // Prepare: two processes starting at once in the same period.
    sent.length = 0;
    const [a, b] = [signerAt(now), signerAt(now)];
    const message = new TextEncoder().encode('ZZ1 payload');
    // Act
    const signatures = await Promise.all([
      ...Array.from({ length: 20 }, () => a.sign(message)),
      ...Array.from({ length: 20 }, () => b.sign(message)),
    ]);
    const [jwkA, jwkB] = await Promise.all([a.publicJwk(), b.publicJwk()]);
    // Assess
    expect(jwkA.kid).toBe(jwkB.kid);
    expect(signatures.every((sig) => sig.length === 64 && verifies(jwkA, message, sig))).toBe(true);
    expect(sent.filter((op) => op === 'Sign')).toEqual([]);
    expect(sent.filter((op) => op === 'Decrypt')).toHaveLength(2);
    expect(sent.filter((op) => op === 'GenerateDataKeyPairWithoutPlaintext').length).toBeLessThanOrEqual(2);
  });

  it('keeps only the encrypted private key in the bucket', async () => {
    const objects = new S3ObjectStore({ client: s3.client, bucket: s3.buckets.licences });
    const period = Math.floor(now.t / (30 * DAY));
    const stored = JSON.parse(
      Buffer.from((await objects.get(`${QR_KEYS_PREFIX}${period}.json`)) ?? []).toString('utf8'),
    );
    expect(Object.keys(stored).sort()).toEqual(['createdAt', 'period', 'privateKeyCiphertext', 'publicKey']);
    // The ciphertext opens only under its own encryption context.
    const blob = Buffer.from(stored.privateKeyCiphertext, 'base64');
    await expect(
      client.send(
        new DecryptCommand({
          CiphertextBlob: blob,
          EncryptionContext: { purpose: QR_KEY_PURPOSE, period: String(period + 1) },
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidCiphertextException' });
  });

  it('takes a new key in the next period and publishes the KMS key and every period key', async () => {
    // Prepare
    const signer = signerAt(now);
    const first = await signer.publicJwk();
    const later = { t: now.t + 31 * DAY };
    const next = signerAt(later);
    // Act
    const second = await next.publicJwk();
    const set = await next.publicJwks();
    // Assess
    expect(second.kid).not.toBe(first.kid);
    const legacy = await new KmsEs256Signer({ client, keyId: kms.keys.qr }).publicJwk();
    expect(set.map((k) => k.kid)).toEqual([legacy.kid, first.kid, second.kid]);
  });

  it('refuses a key pair spec the endpoint does not make, and a ciphertext under another key', async () => {
    await expect(
      client.send(
        new GenerateDataKeyPairWithoutPlaintextCommand({ KeyId: kms.keys.qrWrap, KeyPairSpec: 'RSA_2048' }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(
      client.send(
        new GenerateDataKeyPairWithoutPlaintextCommand({ KeyId: kms.keys.qr, KeyPairSpec: 'ECC_NIST_P256' }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidKeyUsageException' });
  });
});
