/**
 * 办件提醒, once per event: the audit chain's progress entries become one SMS each (the issuance batch one,
 * not one per licence), a second reader or a retry of the same event sends nothing, a failed send gives the
 * claim back so the retry sends, and every message is audited with the mobile masked. Core with fakes and a
 * fixed clock.
 */
import { describe, expect, it } from 'vitest';
import { progressTemplateFile } from '../../../functions/catalogue/sms-templates/index.js';
import type { CaseRecord, IssuanceRecord } from '../../../functions/core/cases/model.js';
import { eventOfEntry } from '../../../functions/core/events/domain-events.js';
import {
  deliverProgressSms,
  type ProgressSmsDependencies,
} from '../../../functions/core/progress-sms/deliver.js';
import { deliverIssuanceSms } from '../../../functions/core/progress-sms/issuance-sms.js';
import { runProgressSmsPump } from '../../../functions/core/progress-sms/progress-pump.js';
import { loadProgressTemplates } from '../../../functions/core/progress-sms/templates.js';
import type { EventCursor } from '../../../functions/ports/webhooks.js';
import { approvedCaseRecord } from '../../fixtures/cases.js';
import {
  FixedClock,
  MemoryAuditLog,
  MemoryCaseStore,
  MemorySmsLinkStore,
  MemorySmsSender,
  SequenceRandom,
  shippedCatalogue,
} from '../../support/fakes.js';
import { MemoryProgressSmsLog } from '../../support/progress-sms-fakes.js';

class MemoryCursor implements EventCursor {
  value = 0;
  async read() {
    return this.value;
  }
  async advance(from: number, to: number) {
    if (this.value !== from) return false;
    this.value = to;
    return true;
  }
}

function setup() {
  const clock = new FixedClock('2026-03-26T08:00:00Z');
  const audit = new MemoryAuditLog(clock);
  const catalogue = shippedCatalogue();
  const deps = {
    cases: new MemoryCaseStore(),
    catalogue,
    templates: loadProgressTemplates(progressTemplateFile, {
      itemNames: catalogue.list().map((i) => i.name),
      sampleUrl: `https://zz.hunan.gov.cn/s/${'x'.repeat(22)}`,
    }),
    sms: new MemorySmsSender(),
    log: new MemoryProgressSmsLog(),
    links: new MemorySmsLinkStore(),
    audit,
    clock,
    random: new SequenceRandom(),
    publicBaseUrl: 'https://zz.hunan.gov.cn',
  } satisfies ProgressSmsDependencies;
  return { ...deps, chain: audit, cursor: new MemoryCursor() };
}

/** An issued export case of `count` licences (batch BATCH-1) with its audit entries as issuance writes them. */
async function issuedCase(deps: ReturnType<typeof setup>, count: number, notifyMobile?: string) {
  const licences = Array.from({ length: count }, (_, i) => ({ certificateId: `CERT-${i + 1}` }));
  const record: CaseRecord = approvedCaseRecord('CASE-1', 'client', '2026-03-20T08:00:00Z', {
    status: 'ISSUED',
    dueAt: '2026-04-30T09:59:59.999Z',
    certificateIds: licences.map((l) => l.certificateId),
    issuance: {
      batchId: 'BATCH-1',
      requestHash: 'h',
      state: 'COMMITTED',
      startedAt: '2026-03-26T08:00:00Z',
      issuedAt: '2026-03-26T08:00:00Z',
      licences: licences as IssuanceRecord['licences'],
      ...(notifyMobile ? { notifyMobile } : {}),
    },
  });
  await deps.cases.create(record);
  await deps.audit.append([
    { actor: 'client', action: 'case.submitted', subject: 'CASE-1', details: { materials: 4 } },
    { actor: 'client', action: 'case.approved', subject: 'CASE-1', details: {} },
    ...licences.map((l) => ({
      actor: 'client',
      action: 'certificate.issued',
      subject: l.certificateId,
      details: { caseId: 'CASE-1', batchId: 'BATCH-1' },
    })),
    { actor: 'client', action: 'case.issued', subject: 'CASE-1', details: { batchId: 'BATCH-1', count } },
  ]);
  return record;
}

describe('progress SMS, at most once per event', () => {
  it('sends one message per case event and one for an issuance of 54 licences, and none on a second round', async () => {
    // Prepare
    const deps = setup();
    await issuedCase(deps, 54);

    // Act
    const first = await runProgressSmsPump(deps);
    deps.cursor.value = 0; // a second reader from the start of the chain (or a replayed stream)
    const second = await runProgressSmsPump(deps);

    // Assess
    expect(first).toMatchObject({ entriesRead: 57, sent: 3, already: 0 });
    expect(second).toMatchObject({ sent: 0, already: 3 });
    expect(deps.sms.sent.map((m) => m.to)).toEqual(['13800138000', '13800138000', '13800138000']);
    const [submitted, approved, issued] = deps.sms.sent;
    expect(submitted?.body).toBe(
      '【湘证照】您申请的医疗器械出口销售证明已受理，承诺2026-04-30前办结，办理进度将短信告知。',
    );
    expect(approved?.body).toContain('医疗器械出口销售证明已审批通过');
    expect(issued?.body).toMatch(
      /^【湘证照】您申请的医疗器械出口销售证明已签发54份证照，查看或下载：https:\/\/zz\.hunan\.gov\.cn\/s\/[\w-]{22}$/,
    );
    // One link to all 54 licences, in issuance order, stored only by its hash.
    const links = [...deps.links.links.values()];
    expect(links).toHaveLength(1);
    expect(links[0]?.certificateIds).toEqual(Array.from({ length: 54 }, (_, i) => `CERT-${i + 1}`));
    expect(links[0]?.mobileMasked).toBe('138****8000');
    // Audited once each, masked.
    const sent = deps.audit.entries.filter((e) => e.action === 'case.sms-sent');
    expect(sent.map((e) => e.details.kind)).toEqual(['SUBMITTED', 'APPROVED', 'ISSUED']);
    expect(sent.every((e) => e.details.mobile === '138****8000')).toBe(true);
  });

  it('texts the issuing request’s notify mobile, and the stream reader finds the request’s claim', async () => {
    // Prepare
    const deps = setup();
    await issuedCase(deps, 3, '13912345678');

    // Act: the issuing request delivers first, then the chain reader comes by.
    const request = await deliverIssuanceSms(deps, 'CASE-1');
    const again = await deliverIssuanceSms(deps, 'CASE-1');
    await runProgressSmsPump(deps);

    // Assess
    expect(request).toEqual({ status: 'SENT', messageId: 'MSG-1' });
    expect(again).toEqual({ status: 'SENT', messageId: 'MSG-1' });
    const issued = deps.sms.sent.filter((m) => m.body.includes('已签发'));
    expect(issued.map((m) => m.to)).toEqual(['13912345678']);
  });

  it('gives the claim back when the send fails, so the next round sends it (and only once)', async () => {
    // Prepare
    const deps = setup();
    await issuedCase(deps, 2);
    deps.sms.failWith = new Error('provider down');

    // Act
    const failed = await runProgressSmsPump(deps);
    deps.sms.failWith = undefined;
    const retried = await runProgressSmsPump(deps);
    const quiet = await runProgressSmsPump(deps);

    // Assess: the round stopped at the first progress entry and the cursor stayed before it.
    expect(failed).toMatchObject({ sent: 0, failed: 'Error', entriesRead: 0 });
    expect(retried.sent).toBe(3);
    expect(quiet.sent).toBe(0);
    expect(deps.sms.sent).toHaveLength(3);
    expect(deps.audit.actions()).toContain('case.sms-failed');
  });

  it('writes a missing audit entry on the next reading of an event sent before a crash', async () => {
    // Prepare: sent and recorded, but the audit write never happened.
    const deps = setup();
    await issuedCase(deps, 1);
    const entry = deps.audit.entries.find((e) => e.action === 'case.submitted');
    const event = entry && eventOfEntry(entry, ['case.submitted']);
    if (!event) throw new Error('no event');
    const append = deps.audit.append.bind(deps.audit);
    deps.audit.append = async () => {
      throw new Error('audit down');
    };
    await expect(deliverProgressSms(deps, event)).rejects.toThrow('audit down');
    deps.audit.append = append;

    // Act
    const again = await deliverProgressSms(deps, event);

    // Assess
    expect(again.outcome).toBe('ALREADY');
    expect(deps.sms.sent).toHaveLength(1);
    expect(deps.audit.actions().filter((a) => a === 'case.sms-sent')).toHaveLength(1);
  });
});
