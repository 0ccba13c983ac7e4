/**
 * Lifecycle over HTTP with a fixed clock (NOW): working-day deadlines across the 2025 National Day holiday and
 * its make-up Saturday, deadline warnings, expiry reminders at 90/30/7 days, EXPIRED after validUntil. Every job
 * run twice at the same `now` does nothing the second time; a revoked licence gets no reminder.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicant, makePdf, makePng, transportForm, transportRequired } from '../fixtures/cases.js';
import { apiClient, type RunningRuntime, startRuntime } from '../support/local-runtime.js';

let runtime: RunningRuntime;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  // Tuesday 30 September 2025, 10:00 in Shanghai: the day before the National Day holiday (1–8 October).
  runtime = await startRuntime({ env: { NOW: '2025-09-30T02:00:00Z' } });
  api = apiClient(runtime.url, runtime.apiKey);
});
afterAll(async () => {
  await runtime?.stop();
});

const job = async (name: string, now: string) => {
  const res = await api('POST', `/local/jobs/${name}?now=${encodeURIComponent(now)}`);
  expect(res.status, res.text).toBe(200);
  return res.body.result as Record<string, number>;
};

async function submittedTransportCase(form = transportForm): Promise<string> {
  const created = await api('POST', '/v1/cases', {
    json: { serviceItemCode: 'TRANSPORT_OVERSIZE_PERMIT', applicant, form },
  });
  const caseId = created.body.caseId as string;
  for (const code of transportRequired) {
    const photo = code === 'VEHICLE_LOAD_PHOTOS';
    await api('PUT', `/v1/cases/${caseId}/materials/${code}`, {
      body: photo ? makePng(800, 1000, caseId.length + code.length) : await makePdf(`${caseId}/${code}`),
      contentType: photo ? 'image/png' : 'application/pdf',
    });
  }
  const submitted = await api('POST', `/v1/cases/${caseId}/submit`);
  expect(submitted.status, submitted.text).toBe(200);
  return caseId;
}

describe('deadlines on the official working-day calendar', () => {
  it('is due at the end of the 5th working day after the holiday, counting the make-up Saturday', async () => {
    const caseId = await submittedTransportCase();
    const view = await api('GET', `/v1/cases/${caseId}`);
    // 9, 10, 11 (make-up Saturday), 13, 14 October → 14 October, 23:59:59.999 in Shanghai.
    expect(view.body.dueAt).toBe('2025-10-14T15:59:59.999Z');
    expect(view.body.sla).toEqual({ remainingWorkingDays: 5, status: 'ON_TIME' });

    expect((await job('deadline-warnings', '2025-10-09T02:00:00Z')).warnings).toBe(0);
    const soon = await job('deadline-warnings', '2025-10-13T02:00:00Z');
    expect(soon.warnings).toBe(3);
    expect((await job('deadline-warnings', '2025-10-13T02:00:00Z')).warnings).toBe(0);

    await api('POST', `/v1/cases/${caseId}/decisions`, { json: { department: '公安', decision: 'APPROVE' } });
    const overdue = await job('deadline-warnings', '2025-10-15T02:00:00Z');
    expect(overdue.warnings).toBe(2);
    expect((await job('deadline-warnings', '2025-10-15T02:00:00Z')).warnings).toBe(0);

    const trail = await api('GET', `/v1/audit?subject=${caseId}`);
    const warnings = trail.body.entries.filter(
      (e: { action: string }) => e.action === 'case.deadline-warning',
    );
    expect(warnings.map((w: { details: { kind: string } }) => w.details.kind).sort()).toEqual([
      'DUE_SOON',
      'DUE_SOON',
      'DUE_SOON',
      'OVERDUE',
      'OVERDUE',
    ]);
  });
});

describe('expiry reminders', () => {
  it('texts the holder 90, 30 and 7 days before validUntil once each, then marks the licence EXPIRED', async () => {
    const caseId = await submittedTransportCase({
      ...transportForm,
      tripStart: '2025-10-01',
      tripEnd: '2025-12-31',
    });
    for (const department of ['交通运输', '住房和城乡建设', '公安']) {
      await api('POST', `/v1/cases/${caseId}/decisions`, { json: { department, decision: 'APPROVE' } });
    }
    const issued = await api('POST', `/v1/cases/${caseId}/certificates`, {
      json: { certificates: [{ fields: { route: '长沙—岳阳' } }, { fields: { route: '长沙—衡阳' } }] },
    });
    expect(issued.status, issued.text).toBe(201);
    const [kept, revoked] = issued.body.certificates as Array<{
      certificateId: string;
      validUntil: string;
      verifyUrl: string;
    }>;
    expect(kept?.validUntil).toBe('2025-12-31');
    await api('POST', `/v1/certificates/${revoked?.certificateId}/revoke`, { json: { reason: '行程取消' } });

    const outbox = async () => (await api('GET', '/local/sms')).body.messages.length as number;
    const before = await outbox();
    expect((await job('expiry-reminders', '2025-10-01T02:00:00Z')).reminded).toBe(0);
    expect((await job('expiry-reminders', '2025-10-03T02:00:00Z')).reminded).toBe(1); // 89 days left
    expect((await job('expiry-reminders', '2025-10-03T02:00:00Z')).reminded).toBe(0);
    expect((await job('expiry-reminders', '2025-12-02T02:00:00Z')).reminded).toBe(1); // 29 days
    expect((await job('expiry-reminders', '2025-12-25T02:00:00Z')).reminded).toBe(1); // 6 days
    expect((await job('expiry-reminders', '2025-12-26T02:00:00Z')).reminded).toBe(0);
    expect(await outbox()).toBe(before + 3);
    const last = (await api('GET', '/local/sms')).body.messages.at(-1);
    expect(last.body).toContain('到期');

    const expired = await job('expiry-reminders', '2026-01-01T02:00:00Z');
    expect(expired.expired).toBe(1);
    expect((await job('expiry-reminders', '2026-01-01T02:00:00Z')).expired).toBe(0);
    const url = new URL(kept?.verifyUrl ?? '');
    const verdict = await api('GET', `${url.pathname}${url.search}`, {
      headers: { accept: 'application/json' },
    });
    expect(verdict.body.verdict).toBe('EXPIRED');
  });

  it('refuses an unknown job', async () => {
    const res = await api('POST', '/local/jobs/nope');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('JOB_NOT_FOUND');
  });
});

describe('suspension and reissue', () => {
  it('suspends and reinstates, then reissues a corrected licence that supersedes the old one', async () => {
    const caseId = await submittedTransportCase({
      ...transportForm,
      tripStart: '2025-10-10',
      tripEnd: '2025-10-20',
    });
    for (const department of ['交通运输', '住房和城乡建设', '公安']) {
      await api('POST', `/v1/cases/${caseId}/decisions`, { json: { department, decision: 'APPROVE' } });
    }
    const issued = await api('POST', `/v1/cases/${caseId}/certificates`, {
      json: { certificates: [{ fields: { route: '长沙—岳阳' } }] },
    });
    const old = issued.body.certificates[0];
    const verdictOf = async (verifyUrl: string) => {
      const url = new URL(verifyUrl);
      return (await api('GET', `${url.pathname}${url.search}`, { headers: { accept: 'application/json' } }))
        .body;
    };

    const suspended = await api('POST', `/v1/certificates/${old.certificateId}/suspend`, {
      json: { reason: '车辆年检过期' },
    });
    expect(suspended.body.status).toBe('SUSPENDED');
    expect((await verdictOf(old.verifyUrl)).verdict).toBe('SUSPENDED');
    expect(
      (await api('POST', `/v1/certificates/${old.certificateId}/suspend`, { json: { reason: '再次' } }))
        .status,
    ).toBe(409);
    const reinstated = await api('POST', `/v1/certificates/${old.certificateId}/reinstate`, {
      json: { reason: '已年检' },
    });
    expect(reinstated.body.status).toBe('VALID');

    const reissued = await api('POST', `/v1/certificates/${old.certificateId}/reissue`, {
      json: { reason: '路线更正', fields: { route: '长沙—岳阳—临湘' } },
      headers: { 'idempotency-key': 'reissue-1' },
    });
    expect(reissued.status, reissued.text).toBe(201);
    expect(reissued.body.number).toBe(`${old.number}-2`);
    expect(reissued.body.identifier.split('.').slice(0, -2)).toEqual(old.identifier.split('.').slice(0, -2));
    expect(reissued.body.identifier.split('.').at(-2)).toBe('002');
    expect(reissued.body.fields.route).toBe('长沙—岳阳—临湘');

    const oldVerdict = await verdictOf(old.verifyUrl);
    expect(oldVerdict.verdict).toBe('SUPERSEDED');
    expect(oldVerdict.reasons[0].message).toContain(reissued.body.number);
    expect((await verdictOf(reissued.body.verifyUrl)).verdict).toBe('VALID');
    const again = await api('POST', `/v1/certificates/${old.certificateId}/reissue`, {
      json: { reason: '再换' },
    });
    expect(again.status).toBe(409);
  });
});

describe('statistics', () => {
  it('counts cases by status, licences per day and processing times from aggregates', async () => {
    // The counters follow the cases table's change feed: wait until it has taken every write so far.
    const settled = await api('POST', '/local/jobs/stats-feed');
    expect(settled.status, settled.text).toBe(200);
    expect(settled.body.result.records).toBeGreaterThan(0);
    const stats = await api('GET', '/v1/stats');
    expect(stats.status, stats.text).toBe(200);
    const transport = stats.body.cases.find(
      (c: { serviceItemCode: string }) => c.serviceItemCode === 'TRANSPORT_OVERSIZE_PERMIT',
    );
    // Earlier tests in this file: one case still SUBMITTED (awaiting two departments), three ISSUED.
    expect(transport.byStatus.SUBMITTED).toBeGreaterThanOrEqual(1);
    expect(transport.byStatus.ISSUED).toBeGreaterThanOrEqual(2);
    expect(transport.total).toBe(
      Object.values(transport.byStatus as Record<string, number>).reduce((a, b) => a + b, 0),
    );
    const issuedToday = stats.body.licencesIssuedPerDay.at(-1);
    expect(issuedToday.date).toBe('2025-09-30');
    expect(issuedToday.count).toBeGreaterThanOrEqual(3);
    const processing = stats.body.processing.find(
      (p: { serviceItemCode: string }) => p.serviceItemCode === 'TRANSPORT_OVERSIZE_PERMIT',
    );
    expect(processing.decided).toBeGreaterThanOrEqual(2);
    // Decided the same day they were submitted: 0 working days, on time.
    expect(processing.medianWorkingDays).toBe(0);
    expect(processing.onTimeRate).toBe(1);
  });
});
