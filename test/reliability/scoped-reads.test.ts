/**
 * Every read is scoped to the key: a key limited to one service item cannot read the audit trail of another
 * item's case or licence, and `GET /v1/stats` shows it only its items (issuance per day included). A licence's
 * trail is found by its certificate id. The statistics carry totals across the key's items and the overdue
 * cases (awaiting decisions past their due date).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReliabilityApp, startReliabilityApp } from './app.js';
import { issuedCase, submittedCase } from './flows.js';

let app: ReliabilityApp;
let issued: { caseId: string; certificateId: string };
let submitted: string[];

beforeAll(async () => {
  app = await startReliabilityApp({ factory: 'fake' });
  const one = await issuedCase(app, 1);
  issued = { caseId: one.caseId, certificateId: one.certificates[0]?.certificateId ?? '' };
  submitted = [await submittedCase(app, 1), await submittedCase(app, 1)];
});
afterAll(async () => {
  await app?.close();
});

const trail = (subject: string, key?: string) =>
  app.call('GET', '/v1/audit', { query: { subject }, ...(key ? { key } : {}) });

describe('GET /v1/audit?subject=', () => {
  it("lists a licence's entries by its certificate id, its batch's issuance entry included", async () => {
    // Act
    const reply = await trail(issued.certificateId);
    // Assess
    expect(reply.status, reply.text).toBe(200);
    type Entry = {
      action: string;
      subject: string;
      details: { licences?: Array<{ certificateId: string }> };
    };
    const entries = reply.body.entries as Entry[];
    // The batch's one `case.issued` entry (under the case) lists the licence; nothing else of the case shows.
    const issuance = entries.filter((e) => e.action === 'case.issued');
    expect(issuance).toHaveLength(1);
    expect(issuance[0]?.subject).toBe(issued.caseId);
    expect(issuance[0]?.details.licences?.map((l) => l.certificateId)).toContain(issued.certificateId);
    expect(
      entries.every(
        (e) =>
          e.subject === issued.certificateId ||
          e.details.licences?.some((l) => l.certificateId === issued.certificateId),
      ),
    ).toBe(true);
  });

  it("refuses a key scoped to another service item the case's and the licence's trail (403)", async () => {
    for (const subject of [issued.caseId, issued.certificateId]) {
      // Act
      const reply = await trail(subject, app.keys.noItem);
      // Assess
      expect(reply.status, reply.text).toBe(403);
      expect(reply.body.error.code).toBe('FORBIDDEN_SERVICE_ITEM');
    }
  });

  it("shows another client nothing of a licence's trail, as for cases", async () => {
    expect((await trail(issued.certificateId, app.keys.other)).body).toEqual({ entries: [] });
    expect((await trail('CERT-UNKNOWN', app.keys.owner)).body).toEqual({ entries: [] });
  });
});

describe('GET /v1/stats', () => {
  const stats = async (key: string) => {
    await app.settleStats();
    const reply = await app.call('GET', '/v1/stats', { key });
    expect(reply.status, reply.text).toBe(200);
    return reply.body;
  };

  it('shows a scoped key only its service items, with no issuance of other items', async () => {
    // Act
    const scoped = await stats(app.keys.noItem);
    const everything = await stats(app.keys.owner);
    // Assess
    expect(scoped.cases.map((c: { serviceItemCode: string }) => c.serviceItemCode)).toEqual([
      'MINING_RIGHT_LICENSE',
    ]);
    expect(scoped.processing.map((p: { serviceItemCode: string }) => p.serviceItemCode)).toEqual([
      'MINING_RIGHT_LICENSE',
    ]);
    expect(scoped.totals).toMatchObject({ total: 0, overdue: 0 });
    expect(scoped.licencesIssuedPerDay.every((d: { count: number }) => d.count === 0)).toBe(true);
    expect(everything.licencesIssuedPerDay.at(-1).count).toBe(1);
  });

  it('totals the counts across the key’s items', async () => {
    // Act
    const body = await stats(app.keys.owner);
    // Assess
    const medical = body.cases.find(
      (c: { serviceItemCode: string }) => c.serviceItemCode === 'MEDICAL_DEVICE_EXPORT_CERT',
    );
    expect(medical).toMatchObject({ total: 3, byStatus: { SUBMITTED: 2, ISSUED: 1 }, overdue: 0 });
    expect(body.totals).toMatchObject({ total: 3, overdue: 0, byStatus: { SUBMITTED: 2, ISSUED: 1 } });
    const sum = body.cases.reduce((a: number, c: { total: number }) => a + c.total, 0);
    expect(body.totals.total).toBe(sum);
  });

  it('counts as overdue the cases awaiting decisions once their due date has passed', async () => {
    // Prepare: read the statistics as if a year had passed; the issued case is decided, the two others are not.
    const dueAts = await Promise.all(submitted.map(async (id) => (await app.raw.cases.get(id))?.dueAt));
    expect(dueAts.every((d) => typeof d === 'string')).toBe(true);
    const realClock = app.deps.clock;
    app.deps.clock = { now: () => new Date(Date.now() + 366 * 86_400_000) };
    try {
      // Act
      const later = await stats(app.keys.owner);
      const scoped = await stats(app.keys.noItem);
      // Assess
      const medical = later.cases.find(
        (c: { serviceItemCode: string }) => c.serviceItemCode === 'MEDICAL_DEVICE_EXPORT_CERT',
      );
      expect(medical.overdue).toBe(2);
      expect(later.totals.overdue).toBe(2);
      expect(scoped.totals.overdue).toBe(0);
    } finally {
      app.deps.clock = realClock;
    }
  });
});
