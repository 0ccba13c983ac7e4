/**
 * Authentication of upstream clients: a missing, malformed or unknown key is 401 and the refusal is
 * recorded (with a fingerprint that does not reveal the key); a known key yields its client.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DomainError } from '../../../functions/core/errors.js';
import {
  authenticateClient,
  hashApiKey,
  type RefusedAuthentication,
} from '../../../functions/http/authenticate.js';
import type { ApiClient } from '../../../functions/http/types.js';
import { MemoryApiClientStore } from '../../support/fakes.js';

const key = 'zz_live_0123456789abcdefghijklmnop';
const client: ApiClient = {
  clientId: 'c1',
  name: '交通厅审批系统',
  serviceItems: ['*'],
  departments: ['交通运输'],
};

async function attempt(authorization: string | undefined) {
  const store = new MemoryApiClientStore();
  await store.save(hashApiKey(key), client);
  const refusals: RefusedAuthentication[] = [];
  const outcome = await authenticateClient(authorization, store, async (r) => {
    refusals.push(r);
  }).then(
    (c): { client?: ApiClient; error?: DomainError } => ({ client: c }),
    (e: unknown) => ({ error: e as DomainError }),
  );
  return { ...outcome, refusals, store };
}

describe('authenticateClient', () => {
  it('returns the client of a known Bearer key and records no refusal', async () => {
    // Act
    const result = await attempt(`Bearer ${key}`);

    // Assess
    expect(result).toMatchObject({ client, refusals: [] });
  });

  it('refuses a missing header with 401 and records MISSING without a store lookup', async () => {
    // Act
    const result = await attempt(undefined);

    // Assess
    expect(result.error).toMatchObject({ kind: 'UNAUTHENTICATED', code: 'UNAUTHENTICATED' });
    expect(result.refusals).toEqual([{ reason: 'MISSING' }]);
    expect(result.store.lookups).toBe(0);
  });

  it.each([
    ['another scheme', `Basic ${key}`],
    ['a short key', 'Bearer short'],
    ['a key with spaces', `Bearer ${key} extra`],
    ['a lower-case scheme', `bearer ${key}`],
  ])('refuses %s as MALFORMED', async (_label, header) => {
    // Act
    const result = await attempt(header);

    // Assess
    expect(result.error?.code).toBe('UNAUTHENTICATED');
    expect(result.refusals).toEqual([{ reason: 'MALFORMED' }]);
    expect(result.store.lookups).toBe(0);
  });

  it('refuses an unknown key with a 12-character fingerprint of its hash, never the key itself', async () => {
    fc.assert(
      fc.asyncProperty(fc.stringMatching(/^[A-Za-z0-9._~+/=-]{16,64}$/), async (wrong) => {
        fc.pre(wrong !== key);
        const result = await attempt(`Bearer ${wrong}`);
        const [refusal] = result.refusals;
        return (
          result.error?.code === 'UNAUTHENTICATED' &&
          refusal?.reason === 'UNKNOWN_KEY' &&
          refusal.keyFingerprint === hashApiKey(wrong).slice(0, 12) &&
          !JSON.stringify(result.refusals).includes(wrong)
        );
      }),
      { numRuns: 50 },
    );
  });
});
