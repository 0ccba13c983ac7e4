/**
 * Webhooks through the local runtime over HTTP, with a receiver on 127.0.0.1 in the test: a case submitted,
 * approved, issued (two licences), one licence suspended and one revoked → the receiver gets each event with a
 * Standard Webhooks signature it verifies itself (node:crypto), a 500 answer brings the same event back on the
 * schedule (the delivery job driven at chosen instants), and the delivery log lists them. Registration
 * refuses URLs into private space even in the local runtime.
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvedMedicalCase } from '../support/e2e-flows.js';
import { apiClient, type RunningRuntime, startRuntime } from '../support/local-runtime.js';

let runtime: RunningRuntime;
let api: ReturnType<typeof apiClient>;
let receiver: Server;
let receiverUrl: string;
const received: Array<{ headers: IncomingHttpHeaders; body: string; answered: number }> = [];
/** Answers to give, in order, per event type; then 200. */
const planned = new Map<string, number[]>();

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const type = (JSON.parse(body) as { type: string }).type;
      const answered = planned.get(type)?.shift() ?? 200;
      received.push({ headers: req.headers, body, answered });
      res.statusCode = answered;
      res.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/zz-events`;
  // The loop is off: the test drives every round through the job, at the instants it chooses.
  runtime = await startRuntime({ env: { WEBHOOK_INTERVAL_SECONDS: '0' } });
  api = apiClient(runtime.url, runtime.apiKey);
}, 60_000);

afterAll(async () => {
  await runtime?.stop();
  await new Promise((resolve) => receiver?.close(resolve));
});

const deliver = async (at?: Date) => {
  const reply = await api('POST', `/local/jobs/webhook-deliveries${at ? `?now=${at.toISOString()}` : ''}`);
  expect(reply.status, reply.text).toBe(200);
  return reply.body.result as { routed: number; attempted: number; delivered: number; retrying: number };
};

/** Verify a delivery as a receiver would, with nothing but node:crypto and the secret shown at registration. */
function verify(secret: string, r: { headers: IncomingHttpHeaders; body: string }): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const signed = `${r.headers['webhook-id']}.${r.headers['webhook-timestamp']}.${r.body}`;
  const expected = `v1,${createHmac('sha256', key).update(signed).digest('base64')}`;
  return String(r.headers['webhook-signature'] ?? '')
    .split(' ')
    .includes(expected);
}

describe('webhooks', () => {
  it('refuses URLs into private or link-local space and plain http to anything but loopback', async () => {
    for (const url of [
      'http://10.0.0.1/h',
      'https://169.254.169.254/latest',
      'https://[::ffff:a9fe:a9fe]/',
    ]) {
      const reply = await api('PUT', '/v1/webhook', { json: { url } });
      expect(reply.status, url).toBe(422);
      expect(reply.body.error.code).toBe('WEBHOOK_URL_FORBIDDEN');
    }
    const plain = await api('PUT', '/v1/webhook', { json: { url: 'http://93.184.215.14/h' } });
    expect(plain.body.error.code).toBe('WEBHOOK_URL_INVALID');
  });

  it('delivers signed events of a case and its licences, retries a 500 with the same id, and lists the deliveries', async () => {
    // Prepare: register (twice: the second PUT rotates the secret; only the latest one signs).
    const first = await api('PUT', '/v1/webhook', { json: { url: receiverUrl } });
    expect(first.status, first.text).toBe(200);
    const registered = await api('PUT', '/v1/webhook', { json: { url: receiverUrl } });
    expect(registered.body).toMatchObject({
      url: receiverUrl,
      events: expect.arrayContaining(['case.submitted']),
    });
    const secret = registered.body.secret as string;
    expect(secret).not.toBe(first.body.secret);
    planned.set('case.approved', [500]);

    // Act: submit and approve, issue two licences, suspend one, revoke the other.
    const caseId = await approvedMedicalCase(api, 2);
    const issued = await api('POST', `/v1/cases/${caseId}/certificates`, {
      json: {},
      headers: { 'idempotency-key': `webhooks-${caseId}` },
    });
    expect(issued.status, issued.text).toBe(201);
    const [one, two] = issued.body.certificates as Array<{ certificateId: string }>;
    const suspended = await api('POST', `/v1/certificates/${one?.certificateId}/suspend`, {
      json: { reason: '核查' },
    });
    expect(suspended.status, suspended.text).toBe(200);
    const revoked = await api('POST', `/v1/certificates/${two?.certificateId}/revoke`, {
      json: { reason: '行程取消' },
    });
    expect(revoked.status, revoked.text).toBe(200);
    const round = await deliver();

    // Assess: each event once (the approval answered 500), all signed with the current secret.
    expect(round).toMatchObject({ routed: 6, attempted: 6, delivered: 5, retrying: 1 });
    const events = received.map((r) => ({ ...JSON.parse(r.body), answered: r.answered }));
    expect(events.map((e) => e.type).sort()).toEqual(
      [
        'case.approved',
        'case.submitted',
        'certificate.issued',
        'certificate.issued',
        'certificate.revoked',
        'certificate.suspended',
      ].sort(),
    );
    for (const r of received) {
      expect(verify(secret, r)).toBe(true);
      expect(verify(first.body.secret, r)).toBe(false);
      expect(r.headers['webhook-id']).toBe(JSON.parse(r.body).id);
      expect(r.body).not.toContain('湖南康达');
    }
    const revokedEvent = events.find((e) => e.type === 'certificate.revoked');
    expect(revokedEvent?.data).toMatchObject({
      certificateId: two?.certificateId,
      caseId,
      status: 'REVOKED',
      reason: '行程取消',
    });
    expect(events.find((e) => e.type === 'case.submitted')?.data).toMatchObject({
      caseId,
      status: 'SUBMITTED',
    });

    // The failed approval comes back only when due (5 s later), with the same id and body.
    const approval = received.find((r) => JSON.parse(r.body).type === 'case.approved');
    const sentAt = Number(approval?.headers['webhook-timestamp']) * 1000;
    expect((await deliver(new Date(sentAt + 3000))).attempted).toBe(0);
    expect(await deliver(new Date(sentAt + 6000))).toMatchObject({ routed: 0, attempted: 1, delivered: 1 });
    const approvals = received.filter((r) => JSON.parse(r.body).type === 'case.approved');
    expect(approvals.map((r) => r.answered)).toEqual([500, 200]);
    expect(approvals[1]?.body).toBe(approvals[0]?.body);
    expect(approvals[1]?.headers['webhook-id']).toBe(approvals[0]?.headers['webhook-id']);
    expect(verify(secret, approvals[1] as (typeof received)[number])).toBe(true);

    // The delivery log.
    const log = await api('GET', '/v1/webhook/deliveries');
    expect(log.status, log.text).toBe(200);
    const byType = new Map<string, Record<string, unknown>>();
    for (const d of log.body.deliveries) byType.set(`${d.type}:${d.id}`, d);
    const approvedLog = [...byType.values()].find((d) => d.type === 'case.approved');
    expect(approvedLog).toMatchObject({
      status: 'DELIVERED',
      attempts: 2,
      lastStatus: 200,
      data: { caseId },
    });
    expect(log.body.deliveries).toHaveLength(6);
    expect(log.body.deliveries.every((d: { status: string }) => d.status === 'DELIVERED')).toBe(true);
  });
});
