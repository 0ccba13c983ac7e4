/**
 * Serving status lists on fakes: a token is kept until it is ttl old and then built afresh from the entries,
 * its max-age is what remains of the ttl, one build serves concurrent requests, lists past the position
 * counter and non-canonical ids are 404; and issuance on fakes gives every licence its own entry — also under
 * concurrent batches and across a list's end — and a reissue a new one.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { getListFromStatusListJWT } from '@sd-jwt/jwt-status-list';
import { describe, expect, it } from 'vitest';
import { derToRawSignature } from '../../../functions/adapters/kms-es256-signer.js';
import { issueCertificates } from '../../../functions/core/certificates/issue-certificates.js';
import { reissueCertificate } from '../../../functions/core/certificates/lifecycle.js';
import type { DomainError } from '../../../functions/core/errors.js';
import { STATUS_POSITION_COUNTER, statusValueOf } from '../../../functions/core/status-lists/status-list.js';
import { createStatusListService } from '../../../functions/core/status-lists/status-list-service.js';
import type { JwsSigner, StatusListEntry } from '../../../functions/ports/status-lists.js';
import { approvedCaseRecord, medicalForm } from '../../fixtures/cases.js';
import { allowAll, FixedClock, MemoryCounters, memoryIssuanceDependencies } from '../../support/fakes.js';

function countingSigner(): JwsSigner & { calls: number } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const signer = {
    algorithm: 'ES256' as const,
    calls: 0,
    sign: async (input: Uint8Array) => {
      signer.calls++;
      return derToRawSignature(sign('sha256', input, privateKey));
    },
    publicKey: async () => publicKey.export({ type: 'spki', format: 'der' }),
  };
  return signer;
}

function service(taken = 10) {
  const entries: StatusListEntry[] = [];
  const counters = new MemoryCounters();
  counters.values.set(STATUS_POSITION_COUNTER, taken);
  const clock = new FixedClock('2026-12-06T12:00:00Z');
  const signer = countingSigner();
  const lists = createStatusListService({
    entries: { listStatusEntries: async (listId) => (listId === '0' ? [...entries] : []) },
    counters,
    signer,
    clock,
    publicBaseUrl: 'https://zz.test',
    ttlSeconds: 300,
    validitySeconds: 86_400,
    size: 8,
  });
  return { lists, entries, counters, clock, signer };
}

const statusesOf = (token: string) => getListFromStatusListJWT(token).statusList.slice(0, 8);

describe('createStatusListService', () => {
  it('serves one token until it is ttl old, then one built from the current entries', async () => {
    // Prepare
    const { lists, entries, clock, signer } = service();

    // Act
    const first = await lists.token('0');
    entries.push({ idx: 3, value: 1 });
    clock.advance(299_000);
    const cached = await lists.token('0');
    clock.advance(1_000);
    const fresh = await lists.token('0');

    // Assess
    expect(first.maxAgeSeconds).toBe(300);
    expect(cached).toEqual({ token: first.token, maxAgeSeconds: 1 });
    expect(statusesOf(cached.token)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(statusesOf(fresh.token)).toEqual([0, 0, 0, 1, 0, 0, 0, 0]);
    expect(fresh.maxAgeSeconds).toBe(300);
    expect(signer.calls).toBe(2);
  });

  it('builds once for concurrent requests', async () => {
    const { lists, signer } = service();
    const served = await Promise.all(Array.from({ length: 10 }, () => lists.token('0')));
    expect(new Set(served.map((s) => s.token)).size).toBe(1);
    expect(signer.calls).toBe(1);
  });

  it('answers 404 STATUS_LIST_NOT_FOUND past the counter and for non-canonical ids', async () => {
    // 10 positions taken in lists of 8: lists 0 and 1 exist.
    const { lists } = service(10);
    await expect(lists.token('1')).resolves.toBeDefined();
    for (const id of ['2', '01', '-1', 'x', '1e3', ''])
      await expect(lists.token(id)).rejects.toMatchObject({ code: 'STATUS_LIST_NOT_FOUND' });
  });

  it('publishes the key as a JWK Set whose kid the tokens carry', async () => {
    const { lists } = service();
    const { keys } = await lists.keys();
    const { token } = await lists.token('0');
    const header = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString());
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', use: 'sig', alg: 'ES256', kid: header.kid });
  });
});

describe('statusValueOf', () => {
  it('maps the ledger statuses to the draft status types', () => {
    expect(
      ['PENDING', 'VALID', 'EXPIRED', 'REVOKED', 'SUPERSEDED', 'SUSPENDED'].map((s) =>
        statusValueOf(s as never),
      ),
    ).toEqual([0, 0, 0, 1, 1, 2]);
  });
});

describe('status-list entries at issuance', () => {
  function storeCases(deps: ReturnType<typeof memoryIssuanceDependencies>, n: number): string[] {
    const now = deps.clock.now().toISOString();
    return Array.from({ length: n }, (_, i) => {
      const record = approvedCaseRecord(`CASE-${i + 1}`, allowAll.clientId, now, { form: medicalForm(3) });
      deps.cases.records.set(record.caseId, record);
      return record.caseId;
    });
  }

  it('gives each licence of concurrent batches its own entry, across the end of a list', async () => {
    // Prepare: lists of 4 entries, 6 cases of 3 licences each issued at once.
    const deps = memoryIssuanceDependencies({ statusListSize: 4 });
    const caseIds = storeCases(deps, 6);

    // Act
    const batches = await Promise.all(caseIds.map((id) => issueCertificates(deps, allowAll, id, {})));

    // Assess
    const views = batches.flat();
    const places = views.map((v) => `${v.statusList?.uri}#${v.statusList?.idx}`);
    expect(new Set(places).size).toBe(18);
    expect(new Set(views.map((v) => v.statusList?.uri))).toEqual(
      new Set(['0', '1', '2', '3', '4'].map((l) => `https://zz.test/status-lists/${l}`)),
    );
    expect(views.every((v) => (v.statusList?.idx ?? 9) < 4)).toBe(true);
    // The ledger holds the same entry as the view, and the case's batch fixed it before sealing.
    for (const view of views) {
      const stored = deps.ledger.records.get(view.certificateId);
      expect(`https://zz.test/status-lists/${stored?.statusList?.listId}`).toBe(view.statusList?.uri);
      expect(stored?.statusList?.idx).toBe(view.statusList?.idx);
    }
    expect(deps.counters.values.get(STATUS_POSITION_COUNTER)).toBe(18);
  });

  it('keeps the entries of a resumed batch (no second block) and gives a reissue a new one', async () => {
    // Prepare: the second seal fails, the retry of the same request resumes the batch.
    const deps = memoryIssuanceDependencies();
    const [caseId = ''] = storeCases(deps, 1);
    deps.factory.failOnCall = 2;
    const failed = await issueCertificates(deps, allowAll, caseId, {}).catch((e: DomainError) => e);
    expect(failed).toBeInstanceOf(Error);

    // Act
    const views = await issueCertificates(deps, allowAll, caseId, {});
    const [first] = views;
    const reissued = await reissueCertificate(deps, allowAll, first?.certificateId ?? '', { reason: 'typo' });

    // Assess
    expect(views.map((v) => v.statusList?.idx)).toEqual([0, 1, 2]);
    expect(reissued.statusList).toEqual({ uri: 'https://zz.test/status-lists/0', idx: 3 });
    expect(deps.counters.values.get(STATUS_POSITION_COUNTER)).toBe(4);
  });
});
