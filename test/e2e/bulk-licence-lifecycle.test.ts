/**
 * A bulk-issued licence through every lifecycle path over HTTP (local runtime). Its ledger record names the bulk
 * job as its `caseId`, which is no case: each path must either work as for a case's licence or refuse with the
 * one error shape — never a 500, never an act on some case. Covered: GET, the holder list, the audit trail, the
 * reuse in another case (prefill, 自动调取), the SMS link (send, page, PDF, OFD), verification (QR page, uploaded PDF and OFD), suspend/reinstate, reissue,
 * revoke (and its token status list entry), the job id used as a case id (GET, pledge check = the false-pledge revocation), the expiry-reminder
 * job, the archive-timestamps job, the webhook events.
 */
import { X509Certificate } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { carrier, carrierApplicant, roadBulkRow, transportForm } from '../fixtures/cases.js';
import { apiClient, type RunningRuntime, startRuntime } from '../support/local-runtime.js';

let runtime: RunningRuntime;
let api: ReturnType<typeof apiClient>;
let bulkId: string;
let ids: string[];
const serverErrors: string[] = [];
let receiver: Server;
const events: { type: string; data: Record<string, unknown> }[] = [];

const ROAD = 'ROAD_TRANSPORT_BUSINESS_LICENSE';
const day = (iso: string, days: number) =>
  new Date(Date.parse(iso) + days * 86_400_000).toISOString().slice(0, 10);
const today = new Date().toISOString().slice(0, 10);
const validUntil = day(today, 60);
const row = (n: number) => ({
  ...roadBulkRow(n),
  validUntil,
});

/** `api` that records every 5xx: none may happen anywhere in this file. */
const call = async (...args: Parameters<ReturnType<typeof apiClient>>) => {
  const res = await api(...args);
  if (res.status >= 500) serverErrors.push(`${args[0]} ${args[1]} → ${res.status} ${res.text}`);
  return res;
};
const licence = async (id: string) => (await call('GET', `/v1/certificates/${id}`)).body;
const verdictOf = async (verifyUrl: string) => {
  const url = new URL(verifyUrl);
  const res = await call('GET', `${url.pathname}${url.search}`, { headers: { accept: 'application/json' } });
  expect(res.status, res.text).toBe(200);
  return res.body.verdict as string;
};
const download = async (id: string, kind: 'pdf' | 'ofd') => {
  const res = await fetch(`${runtime.url}/v1/certificates/${id}/${kind}`, {
    headers: { authorization: `Bearer ${runtime.apiKey}` },
  });
  return { status: res.status, bytes: new Uint8Array(await res.arrayBuffer()) };
};
const job = async (name: string, now: string) => {
  const res = await call('POST', `/local/jobs/${name}?now=${encodeURIComponent(now)}`);
  expect(res.status, res.text).toBe(200);
  return res.body.result as Record<string, number>;
};
const smsTo = async (mobile: string) =>
  (await call('GET', '/local/sms')).body.messages.filter((m: { to: string }) => m.to === mobile) as {
    body: string;
    link: string;
  }[];

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      events.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      res.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  // Status lists re-signed after 1 s, so a revocation shows on the next fetch; webhooks delivered by the job.
  runtime = await startRuntime({ env: { STATUS_LIST_TTL_SECONDS: '1', WEBHOOK_INTERVAL_SECONDS: '0' } });
  api = apiClient(runtime.url, runtime.apiKey);
  const port = (receiver.address() as AddressInfo).port;
  const hook = await call('PUT', '/v1/webhook', { json: { url: `http://127.0.0.1:${port}/zz-bulk-events` } });
  expect(hook.status, hook.text).toBe(200);
  const started = await call('POST', '/v1/bulk-issuances', {
    json: { serviceItemCode: ROAD, basis: { reference: '湘交运〔2026〕21号' }, rows: [1, 2, 3, 4].map(row) },
  });
  expect(started.status, started.text).toBe(202);
  bulkId = started.body.bulkId;
  for (let i = 0; ; i++) {
    const status = await call('GET', `/v1/bulk-issuances/${bulkId}`);
    if (status.body.status !== 'RUNNING') {
      expect(status.body).toMatchObject({ status: 'COMPLETED', issued: 4, failed: 0 });
      const lines = (await (await fetch(status.body.resultsUrl)).text()).trim().split('\n');
      ids = lines.map((l) => JSON.parse(l).certificateId);
      break;
    }
    if (i > 600) throw new Error('bulk job did not complete');
    await new Promise((r) => setTimeout(r, 200));
  }
}, 180_000);

afterAll(async () => {
  await runtime?.stop();
  await new Promise((resolve) => receiver?.close(resolve));
});

describe('a bulk-issued licence over its lifecycle', () => {
  it('reads as a licence whose caseId is the job, and the job is no case (404, not 500)', async () => {
    const view = await licence(ids[0] as string);
    expect(view).toMatchObject({ certificateId: ids[0], caseId: bulkId, status: 'VALID', validUntil });
    const asCase = await call('GET', `/v1/cases/${bulkId}`);
    expect(asCase.status, asCase.text).toBe(404);
    expect(asCase.body.error.code).toBe('CASE_NOT_FOUND');
    for (const [method, path, json] of [
      ['POST', `/v1/cases/${bulkId}/submit`, undefined],
      ['POST', `/v1/cases/${bulkId}/decisions`, { department: '交通运输', decision: 'APPROVE' }],
      ['POST', `/v1/cases/${bulkId}/certificates`, { certificates: [{ fields: {} }] }],
    ] as const) {
      const res = await call(method, path, json ? { json } : {});
      expect(res.status, `${path}: ${res.text}`).toBe(404);
      expect(res.body.error.code).toBe('CASE_NOT_FOUND');
    }
  });

  it('is listed by holder like a case’s licence', async () => {
    const listed = await call('GET', `/v1/certificates?holderCreditCode=${carrier.creditCode}&limit=50`);
    expect(listed.status, listed.text).toBe(200);
    const found = listed.body.certificates.map((c: { certificateId: string }) => c.certificateId);
    for (const id of ids) expect(found).toContain(id);
    // The holder's number is masked as for a case's licence.
    const entry = listed.body.certificates.find((c: { certificateId: string }) => c.certificateId === ids[0]);
    expect(entry.holder.idNumber).not.toBe(carrier.creditCode);
  });

  it('prefills a form and fills a case’s material without an upload (电子证照自动调取)', async () => {
    const prefill = await call(
      'GET',
      `/v1/service-items/TRANSPORT_OVERSIZE_PERMIT/prefill?holderCreditCode=${carrier.creditCode}`,
    );
    expect(prefill.status, prefill.text).toBe(200);
    expect(prefill.body.form).toEqual({ carrierName: carrier.name });
    expect(ids).toContain(prefill.body.sources['/carrierName'].certificateId);
    const { carrierName: _, ...form } = transportForm;
    const created = await call('POST', '/v1/cases', {
      json: {
        serviceItemCode: 'TRANSPORT_OVERSIZE_PERMIT',
        applicant: carrierApplicant,
        form,
        reuseLicences: true,
        prefill: true,
      },
    });
    expect(created.status, created.text).toBe(201);
    const permit = created.body.checklist.find(
      (c: { materialCode: string }) => c.materialCode === 'ROAD_TRANSPORT_BUSINESS_PERMIT',
    );
    expect(permit).toMatchObject({ status: 'ACCEPTED', source: 'E_LICENCE' });
    expect(ids).toContain(permit.licence.certificateId);
  });

  it('has an audit trail holding the listing of its chunk, naming the job; the job id as a subject lists nothing', async () => {
    const trail = await call('GET', `/v1/audit?subject=${ids[0]}`);
    expect(trail.status, trail.text).toBe(200);
    const issued = trail.body.entries.filter((e: { action: string }) => e.action === 'bulk.issued');
    expect(issued).toHaveLength(1);
    expect(issued[0].subject).toBe(`${bulkId}#0`);
    expect(issued[0].details.bulkId).toBe(bulkId);
    const mine = (await licence(ids[0] as string)) as { number: string; sha256: string };
    expect(issued[0].details.licences).toContainEqual({
      certificateId: ids[0],
      number: mine.number,
      sha256: mine.sha256,
    });
    // The chunk's other entries (its own, voided serials) are the chunk's, not the licence's.
    expect(trail.body.entries.map((e: { action: string }) => e.action)).not.toContain('bulk-chunk.issued');
    const ofJob = await call('GET', `/v1/audit?subject=${bulkId}`);
    expect(ofJob.status, ofJob.text).toBe(200);
    expect(ofJob.body.entries).toEqual([]);
  });

  it('is sent by SMS: the link shows it and serves its PDF and OFD', async () => {
    const mobile = '13912340001';
    const sent = await call('POST', `/v1/certificates/${ids[0]}/notifications`, { json: { mobile } });
    expect(sent.status, sent.text).toBe(202);
    const [message] = await smsTo(mobile);
    expect(message?.link).toBeTruthy();
    const page = await fetch(message?.link as string, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain((await licence(ids[0] as string)).number);
    const pdf = await fetch(`${message?.link}/pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const ofd = await fetch(`${message?.link}/ofd`);
    expect(ofd.status).toBe(200);
    expect(ofd.headers.get('content-type')).toBe('application/ofd');
  });

  it('verifies VALID by its QR link, its PDF and its OFD', async () => {
    const view = await licence(ids[0] as string);
    expect(await verdictOf(view.verifyUrl)).toBe('VALID');
    for (const kind of ['pdf', 'ofd'] as const) {
      const got = await download(ids[0] as string, kind);
      expect(got.status).toBe(200);
      const verified = await call('POST', '/v1/verifications', {
        body: got.bytes,
        contentType: `application/${kind}`,
        key: null,
      });
      expect(verified.status, verified.text).toBe(200);
      expect(verified.body.verdict, kind).toBe('VALID');
      expect(verified.body.certificate?.certificateId).toBe(ids[0]);
    }
  });

  it('is suspended and reinstated', async () => {
    const id = ids[1] as string;
    const suspended = await call('POST', `/v1/certificates/${id}/suspend`, {
      json: { reason: '车辆年检过期' },
    });
    expect(suspended.status, suspended.text).toBe(200);
    expect(suspended.body.status).toBe('SUSPENDED');
    expect(await verdictOf(suspended.body.verifyUrl)).toBe('SUSPENDED');
    const reinstated = await call('POST', `/v1/certificates/${id}/reinstate`, { json: { reason: '已年检' } });
    expect(reinstated.status, reinstated.text).toBe(200);
    expect(reinstated.body.status).toBe('VALID');
    expect(await verdictOf(reinstated.body.verifyUrl)).toBe('VALID');
  });

  it('is reissued: the new licence stays with the job, the old one is SUPERSEDED', async () => {
    const old = await licence(ids[1] as string);
    const reissued = await call('POST', `/v1/certificates/${old.certificateId}/reissue`, {
      json: { reason: '地址更正', fields: { address: '湖南省长沙市雨花区示例路200号' } },
      headers: { 'idempotency-key': `bulk-reissue-${old.certificateId}` },
    });
    expect(reissued.status, reissued.text).toBe(201);
    expect(reissued.body).toMatchObject({ caseId: bulkId, number: `${old.number}-2`, status: 'VALID' });
    expect(await verdictOf(old.verifyUrl)).toBe('SUPERSEDED');
    expect(await verdictOf(reissued.body.verifyUrl)).toBe('VALID');
    expect((await download(reissued.body.certificateId, 'pdf')).status).toBe(200);
    ids.push(reissued.body.certificateId);
  });

  it('is revoked: verification says REVOKED and its SMS link no longer serves the file', async () => {
    const id = ids[2] as string;
    const mobile = '13912340003';
    await call('POST', `/v1/certificates/${id}/notifications`, { json: { mobile } });
    const revoked = await call('POST', `/v1/certificates/${id}/revoke`, { json: { reason: '企业申请注销' } });
    expect(revoked.status, revoked.text).toBe(200);
    expect(revoked.body.status).toBe('REVOKED');
    expect(await verdictOf(revoked.body.verifyUrl)).toBe('REVOKED');
    const [message] = await smsTo(mobile);
    expect((await fetch(`${message?.link}/pdf`)).status).toBe(409);
    const again = await call('POST', `/v1/certificates/${id}/revoke`, { json: { reason: '再次' } });
    expect(again.status).toBe(409);
    // Its entry in the token status list: 1 (INVALID); a licence of the same job still in force: 0.
    await new Promise((r) => setTimeout(r, 1_100));
    const kept = await licence(ids[0] as string);
    expect(kept.statusList.uri).toBe(revoked.body.statusList.uri);
    const list = await fetch(revoked.body.statusList.uri, {
      headers: { accept: 'application/statuslist+jwt' },
    });
    expect(list.status).toBe(200);
    const payload = JSON.parse(Buffer.from((await list.text()).split('.')[1] ?? '', 'base64url').toString());
    const bits = inflateSync(Buffer.from(payload.status_list.lst, 'base64url'));
    const entry = (idx: number) => ((bits[Math.floor(idx / 4)] ?? 0) >> (2 * (idx % 4))) & 3;
    expect(entry(revoked.body.statusList.idx)).toBe(1);
    expect(entry(kept.statusList.idx)).toBe(0);
  });

  it('cannot be revoked through a pledge check on the job id (no such case), and stays VALID', async () => {
    const checked = await call('POST', `/v1/cases/${bulkId}/pledge-check`, {
      json: { department: '交通运输', outcome: 'FALSE', comment: '核查不符' },
    });
    expect(checked.status, checked.text).toBe(404);
    expect(checked.body.error.code).toBe('CASE_NOT_FOUND');
    expect((await licence(ids[0] as string)).status).toBe('VALID');
  });

  it('gets an archive time-stamp from the archive-timestamps job before its TSA certificate ends', async () => {
    const before = await download(ids[3] as string, 'pdf');
    const pem = await (await fetch(`${runtime.url}/.well-known/tsa-certificates.pem`)).text();
    const tsaEnd = new Date(new X509Certificate(pem).validTo);
    const run = await job('archive-timestamps', new Date(tsaEnd.getTime() - 30 * 86_400_000).toISOString());
    // The in-force ones: 0, 3 and the reissue of 1 (1 is superseded, 2 revoked).
    expect(run).toMatchObject({ archived: 3, failed: 0 });
    const after = await download(ids[3] as string, 'pdf');
    expect(after.status).toBe(200);
    expect(after.bytes.length).toBeGreaterThan(before.bytes.length);
    expect(Buffer.from(after.bytes.subarray(0, before.bytes.length)).equals(Buffer.from(before.bytes))).toBe(
      true,
    );
    const verified = await call('POST', '/v1/verifications', {
      body: after.bytes,
      contentType: 'application/pdf',
      key: null,
    });
    expect(verified.body).toMatchObject({ verdict: 'VALID', signature: { level: 'B-LTA' } });
  });

  it('is examined by the expiry-reminder job (no SMS: a bulk row has no mobile) and then marked EXPIRED', async () => {
    const sent = (await call('GET', '/local/sms')).body.messages.length;
    const reminded = await job('expiry-reminders', `${day(validUntil, -20)}T02:00:00Z`);
    // The revoked and the superseded licence left the expiry queue: 0, 3 and the reissue remain.
    expect(reminded.examined).toBe(3);
    expect(reminded).toMatchObject({ reminded: 0, noContact: 3 });
    expect((await call('GET', '/local/sms')).body.messages.length).toBe(sent);
    const expired = await job('expiry-reminders', `${day(validUntil, 2)}T02:00:00Z`);
    // ids: 0 and 3 VALID, 1 SUPERSEDED, 2 REVOKED, 4 the reissue of 1 (VALID).
    expect(expired.expired).toBe(3);
    for (const [i, status] of [
      [0, 'EXPIRED'],
      [1, 'SUPERSEDED'],
      [2, 'REVOKED'],
      [3, 'EXPIRED'],
      [4, 'EXPIRED'],
    ] as const) {
      expect((await licence(ids[i] as string)).status, `licence ${i}`).toBe(status);
    }
  });

  it('sends its webhook events with the job as caseId', async () => {
    const run = await job('webhook-deliveries', new Date().toISOString());
    expect(run.delivered).toBeGreaterThan(0);
    const of = (type: string, id: string) =>
      events.filter((e) => e.type === type && e.data.certificateId === id).map((e) => e.data);
    for (const id of ids.slice(0, 4)) {
      // Derived from its chunk's listing, with what the payload promises (the identifier: the ledger's).
      const { identifier, number } = (await licence(id)) as { identifier: string; number: string };
      expect(of('certificate.issued', id), id).toEqual([
        expect.objectContaining({ caseId: bulkId, status: 'VALID', number, identifier }),
      ]);
    }
    expect(of('certificate.suspended', ids[1] as string)).toHaveLength(1);
    expect(of('certificate.revoked', ids[2] as string)).toEqual([
      expect.objectContaining({ caseId: bulkId, status: 'REVOKED' }),
    ]);
  });

  it('answered no request with a 5xx', () => {
    expect(serverErrors).toEqual([]);
  });
});
