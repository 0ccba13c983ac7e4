/**
 * DynamoApiClientStore against dynalite: lookup by key hash, unknown and disabled clients, and the
 * in-process cache with an injected clock (a change made behind the cache shows once it lapses).
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoApiClientStore } from '../../../functions/adapters/dynamodb-api-client-store.js';
import { hashApiKey } from '../../../functions/http/authenticate.js';
import type { ApiClient } from '../../../functions/http/types.js';
import { startTestDynamo, type TestDynamo } from '../../support/storage.js';

let dynamo: TestDynamo;
beforeAll(async () => {
  dynamo = await startTestDynamo();
});
afterAll(async () => dynamo?.close());

const client: ApiClient = {
  clientId: 'transport-dept',
  name: '交通运输厅审批系统',
  serviceItems: ['TRANSPORT_OVERSIZE_PERMIT'],
  departments: ['交通运输'],
};

function storeWithClock(cacheMs = 60_000) {
  let now = 1_000_000;
  const store = new DynamoApiClientStore({
    client: dynamo.doc,
    tableName: dynamo.tables.apiClients,
    cacheMs,
    now: () => now,
  });
  return { store, advance: (ms: number) => (now += ms) };
}

const disable = (keyHash: string) =>
  dynamo.doc.send(
    new UpdateCommand({
      TableName: dynamo.tables.apiClients,
      Key: { keyHash },
      UpdateExpression: 'SET disabled = :t',
      ExpressionAttributeValues: { ':t': true },
    }),
  );

describe('DynamoApiClientStore', () => {
  it('finds a saved client by the hash of its key and stores no key', async () => {
    // Prepare
    const { store } = storeWithClock();
    const keyHash = hashApiKey('zz_key_saved_0123456789');

    // Act
    await store.save(keyHash, client);
    const found = await store.findByKeyHash(keyHash);

    // Assess
    expect(found).toEqual(client);
  });

  it('answers undefined for an unknown hash', async () => {
    const { store } = storeWithClock();
    expect(await store.findByKeyHash(hashApiKey('zz_key_never_saved_000'))).toBeUndefined();
  });

  it('treats a disabled client as unknown', async () => {
    // Prepare
    const { store } = storeWithClock();
    const keyHash = hashApiKey('zz_key_disabled_0123456');
    await store.save(keyHash, client);
    await disable(keyHash);

    // Act
    const found = await store.findByKeyHash(keyHash);

    // Assess
    expect(found).toBeUndefined();
  });

  it('serves a looked-up client from its cache until cacheMs has passed, then reads again', async () => {
    // Prepare
    const { store, advance } = storeWithClock(60_000);
    const keyHash = hashApiKey('zz_key_cached_012345678');
    await store.save(keyHash, client);
    await store.findByKeyHash(keyHash);
    await disable(keyHash);

    // Act
    advance(59_999);
    const stillCached = await store.findByKeyHash(keyHash);
    advance(1);
    const reread = await store.findByKeyHash(keyHash);

    // Assess
    expect(stillCached).toEqual(client);
    expect(reread).toBeUndefined();
  });

  it('caches an unknown key too, and forgets it when a client is saved under it', async () => {
    // Prepare
    const { store } = storeWithClock();
    const other = storeWithClock().store;
    const keyHash = hashApiKey('zz_key_later_0123456789');
    await store.findByKeyHash(keyHash);

    // Act
    await other.save(keyHash, client);
    const viaStaleCache = await store.findByKeyHash(keyHash);
    await store.save(keyHash, client);
    const afterOwnSave = await store.findByKeyHash(keyHash);

    // Assess
    expect(viaStaleCache).toBeUndefined();
    expect(afterOwnSave).toEqual(client);
  });
});
