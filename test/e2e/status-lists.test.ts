/**
 * Token status lists end to end over the local runtime (ttl 1 s, so a change shows on the next fetch after
 * a second): issue → `Certificate.statusList` → fetch the list → verify the ES256 signature independently
 * (node:crypto with the published JWK) → decode: 0; revoke → 1; suspend another → 2; reinstate → 0. A
 * token is cached for what remains of its ttl and no longer.
 */
import { createPublicKey, verify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractFetch } from '../support/contract.js';
import { approvedMedicalCase } from '../support/e2e-flows.js';
import { apiClient, type RunningRuntime, startRuntime } from '../support/local-runtime.js';

let runtime: RunningRuntime;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  runtime = await startRuntime({ env: { STATUS_LIST_TTL_SECONDS: '1' } });
  api = apiClient(runtime.url, runtime.apiKey);
});
afterAll(async () => {
  await runtime?.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Fetch a list, check its signature with the published key, and return its claims and decoded entries. */
async function fetchList(uri: string) {
  const res = await contractFetch(uri, { headers: { accept: 'application/statuslist+jwt' } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/statuslist+jwt');
  const cache = res.headers.get('cache-control') ?? '';
  const token = await res.text();
  const [h = '', p = '', s = ''] = token.split('.');
  const header = JSON.parse(Buffer.from(h, 'base64url').toString());
  const keys = await (await contractFetch(`${runtime.url}/.well-known/status-list-keys.json`)).json();
  const jwk = keys.keys.find((k: { kid: string }) => k.kid === header.kid);
  expect(header).toMatchObject({ alg: 'ES256', typ: 'statuslist+jwt' });
  const key = createPublicKey({ key: jwk, format: 'jwk' });
  const valid = verify(
    'sha256',
    Buffer.from(`${h}.${p}`),
    { key, dsaEncoding: 'ieee-p1363' },
    Buffer.from(s, 'base64url'),
  );
  expect(valid).toBe(true);
  const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
  // Decoded here with node:zlib, independently of the library that encoded it.
  const { inflateSync } = await import('node:zlib');
  const bytes = inflateSync(Buffer.from(payload.status_list.lst, 'base64url'));
  const entry = (idx: number) => ((bytes[Math.floor(idx / 4)] ?? 0) >> (2 * (idx % 4))) & 3;
  return { payload, cache, entry, bytes };
}

describe('token status lists over HTTP', () => {
  it('publishes each licence status — valid, revoked, suspended, reinstated — within the ttl', async () => {
    // Prepare: three licences.
    const caseId = await approvedMedicalCase(api, 3);
    const issued = await api('POST', `/v1/cases/${caseId}/certificates`, { json: {} });
    expect(issued.status, issued.text).toBe(201);
    const [a, b, c] = issued.body.certificates as Array<{
      certificateId: string;
      statusList: { uri: string; idx: number };
    }>;
    if (!a || !b || !c) throw new Error('three licences expected');
    expect(a.statusList.uri).toBe(`${runtime.url}/status-lists/0`);
    expect(new Set([a, b, c].map((l) => l.statusList.idx)).size).toBe(3);
    // The licence as read back carries the same entry.
    const read = await api('GET', `/v1/certificates/${a.certificateId}`);
    expect(read.body.statusList).toEqual(a.statusList);

    // Act + Assess: all valid, in a list of 2^20 entries.
    const first = await fetchList(a.statusList.uri);
    expect(first.payload).toMatchObject({ sub: a.statusList.uri, ttl: 1, status_list: { bits: 2 } });
    expect(first.payload.exp - first.payload.iat).toBe(86_400);
    expect(first.bytes.length).toBe(2 ** 18);
    expect(first.cache).toMatch(/^public, max-age=[01], s-maxage=[01]$/);
    expect([a, b, c].map((l) => first.entry(l.statusList.idx))).toEqual([0, 0, 0]);

    // Revoke a, suspend b.
    expect(
      (await api('POST', `/v1/certificates/${a.certificateId}/revoke`, { json: { reason: '注销' } })).status,
    ).toBe(200);
    expect(
      (await api('POST', `/v1/certificates/${b.certificateId}/suspend`, { json: { reason: '整改' } })).status,
    ).toBe(200);
    await sleep(1_100);
    const changed = await fetchList(a.statusList.uri);
    expect([a, b, c].map((l) => changed.entry(l.statusList.idx))).toEqual([1, 2, 0]);

    // Reinstate b.
    expect(
      (await api('POST', `/v1/certificates/${b.certificateId}/reinstate`, { json: { reason: '整改完成' } }))
        .status,
    ).toBe(200);
    await sleep(1_100);
    const reinstated = await fetchList(a.statusList.uri);
    expect([a, b, c].map((l) => reinstated.entry(l.statusList.idx))).toEqual([1, 0, 0]);
  });

  it('answers 404 STATUS_LIST_NOT_FOUND for a list no licence is in', async () => {
    const res = await api('GET', '/status-lists/7');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('STATUS_LIST_NOT_FOUND');
    expect((await api('GET', '/status-lists/00')).status).toBe(404);
  });
});
