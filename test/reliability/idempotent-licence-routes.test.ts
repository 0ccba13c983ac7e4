/**
 * Idempotency-Key on the licence routes through the real composition over dynalite: notifications (one key,
 * one SMS), revoke, suspend, reinstate and reissue replay their first answer, and refuse the key for another
 * request; /openapi.json declares the header on each of them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReliabilityApp, type Reply, startReliabilityApp } from './app.js';
import { issuedCase } from './flows.js';
import { countItems, expectFirstAnswerOrBusy, expectReplayedAndGuarded, race } from './idempotency-checks.js';

const CONCURRENT = 20;
let app: ReliabilityApp;

beforeAll(async () => {
  app = await startReliabilityApp({ factory: 'fake' });
});
afterAll(async () => {
  await app?.close();
});

const issuedLicence = async (): Promise<string> => {
  const { certificates } = await issuedCase(app);
  return certificates[0]?.certificateId ?? '';
};

const smsCount = async (): Promise<number> => (await app.deps.outbox?.list())?.length ?? 0;

const post = (path: string, json: unknown, key?: string): Promise<Reply> =>
  app.call('POST', path, { json, ...(key ? { headers: { 'idempotency-key': key } } : {}) });

describe('POST /v1/certificates/{certificateId}/notifications with one Idempotency-Key', () => {
  it(`sends one SMS for ${CONCURRENT} concurrent requests and replays its messageId to every other`, async () => {
    // Prepare
    const certificateId = await issuedLicence();
    const path = `/v1/certificates/${certificateId}/notifications`;
    const before = await smsCount();
    const send = () => post(path, { mobile: '13800138000' }, `notify-${certificateId}`);

    // Act
    const replies = await race(CONCURRENT, send);

    // Assess
    const first = expectFirstAnswerOrBusy(replies);
    expect(first.status, first.text).toBe(202);
    expect(first.body.messageId).toMatch(/\S/);
    await expectReplayedAndGuarded(app, first, send, {
      method: 'POST',
      path,
      options: { json: { mobile: '13900139000' }, headers: { 'idempotency-key': `notify-${certificateId}` } },
    });
    expect(await smsCount()).toBe(before + 1);
  });

  it('sends again for a request without a key (the key is what makes a retry a retry)', async () => {
    // Prepare
    const certificateId = await issuedLicence();
    const path = `/v1/certificates/${certificateId}/notifications`;
    const before = await smsCount();

    // Act
    const replies = [
      await post(path, { mobile: '13800138000' }),
      await post(path, { mobile: '13800138000' }),
    ];

    // Assess
    expect(replies.map((r) => r.status)).toEqual([202, 202]);
    expect(replies[0]?.body.messageId).not.toBe(replies[1]?.body.messageId);
    expect(await smsCount()).toBe(before + 2);
  });
});

describe('licence lifecycle routes with one Idempotency-Key', () => {
  it('replays a revocation, which a run without the key refuses as already revoked', async () => {
    // Prepare
    const certificateId = await issuedLicence();
    const path = `/v1/certificates/${certificateId}/revoke`;
    const send = () => post(path, { reason: '证照信息有误' }, `revoke-${certificateId}`);

    // Act
    const first = await send();
    const withoutKey = await post(path, { reason: '证照信息有误' });

    // Assess
    expect([first.status, first.body.status], first.text).toEqual([200, 'REVOKED']);
    expect(withoutKey.status, withoutKey.text).toBe(409);
    await expectReplayedAndGuarded(app, first, send, {
      method: 'POST',
      path,
      options: { json: { reason: '另一个理由' }, headers: { 'idempotency-key': `revoke-${certificateId}` } },
    });
  });

  it(`answers ${CONCURRENT} concurrent revocations with one key with the first 200 or 409 REQUEST_IN_PROGRESS`, async () => {
    // Prepare
    const certificateId = await issuedLicence();
    const send = () =>
      post(`/v1/certificates/${certificateId}/revoke`, { reason: '证照信息有误' }, `race-${certificateId}`);

    // Act
    const replies = await race(CONCURRENT, send);

    // Assess
    const first = expectFirstAnswerOrBusy(replies);
    expect([first.status, first.body.status], first.text).toEqual([200, 'REVOKED']);
    const trail = await app.deps.audit.listBySubject(certificateId);
    expect(trail.filter((e) => e.action === 'certificate.revoked')).toHaveLength(1);
  });

  it('replays a suspension and a reinstatement, each under its own key', async () => {
    // Prepare
    const certificateId = await issuedLicence();
    const base = `/v1/certificates/${certificateId}`;
    const suspend = () => post(`${base}/suspend`, { reason: '核查中' }, `suspend-${certificateId}`);
    const reinstate = () => post(`${base}/reinstate`, { reason: '核查完毕' }, `reinstate-${certificateId}`);

    // Act
    const suspended = await suspend();
    await expectReplayedAndGuarded(app, suspended, suspend, {
      method: 'POST',
      path: `${base}/suspend`,
      options: { json: { reason: '另一个理由' }, headers: { 'idempotency-key': `suspend-${certificateId}` } },
    });
    const reinstated = await reinstate();
    await expectReplayedAndGuarded(app, reinstated, reinstate, {
      method: 'POST',
      path: `${base}/suspend`,
      options: { json: { reason: '核查完毕' }, headers: { 'idempotency-key': `reinstate-${certificateId}` } },
    });
    const replayedSuspension = await suspend();

    // Assess
    expect([suspended.status, suspended.body.status], suspended.text).toEqual([200, 'SUSPENDED']);
    expect([reinstated.status, reinstated.body.status], reinstated.text).toEqual([200, 'VALID']);
    // A replay answers what the first request answered; it does not suspend the licence again.
    expect(replayedSuspension.body.status).toBe('SUSPENDED');
    expect((await app.call('GET', base)).body.status).toBe('VALID');
  });

  it('reissues once: a retry with the key replays the same new licence', async () => {
    // Prepare
    const certificateId = await issuedLicence();
    const path = `/v1/certificates/${certificateId}/reissue`;
    const before = await countItems(app, 'ledger');
    const send = () => post(path, { reason: '持证人名称变更' }, `reissue-${certificateId}`);

    // Act
    const first = await send();

    // Assess
    expect(first.status, first.text).toBe(201);
    await expectReplayedAndGuarded(app, first, send, {
      method: 'POST',
      path,
      options: { json: { reason: '另一个理由' }, headers: { 'idempotency-key': `reissue-${certificateId}` } },
    });
    expect(await countItems(app, 'ledger')).toBe(before + 1);
  });
});

describe('/openapi.json', () => {
  it('declares the Idempotency-Key header on every route that honours it', async () => {
    // Act
    const { body } = await app.call('GET', '/openapi.json', { key: null });

    // Assess
    const routes = [
      '/v1/cases',
      '/v1/cases/{caseId}/submit',
      '/v1/cases/{caseId}/decisions',
      '/v1/cases/{caseId}/certificates',
      '/v1/certificates/{certificateId}/notifications',
      '/v1/certificates/{certificateId}/revoke',
      '/v1/certificates/{certificateId}/suspend',
      '/v1/certificates/{certificateId}/reinstate',
      '/v1/certificates/{certificateId}/reissue',
    ];
    for (const route of routes) {
      const parameters = (body.paths[route]?.post?.parameters ?? []) as Array<Record<string, string>>;
      const header = parameters.find((p) => p.in === 'header' && p.name === 'Idempotency-Key');
      expect(header?.description, route).toContain('REQUEST_IN_PROGRESS');
    }
  });
});
