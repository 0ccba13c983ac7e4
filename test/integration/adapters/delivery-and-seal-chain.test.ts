/**
 * DynamoSmsLinkStore (dynalite), OutboxSmsSender (a temp file) and SealChainStore (s3rver) through the real
 * clients: links keyed by token hash and never overwritten, the local outbox, and the seal chain written once.
 */
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoSmsLinkStore } from '../../../functions/adapters/dynamodb-sms-link-store.js';
import { OutboxSmsSender } from '../../../functions/adapters/outbox-sms-sender.js';
import { S3ObjectStore } from '../../../functions/adapters/s3-object-store.js';
import { SEAL_CHAIN_KEY, SealChainStore } from '../../../functions/adapters/seal-chain-store.js';
import { hashToken } from '../../../functions/core/delivery/sms-links.js';
import { bootstrapSealChain } from '../../../functions/core/pki/seal-chain.js';
import type { SmsLink } from '../../../functions/ports/sms-link-store.js';
import { FixedClock, SequenceRandom } from '../../support/fakes.js';
import { startTestDynamo, startTestS3, type TestDynamo, type TestS3 } from '../../support/storage.js';
import { createCryptoSigner } from '../../unit/pki/crypto-signer.js';

let dynamo: TestDynamo;
let s3: TestS3;
let directory: string;

beforeAll(async () => {
  [dynamo, s3] = await Promise.all([startTestDynamo(), startTestS3()]);
  directory = await mkdtemp(join(tmpdir(), 'zz-outbox-'));
});
afterAll(async () => {
  await Promise.all([dynamo?.close(), s3?.close(), rm(directory, { recursive: true, force: true })]);
});

const link = (token: string): SmsLink => ({
  tokenHash: hashToken(token),
  certificateId: 'CERT-1',
  clientId: 'client-1',
  mobileMasked: '139****5678',
  createdAt: '2026-03-26T08:00:00.000Z',
  expiresAt: '2026-04-25T08:00:00.000Z',
  expiresAtEpoch: Math.floor(Date.parse('2026-04-25T08:00:00.000Z') / 1000),
});

describe('DynamoSmsLinkStore', () => {
  it('stores a link under its token hash and reads it back', async () => {
    // Prepare
    const store = new DynamoSmsLinkStore({ client: dynamo.doc, tableName: dynamo.tables.smsLinks });
    const stored = link('token-aaaaaaaaaaaaaaaa');

    // Act
    await store.put(stored);

    // Assess
    expect(await store.get(stored.tokenHash)).toEqual(stored);
    expect(await store.get(hashToken('token-unknown-bbbbbbbb'))).toBeUndefined();
  });

  it('never overwrites an existing link with the same token hash', async () => {
    // Prepare
    const store = new DynamoSmsLinkStore({ client: dynamo.doc, tableName: dynamo.tables.smsLinks });
    const first = link('token-cccccccccccccccc');
    await store.put(first);

    // Act
    const error = await store.put({ ...first, certificateId: 'CERT-OTHER' }).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(Error);
    expect((await store.get(first.tokenHash))?.certificateId).toBe('CERT-1');
  });
});

describe('OutboxSmsSender', () => {
  it('appends each message to a private JSON-lines file and lists them oldest first', async () => {
    // Prepare
    const file = join(directory, 'outbox.jsonl');
    const clock = new FixedClock('2026-03-26T08:00:00Z');
    const sender = new OutboxSmsSender({ file, now: () => clock.now() });

    // Act
    const first = await sender.send({
      to: '13912345678',
      body: '【湘证照】证照已签发：https://zz.test/s/a',
      link: 'https://zz.test/s/a',
    });
    clock.advance(1000);
    const second = await sender.send({ to: '13800138000', body: 'second' });
    const listed = await sender.list();

    // Assess
    expect(first.messageId).not.toBe(second.messageId);
    expect(listed).toEqual([
      {
        messageId: first.messageId,
        to: '13912345678',
        body: '【湘证照】证照已签发：https://zz.test/s/a',
        link: 'https://zz.test/s/a',
        sentAt: '2026-03-26T08:00:00.000Z',
      },
      { messageId: second.messageId, to: '13800138000', body: 'second', sentAt: '2026-03-26T08:00:01.000Z' },
    ]);
    expect((await readFile(file, 'utf8')).trim().split('\n')).toHaveLength(2);
    expect((await stat(file)).mode & 0o077).toBe(0);
  });

  it('lists nothing before the first message', async () => {
    const sender = new OutboxSmsSender({
      file: join(directory, 'never-written.jsonl'),
      now: () => new Date(0),
    });
    expect(await sender.list()).toEqual([]);
  });
});

describe('SealChainStore', () => {
  it('saves the chain once, keeps it against a second save and round-trips it as DER and PEM', async () => {
    // Prepare
    const objects = new S3ObjectStore({ client: s3.client, bucket: s3.buckets.licences });
    const clock = new FixedClock('2026-03-26T08:00:00Z');
    const options = { clock, random: new SequenceRandom(), authorityName: '湖南省行政审批局' };
    const signers = { rootSigner: createCryptoSigner(), sealSigner: createCryptoSigner() };
    const chain = await bootstrapSealChain({ ...options, ...signers });
    // Same keys, new serials: a second first start that raced this one.
    const rival = await bootstrapSealChain({ ...options, ...signers });
    const writer = new SealChainStore({ objects });
    const reader = new SealChainStore({ objects });
    const before = await reader.exists();

    // Act
    const saved = await writer.save([chain.seal, chain.root]);
    const savedAgain = await new SealChainStore({ objects }).save([rival.seal, rival.root]);
    const loaded = await reader.load();
    const pem = await reader.pem();

    // Assess
    expect([before, saved, savedAgain, await reader.exists()]).toEqual([false, true, false, true]);
    expect(loaded.map((der) => Buffer.from(der).toString('hex'))).toEqual(
      [chain.seal, chain.root].map((der) => Buffer.from(der).toString('hex')),
    );
    expect(pem.match(/-----BEGIN CERTIFICATE-----/g)).toHaveLength(2);
    const [seal, root] = loaded.map((der) => new X509Certificate(der));
    expect(seal?.checkIssued(root as X509Certificate)).toBe(true);
    expect(new TextDecoder().decode(await objects.get(SEAL_CHAIN_KEY))).toBe(pem);
  });

  it('fails to load before a chain exists, and loads once one is saved', async () => {
    // Prepare
    const objects = new S3ObjectStore({ client: s3.client, bucket: s3.buckets.materials });
    const store = new SealChainStore({ objects });

    // Act
    const early = await store.load().catch((e: unknown) => e);
    await store.save([new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01])]);
    const later = await store.load();

    // Assess
    expect(String(early)).toMatch(/no seal certificate chain/);
    expect(later).toEqual([new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01])]);
  });
});
