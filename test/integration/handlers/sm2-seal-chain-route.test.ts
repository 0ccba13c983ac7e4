/**
 * The SM2 seal setting through the real composition (dynalite, s3rver, the local KMS endpoint): a stage without
 * OFD keys answers `/.well-known/seal-certificates-sm2.pem` with 404 OFD_NOT_AVAILABLE and gives no OFD seal
 * keys; a stage with them serves the stored chain and hands the OFD code signers paired with their
 * certificates — and refuses a stored chain made for other keys.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KMSClient } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localKmsClient } from '../../../bin/local/aws-clients.js';
import { type KmsEndpoint, startKmsEndpoint } from '../../../bin/local/kms-endpoint.js';
import { ensureSm2SealChain } from '../../../bin/local/local-sm2-seal-chain.js';
import { S3ObjectStore } from '../../../functions/adapters/s3-object-store.js';
import { SealChainStore, SM2_SEAL_CHAIN_KEY } from '../../../functions/adapters/seal-chain-store.js';
import { type AppDependencies, compose } from '../../../functions/composition.js';
import { loadConfig, storageEnvironment } from '../../../functions/config.js';
import { fromPem } from '../../../functions/core/pki/pem.js';
import { readSm2Certificate, verifySm2 } from '../../../functions/core/sm2/index.js';
import { handlerModules } from '../../../functions/handlers/index.js';
import { createHttpHandler } from '../../../functions/http/handler.js';
import type { Context } from '../../../functions/http/types.js';
import { allParts } from '../../../functions/parts/all.js';
import { FixedClock, gatewayEvent, MemoryLogger } from '../../support/fakes.js';
import { makeTestSm2Chain } from '../../support/sm2.js';
import { startTestDynamo, startTestS3, type TestDynamo, type TestS3 } from '../../support/storage.js';

let dynamo: TestDynamo;
let s3: TestS3;
let kms: KmsEndpoint;
let keyDir: string;
let kmsClient: KMSClient;
const clock = new FixedClock();

beforeAll(async () => {
  keyDir = await mkdtemp(join(tmpdir(), 'zz-sm2-route-'));
  [dynamo, s3, kms] = await Promise.all([startTestDynamo(), startTestS3(), startKmsEndpoint({ keyDir })]);
  kmsClient = localKmsClient(kms.endpoint);
});
afterAll(async () => {
  kmsClient?.destroy();
  await Promise.all([dynamo?.close(), s3?.close(), kms?.close()]);
  if (keyDir) await rm(keyDir, { recursive: true, force: true });
});

function app(ofd: boolean): {
  deps: AppDependencies;
  get: (path: string) => Promise<{ status: number; body: string }>;
} {
  const config = loadConfig({
    PUBLIC_BASE_URL: 'https://zz.test/',
    KMS_ENDPOINT: kms.endpoint,
    ...(ofd
      ? { OFD_SEAL_KEY_ID: 'alias/zhengzhao-ofd-seal', OFD_MAKER_KEY_ID: 'alias/zhengzhao-ofd-maker' }
      : {}),
    ...storageEnvironment(dynamo.tables, s3.buckets),
  });
  const deps = compose(
    config,
    { dynamo: dynamo.client, s3: s3.client, kms: kmsClient, clock, logger: new MemoryLogger() },
    allParts,
  );
  const module = handlerModules.find((m) => m.name === 'public');
  if (!module) throw new Error('no public handler module');
  const handler = createHttpHandler(module.routes, deps, deps.http);
  return {
    deps,
    get: async (path) => {
      const result = await handler(gatewayEvent({ path }), {} as Context);
      return { status: result.statusCode ?? 0, body: result.body ?? '' };
    },
  };
}

describe('the SM2 seal setting', () => {
  it('refuses both keys half-set: OFD_SEAL_KEY_ID without OFD_MAKER_KEY_ID is a configuration error', () => {
    expect(() =>
      loadConfig({
        PUBLIC_BASE_URL: 'https://zz.test/',
        OFD_SEAL_KEY_ID: 'alias/zhengzhao-ofd-seal',
        ...storageEnvironment(dynamo.tables, s3.buckets),
      }),
    ).toThrow(/OFD_MAKER_KEY_ID/);
  });

  it('without OFD keys: 404 OFD_NOT_AVAILABLE in the one error shape, and no seal keys for the OFD code', async () => {
    const { deps, get } = app(false);
    const reply = await get('/.well-known/seal-certificates-sm2.pem');
    expect(reply.status).toBe(404);
    expect(JSON.parse(reply.body)).toMatchObject({ error: { code: 'OFD_NOT_AVAILABLE' } });
    expect(await deps.ofdSealKeys()).toBeUndefined();
  });

  it('with OFD keys: serves the stored chain and pairs each KMS signer with its certificate', async () => {
    expect(await ensureSm2SealChain(kms, s3.client, s3.buckets.licences, clock)).toBe('CREATED');
    const { deps, get } = app(true);
    const reply = await get('/.well-known/seal-certificates-sm2.pem');
    expect(reply.status).toBe(200);
    const chain = fromPem('CERTIFICATE', reply.body);
    expect(chain).toHaveLength(2);
    const keys = await deps.ofdSealKeys();
    if (!keys) throw new Error('expected OFD seal keys');
    expect(Buffer.from(keys.seal.certificate).equals(Buffer.from(chain[0] ?? []))).toBe(true);
    expect(Buffer.from(keys.maker.certificate).equals(Buffer.from(chain[1] ?? []))).toBe(true);
    const message = new TextEncoder().encode('TBS_Sign');
    expect(verifySm2(await keys.seal.signer.publicKey(), message, await keys.seal.signer.sign(message))).toBe(
      true,
    );
    expect(
      verifySm2(await keys.maker.signer.publicKey(), message, await keys.maker.signer.sign(message)),
    ).toBe(true);
    expect(await ensureSm2SealChain(kms, s3.client, s3.buckets.licences, clock)).toBe('KEPT');
  });

  it('refuses a stored chain that certifies other keys', async () => {
    const store = new SealChainStore({
      objects: new S3ObjectStore({ client: s3.client, bucket: s3.buckets.licences }),
      key: SM2_SEAL_CHAIN_KEY,
    });
    const foreign = await makeTestSm2Chain({ now: clock.now() });
    await store.replace([foreign.seal.certificate, foreign.maker.certificate]);
    const { deps } = app(true);
    await expect(deps.ofdSealKeys()).rejects.toThrow(/does not certify the OFD seal key/);
  });

  it('issues the local chain again for its own keys, and reaching back when the clock lies before it', async () => {
    // The stored chain is the foreign one above: issued again for the endpoint's keys.
    expect(await ensureSm2SealChain(kms, s3.client, s3.buckets.licences, clock)).toBe('REISSUED');
    expect(await app(true).deps.ofdSealKeys()).toBeDefined();
    // Prepare: a runtime clock (NOW) before the stored chain.
    const past = new FixedClock('2025-06-01T00:00:00Z');
    // Act
    const outcome = await ensureSm2SealChain(kms, s3.client, s3.buckets.licences, past);
    // Assess: a chain of the endpoint's keys valid at that time, which the OFD code accepts again.
    expect(outcome).toBe('REISSUED');
    const { deps, get } = app(true);
    const [seal] = fromPem('CERTIFICATE', (await get('/.well-known/seal-certificates-sm2.pem')).body);
    expect(readSm2Certificate(seal ?? new Uint8Array()).notBefore.getTime()).toBeLessThanOrEqual(
      past.now().getTime(),
    );
    expect(await deps.ofdSealKeys()).toBeDefined();
    expect(await ensureSm2SealChain(kms, s3.client, s3.buckets.licences, past)).toBe('KEPT');
  });
});
