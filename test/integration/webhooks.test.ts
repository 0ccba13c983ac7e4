/**
 * Webhooks on dynalite through the real SDK: the outbox (the audit entry) written in one transaction with the
 * case and with the licence — or neither —, routing and attempts recorded once under races, the local pump
 * over the real audit chain, secrets sealed under a KMS-derived key, and real HTTP POSTs whose address is
 * checked when connecting.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoAuditLog } from '../../functions/adapters/dynamodb-audit-log.js';
import { DynamoCaseStore } from '../../functions/adapters/dynamodb-case-store.js';
import { DynamoLedger } from '../../functions/adapters/dynamodb-ledger.js';
import {
  DynamoDeliveryStore,
  DynamoEventCursor,
  DynamoWebhookStore,
} from '../../functions/adapters/dynamodb-webhook-store.js';
import { HttpWebhookTransport } from '../../functions/adapters/http-webhook-transport.js';
import { KmsWebhookSecrets } from '../../functions/adapters/kms-webhook-secrets.js';
import type { CertificateRecord } from '../../functions/core/certificates/model.js';
import { registerWebhook } from '../../functions/core/webhooks/registration.js';
import type { WebhookDependencies } from '../../functions/core/webhooks/webhook-context.js';
import { runWebhookPump } from '../../functions/core/webhooks/webhook-pump.js';
import { ConcurrentUpdateError } from '../../functions/ports/case-store.js';
import { approvedCaseRecord } from '../fixtures/cases.js';
import { FixedClock, SequenceRandom } from '../support/fakes.js';
import { startTestDynamo, type TestDynamo } from '../support/storage.js';

let dynamo: TestDynamo;
let receiver: Server;
let receiverUrl: string;
const received: Array<{ headers: IncomingMessage['headers']; body: string }> = [];
let answers: number[] = [];

const fixedKeys = {
  derive: async (label: string) => createHmac('sha256', 'test-mac-key').update(label).digest(),
};

beforeAll(async () => {
  dynamo = await startTestDynamo();
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.statusCode = answers.shift() ?? 204;
      res.end('a body nobody reads');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
});
afterAll(async () => {
  await new Promise((resolve) => receiver?.close(resolve));
  await dynamo?.close();
});

function compose(clock: FixedClock, allowLoopback = true) {
  const audit = new DynamoAuditLog({ client: dynamo.doc, tableName: dynamo.tables.audit, clock });
  const cases = new DynamoCaseStore({ client: dynamo.doc, tableName: dynamo.tables.cases, audit });
  const ledger = new DynamoLedger({ client: dynamo.doc, tableName: dynamo.tables.ledger, audit });
  const policy = { allowLoopback };
  const deps: WebhookDependencies & { cursor: DynamoEventCursor } = {
    webhooks: new DynamoWebhookStore({ client: dynamo.doc, tableName: dynamo.tables.webhooks }),
    deliveries: new DynamoDeliveryStore({
      client: dynamo.doc,
      tableName: dynamo.tables.webhookDeliveries,
      clock,
    }),
    cursor: new DynamoEventCursor({
      client: dynamo.doc,
      tableName: dynamo.tables.counters,
      name: `cursor-${randomBytes(4).toString('hex')}`,
    }),
    secrets: new KmsWebhookSecrets({ keys: fixedKeys }),
    transport: new HttpWebhookTransport({ policy }),
    resolveHost: async (host) => (host === 'localhost' ? ['127.0.0.1'] : []),
    cases,
    ledger,
    audit,
    clock,
    random: new SequenceRandom(),
    policy,
    timeoutMs: 2000,
    logRetentionDays: 30,
  };
  return { deps, audit, cases, ledger };
}

const licence = (certificateId: string, clientId: string, caseId: string): CertificateRecord => ({
  certificateId,
  clientId,
  caseId,
  serviceItemCode: 'TRANSPORT_OVERSIZE_PERMIT',
  batchId: 'B-1',
  status: 'VALID',
  number: '湘交超2026000001',
  identifier: '1.2.156.3005.2.JT0103.11430000006142632K.0000001.001.X',
  serial: 1,
  type: 'TRANSPORT_OVERSIZE_PASS',
  typeName: '超限运输车辆通行证',
  issuer: '湖南省交通运输厅',
  holder: { name: '张三丰', idNumber: '11010519491231002X' },
  fields: {},
  issuedAt: '2026-03-01T00:00:00Z',
  validFrom: '2026-03-01',
  validUntil: '2026-12-10',
  sha256: 'ab'.repeat(32),
  objectKey: `licences/${certificateId}.pdf`,
  bytes: 10,
  verificationCode: 'X',
  sealCertificateSerial: '0a',
  version: 1,
});

describe('the audit entry as outbox', () => {
  it('a licence change and its audit entry are written together, or — on a lost race — neither', async () => {
    const { ledger, audit } = compose(new FixedClock());
    const record = licence('CERT-OUTBOX-1', 'client-x', 'CASE-X');
    await ledger.putPending({ ...record, version: 1 }, { ifAbsent: true });
    const revoke = (version: number) =>
      ledger.update({ ...record, status: 'REVOKED', revocationReason: 'test', version }, [
        {
          actor: 'client-x',
          action: 'certificate.revoked',
          subject: record.certificateId,
          details: { reason: 'test' },
        },
      ]);
    await revoke(2);
    await expect(revoke(2)).rejects.toBeInstanceOf(ConcurrentUpdateError);
    const trail = await audit.listRange(1, 1000);
    expect(
      trail.filter((e) => e.subject === record.certificateId && e.action === 'certificate.revoked'),
    ).toHaveLength(1);
  });

  it('routes and delivers from the real chain once, with a signature the receiver can check, and retries a 500', async () => {
    const clock = new FixedClock('2026-03-26T08:00:00Z');
    const { deps, cases } = compose(clock);
    const clientId = `client-${randomBytes(3).toString('hex')}`;
    const caseRecord = approvedCaseRecord(`CASE-${clientId}`, clientId, clock.now().toISOString(), {
      status: 'SUBMITTED',
      version: 1,
    });
    await cases.create({ ...caseRecord, status: 'SUBMITTED' });
    const { secret } = await registerWebhook(
      deps,
      { clientId, serviceItems: ['*'], departments: ['*'] },
      receiverUrl,
    );
    await deps.cursor.advance(0, ((await deps.audit.head())?.seq ?? 1) - 1);
    // The change and its entry in one transaction, as every case transition writes them.
    await cases.update({ ...caseRecord, status: 'APPROVED', version: 2 }, [
      { actor: 'dept', action: 'case.approved', subject: caseRecord.caseId, details: {} },
    ]);
    received.length = 0;
    answers = [500];
    const first = await runWebhookPump(deps, clock.now());
    expect(first).toMatchObject({ routed: 1, attempted: 1, retrying: 1 });
    clock.advance(5000);
    const second = await runWebhookPump(deps, clock.now());
    expect(second).toMatchObject({ routed: 0, attempted: 1, delivered: 1 });
    expect(received).toHaveLength(2);
    const [a, b] = received;
    expect(a?.body).toBe(b?.body);
    expect(a?.headers['webhook-id']).toBe(b?.headers['webhook-id']);
    const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
    for (const r of received) {
      const signed = `${r.headers['webhook-id']}.${r.headers['webhook-timestamp']}.${r.body}`;
      expect(r.headers['webhook-signature']).toBe(
        `v1,${createHmac('sha256', key).update(signed).digest('base64')}`,
      );
    }
    const [logged] = await deps.deliveries.listRecent(clientId, 10);
    expect(logged).toMatchObject({ status: 'DELIVERED', attempts: 2, lastStatus: 204 });
    expect(logged?.dueQueue).toBeUndefined();
  });
});

describe('webhook adapters', () => {
  it('seals secrets bound to their client: another client or another key cannot open them', async () => {
    const secrets = new KmsWebhookSecrets({ keys: fixedKeys });
    const secret = randomBytes(32);
    const sealed = await secrets.seal('client-a', secret);
    expect(sealed).not.toContain(secret.toString('base64url').slice(0, 12));
    expect(Buffer.from(await secrets.open('client-a', sealed)).equals(secret)).toBe(true);
    await expect(secrets.open('client-b', sealed)).rejects.toThrow();
    const otherKey = new KmsWebhookSecrets({ keys: { derive: async () => randomBytes(32) } });
    await expect(otherKey.open('client-a', sealed)).rejects.toThrow();
  });

  it('records an attempt once when two workers race for it', async () => {
    const clock = new FixedClock();
    const { deps } = compose(clock);
    const record = {
      clientId: 'race',
      deliveryKey: '2026-03-26T08:00:00.000Z#evt_1',
      eventId: 'evt_1',
      type: 'case.submitted',
      createdAt: '2026-03-26T08:00:00.000Z',
      body: '{}',
      status: 'PENDING' as const,
      attempts: 0,
      nextAttemptAt: '2026-03-26T08:00:00.000Z',
      dueQueue: 'DUE' as const,
      expiresAtEpoch: Math.floor(clock.now().getTime() / 1000) + 86_400,
    };
    expect(await deps.deliveries.create(record)).toEqual(record);
    expect((await deps.deliveries.create({ ...record, body: 'other' })).body).toBe('{}');
    const results = await Promise.all([
      deps.deliveries.recordAttempt({ ...record, attempts: 1, lastStatus: 500 }, 0),
      deps.deliveries.recordAttempt({ ...record, attempts: 1, lastStatus: 502 }, 0),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await deps.deliveries.listDue('2026-03-26T08:00:00.000Z', 10)).toHaveLength(1);
  });

  it('reopens a FAILED delivery once for a redrive, and not again once it is PENDING', async () => {
    const clock = new FixedClock();
    const { deps } = compose(clock);
    const failed = {
      clientId: 'redrive',
      deliveryKey: '2026-03-26T08:00:00.000Z#evt_2',
      eventId: 'evt_2',
      type: 'case.submitted',
      createdAt: '2026-03-26T08:00:00.000Z',
      body: '{}',
      status: 'FAILED' as const,
      attempts: 8,
      lastStatus: 503,
      expiresAtEpoch: Math.floor(clock.now().getTime() / 1000) + 86_400,
    };
    await deps.deliveries.create(failed);
    const reopened = {
      ...failed,
      status: 'PENDING' as const,
      attempts: 0,
      nextAttemptAt: '2026-03-27T08:00:00.000Z',
      dueQueue: 'DUE' as const,
      redrives: 1,
    };
    // Two copies of one dead letter: one reopens it.
    const results = await Promise.all([
      deps.deliveries.reopen(reopened, 8),
      deps.deliveries.reopen({ ...reopened, redrivenAt: 'other' }, 8),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await deps.deliveries.get(failed.clientId, failed.deliveryKey)).toMatchObject({
      status: 'PENDING',
      attempts: 0,
      redrives: 1,
    });
    // PENDING now: neither a reopen nor a stale attempt count writes anything.
    expect(await deps.deliveries.reopen(reopened, 0)).toBe(false);
    const due = await deps.deliveries.listDue('2026-03-27T08:00:00.000Z', 10);
    expect(due.filter((r) => r.clientId === 'redrive')).toHaveLength(1);
  });

  it('refuses to connect to loopback when the policy does not allow it, also behind a host name', async () => {
    const transport = new HttpWebhookTransport({ policy: { allowLoopback: false } });
    const before = received.length;
    const https = receiverUrl.replace('http:', 'https:');
    expect(await transport.post(https, {}, '{}', 2000)).toEqual({ error: 'FORBIDDEN_ADDRESS' });
    expect(await transport.post(https.replace('127.0.0.1', 'localhost'), {}, '{}', 2000)).toEqual({
      error: 'FORBIDDEN_ADDRESS',
    });
    expect(await transport.post(https.replace('127.0.0.1', '[::ffff:127.0.0.1]'), {}, '{}', 2000)).toEqual({
      error: 'FORBIDDEN_ADDRESS',
    });
    expect(received.length).toBe(before);
  });

  it('gives up on a receiver that does not answer within the timeout', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    const transport = new HttpWebhookTransport({ policy: { allowLoopback: true } });
    const started = Date.now();
    expect(await transport.post(`http://127.0.0.1:${port}/`, {}, '{}', 300)).toEqual({ error: 'TIMEOUT' });
    expect(Date.now() - started).toBeLessThan(2000);
    silent.closeAllConnections();
    await new Promise((resolve) => silent.close(resolve));
  });
});
