import { describe, expect, it } from 'vitest';
import { MAX_ATTEMPTS } from '../../../functions/core/webhooks/backoff.js';
import { consumeQueuedEntry } from '../../../functions/core/webhooks/queue-consumer.js';
import { registerWebhook } from '../../../functions/core/webhooks/registration.js';
import { signWebhook } from '../../../functions/core/webhooks/signature.js';
import { runWebhookPump } from '../../../functions/core/webhooks/webhook-pump.js';
import { approvedCaseRecord } from '../../fixtures/cases.js';
import { memoryWebhookDependencies } from '../../support/webhook-fakes.js';

const client = { clientId: 'upstream-a', serviceItems: ['*'], departments: ['*'] };

async function setUp() {
  const deps = memoryWebhookDependencies();
  const record = approvedCaseRecord('CASE-1', client.clientId, '2026-03-26T08:00:00.000Z', {
    status: 'SUBMITTED',
  });
  deps.cases.records.set(record.caseId, record);
  const registered = await registerWebhook(deps, client, 'https://hooks.example.com/zz?token=abc');
  return { deps, registered };
}

describe('webhook registration', () => {
  it('stores the URL with a sealed 256-bit secret from the injected Random and shows it once', async () => {
    const { deps, registered } = await setUp();
    expect(registered.url).toBe('https://hooks.example.com/zz?token=abc');
    expect(registered.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(registered.events).toContain('certificate.revoked');
    const stored = deps.webhooks.items.get(client.clientId);
    // What is stored is what WebhookSecrets sealed (the fake's "seal" is readable; the adapter's is tested
    // in integration), and it opens to the secret shown.
    const opened = await deps.secrets.open(client.clientId, stored?.sealedSecret ?? '');
    expect(Buffer.from(opened).toString('base64')).toBe(registered.secret.slice(6));
    expect(opened).toHaveLength(32);
    // Audited by origin only: the receiver's token in the query stays out of the trail.
    const [entry] = deps.audit.entries.filter((e) => e.action === 'webhook.registered');
    expect(entry?.details).toEqual({ origin: 'https://hooks.example.com', version: 1 });
  });

  it('a second PUT replaces the URL and rotates the secret', async () => {
    const { deps, registered } = await setUp();
    const again = await registerWebhook(deps, client, 'https://hooks.example.com/other');
    expect(again.secret).not.toBe(registered.secret);
    expect(deps.webhooks.items.get(client.clientId)).toMatchObject({ url: again.url, version: 2 });
  });

  it.each([
    ['http://hooks.example.com/', 'WEBHOOK_URL_INVALID'],
    ['https://user:pw@hooks.example.com/', 'WEBHOOK_URL_INVALID'],
    ['https://hooks.example.com/#x', 'WEBHOOK_URL_INVALID'],
    ['not a url', 'WEBHOOK_URL_INVALID'],
    ['https://127.0.0.1/', 'WEBHOOK_URL_FORBIDDEN'],
    ['https://[::ffff:169.254.169.254]/', 'WEBHOOK_URL_FORBIDDEN'],
    ['https://2130706433/', 'WEBHOOK_URL_FORBIDDEN'],
    ['https://0x7f.1/', 'WEBHOOK_URL_FORBIDDEN'],
    ['https://rebind.example.com/', 'WEBHOOK_URL_FORBIDDEN'],
    ['https://nowhere.example.com/', 'WEBHOOK_URL_UNRESOLVABLE'],
  ])('refuses %s with 422 %s', async (url, code) => {
    const deps = memoryWebhookDependencies({
      'hooks.example.com': ['93.184.215.14'],
      // One public and one private address: refused (the connect could take either).
      'rebind.example.com': ['93.184.215.14', '10.0.0.7'],
    });
    await expect(registerWebhook(deps, client, url)).rejects.toMatchObject({ kind: 'UNPROCESSABLE', code });
    expect(deps.webhooks.items.size).toBe(0);
  });

  it('allows http to 127.0.0.1 only under the local policy', async () => {
    const deps = memoryWebhookDependencies();
    await expect(registerWebhook(deps, client, 'http://127.0.0.1:8080/h')).rejects.toMatchObject({
      code: 'WEBHOOK_URL_INVALID',
    });
    deps.policy = { allowLoopback: true };
    await expect(registerWebhook(deps, client, 'http://127.0.0.1:8080/h')).resolves.toMatchObject({
      url: 'http://127.0.0.1:8080/h',
    });
    await expect(registerWebhook(deps, client, 'http://10.0.0.1/h')).rejects.toMatchObject({
      code: 'WEBHOOK_URL_FORBIDDEN',
    });
  });
});

describe('routing and delivery (the local pump)', () => {
  it('delivers a case event once, signed, with a stable id, and moves the cursor past every entry', async () => {
    const { deps, registered } = await setUp();
    await deps.audit.append([
      { actor: 'upstream-a', action: 'case.created', subject: 'CASE-1', details: {} },
      { actor: 'upstream-a', action: 'case.submitted', subject: 'CASE-1', details: { materials: 3 } },
    ]);
    const first = await runWebhookPump(deps, deps.clock.now());
    const again = await runWebhookPump(deps, deps.clock.now());
    expect(first).toMatchObject({ routed: 1, attempted: 1, delivered: 1 });
    expect(again).toMatchObject({ entriesRead: 0, routed: 0, attempted: 0 });
    expect(deps.transport.posts).toHaveLength(1);
    const [post] = deps.transport.posts;
    const body = JSON.parse(post?.body ?? '{}');
    expect(body).toMatchObject({
      type: 'case.submitted',
      data: { caseId: 'CASE-1', status: 'SUBMITTED', serviceItemCode: 'MEDICAL_DEVICE_EXPORT_CERT' },
    });
    expect(post?.body).not.toContain('张三丰');
    const secret = Buffer.from(registered.secret.slice(6), 'base64');
    const headers = post?.headers ?? {};
    expect(headers['webhook-id']).toBe(body.id);
    expect(headers['webhook-signature']).toBe(
      signWebhook(secret, body.id, Number(headers['webhook-timestamp']), post?.body ?? ''),
    );
    expect(deps.cursor.value).toBe(deps.audit.entries.at(-1)?.seq);
  });

  it('retries a failed delivery on the schedule with the same id and body, then fails it after the last attempt', async () => {
    const { deps } = await setUp();
    await deps.audit.append([
      { actor: 'upstream-a', action: 'case.submitted', subject: 'CASE-1', details: {} },
    ]);
    deps.transport.answers = Array.from({ length: MAX_ATTEMPTS }, () => ({ status: 500 }));
    await runWebhookPump(deps, deps.clock.now());
    const [record] = [...deps.deliveries.items.values()];
    expect(record).toMatchObject({ status: 'PENDING', attempts: 1, lastStatus: 500 });
    expect(record?.nextAttemptAt).toBe('2026-03-26T08:00:05.000Z');
    // Not yet due: nothing is tried.
    expect((await runWebhookPump(deps, new Date('2026-03-26T08:00:04Z'))).attempted).toBe(0);
    let now = Date.parse('2026-03-26T08:00:00Z');
    for (let attempt = 2; attempt <= MAX_ATTEMPTS; attempt++) {
      const due = [...deps.deliveries.items.values()][0]?.nextAttemptAt ?? '';
      now = Date.parse(due);
      await runWebhookPump(deps, new Date(now));
    }
    const [final] = [...deps.deliveries.items.values()];
    expect(final).toMatchObject({ status: 'FAILED', attempts: MAX_ATTEMPTS });
    expect(final?.dueQueue).toBeUndefined();
    expect(new Set(deps.transport.posts.map((p) => p.headers['webhook-id'])).size).toBe(1);
    expect(new Set(deps.transport.posts.map((p) => p.body)).size).toBe(1);
    // The attempts spread over more than a day.
    expect(now - Date.parse('2026-03-26T08:00:00Z')).toBeGreaterThan(24 * 3600_000);
  });

  it('does not replay what was recorded before the first registration, but keeps that start across rotations', async () => {
    const deps = memoryWebhookDependencies();
    const record = approvedCaseRecord('CASE-9', client.clientId, '2026-03-26T08:00:00.000Z');
    deps.cases.records.set(record.caseId, record);
    await deps.audit.append([
      { actor: 'upstream-a', action: 'case.submitted', subject: 'CASE-9', details: {} },
    ]);
    deps.clock.advance(1000);
    await registerWebhook(deps, client, 'https://hooks.example.com/a');
    await deps.audit.append([{ actor: 'dept', action: 'case.approved', subject: 'CASE-9', details: {} }]);
    deps.clock.advance(1000);
    await registerWebhook(deps, client, 'https://hooks.example.com/b');
    expect(await runWebhookPump(deps, deps.clock.now())).toMatchObject({ routed: 1, delivered: 1 });
    expect(deps.transport.posts.map((p) => [p.url, JSON.parse(p.body).type])).toEqual([
      ['https://hooks.example.com/b', 'case.approved'],
    ]);
  });

  it('routes nothing for a client without a webhook or for entries that are not events', async () => {
    const { deps } = await setUp();
    const other = approvedCaseRecord('CASE-2', 'upstream-b', '2026-03-26T08:00:00.000Z');
    deps.cases.records.set(other.caseId, other);
    await deps.audit.append([
      { actor: 'upstream-b', action: 'case.submitted', subject: 'CASE-2', details: {} },
      { actor: 'upstream-a', action: 'case.decision', subject: 'CASE-1', details: {} },
    ]);
    expect(await runWebhookPump(deps, deps.clock.now())).toMatchObject({ entriesRead: 3, routed: 0 });
  });

  it('the queue consumer postpones a failed attempt until it is due and dead-letters the last one', async () => {
    const { deps } = await setUp();
    const [entry] = await deps.audit.append([
      { actor: 'dept', action: 'case.approved', subject: 'CASE-1', details: {} },
    ]);
    if (!entry) throw new Error('no entry');
    deps.transport.answers = [{ error: 'TIMEOUT' }];
    expect(await consumeQueuedEntry(deps, entry, deps.clock.now())).toEqual({ retryInSeconds: 5 });
    // A duplicate message right away: not due, no POST.
    expect(await consumeQueuedEntry(deps, entry, deps.clock.now())).toEqual({ retryInSeconds: 5 });
    expect(deps.transport.posts).toHaveLength(1);
    deps.clock.advance(5000);
    expect(await consumeQueuedEntry(deps, entry, deps.clock.now())).toEqual({ done: true });
    expect(deps.transport.posts).toHaveLength(2);
  });
});
