/**
 * The progress-SMS templates as data: the shipped file loads, every event's text names the item, the issuance
 * text carries its link, and a broken file (missing event, unknown or missing placeholder, no signature, a
 * shortest text that overflows one segment) stops start-up naming the place to fix.
 */
import { describe, expect, it } from 'vitest';
import { progressTemplateFile } from '../../../functions/catalogue/sms-templates/index.js';
import {
  loadProgressTemplates,
  PROGRESS_KINDS,
  ProgressTemplateError,
  renderProgressSms,
} from '../../../functions/core/progress-sms/templates.js';
import { shippedCatalogue } from '../../support/fakes.js';

const context = {
  itemNames: shippedCatalogue()
    .list()
    .map((i) => i.name),
  sampleUrl: `https://zz.hunan.gov.cn/s/${'x'.repeat(22)}`,
};
const shipped = () => structuredClone(progressTemplateFile.content) as Record<string, any>;
const problemsOf = (content: unknown): string => {
  try {
    loadProgressTemplates({ file: 'progress.json', content }, context);
  } catch (error) {
    if (error instanceof ProgressTemplateError) return error.message;
    throw error;
  }
  return '';
};

describe('progress SMS templates', () => {
  it('loads the shipped file and renders each event with the item name within its length', () => {
    // Prepare
    const templates = loadProgressTemplates(progressTemplateFile, context);
    const values = {
      itemName: '医疗器械出口销售证明',
      dueDate: '2026-04-30',
      material: '产品照片',
      count: '54',
      url: context.sampleUrl,
    };

    // Act
    const texts = PROGRESS_KINDS.map((kind) => [kind, renderProgressSms(templates, kind, values)] as const);

    // Assess
    for (const [kind, text] of texts) {
      expect(text.startsWith('【湘证照】'), kind).toBe(true);
      expect(text, kind).toContain('医疗器械出口销售证明');
      expect(text, kind).not.toMatch(/[{}]/);
      expect([...text].length, kind).toBeLessThanOrEqual(templates.maxLength[kind]);
    }
    expect(Object.fromEntries(texts).ISSUED).toContain(`已签发54份证照，查看或下载：${context.sampleUrl}`);
    expect(Object.fromEntries(texts).DEFERRED_DUE).toContain('尚缺产品照片，请于2026-04-30前补交');
  });

  it('falls back to a shorter text when the most informative one would not fit', () => {
    const templates = loadProgressTemplates(progressTemplateFile, context);
    const long = renderProgressSms(templates, 'SUBMITTED', {
      itemName: '很'.repeat(50),
      dueDate: '2026-04-30',
    });
    expect(long).toBe(`【湘证照】您的${'很'.repeat(50)}申请已受理。`);
  });

  it('refuses a file without an event, with an unknown or missing placeholder, or without the signature', () => {
    const missing = shipped();
    delete missing.messages.RETURNED;
    expect(problemsOf(missing)).toMatch(/progress\.json \/messages\/RETURNED: /);

    const unknown = shipped();
    unknown.messages.APPROVED[0] = '【湘证照】您申请的{itemName}已于{dueDate}审批通过。';
    expect(problemsOf(unknown)).toContain('/messages/APPROVED/0: {dueDate} is not filled for APPROVED');

    const noLink = shipped();
    noLink.messages.ISSUED[1] = '【湘证照】{itemName}已签发{count}份。';
    expect(problemsOf(noLink)).toContain('/messages/ISSUED/1: every ISSUED text needs {url}');

    const unsigned = shipped();
    unsigned.messages.REJECTED[2] = '您的{itemName}申请不予批准。';
    expect(problemsOf(unsigned)).toContain('/messages/REJECTED/2: must start with 【湘证照】');

    const brace = shipped();
    brace.messages.SUBMITTED[0] = '【湘证照】您申请的{itemName已受理。';
    expect(problemsOf(brace)).toContain('/messages/SUBMITTED/0: a brace outside a {placeholder}');
  });

  it('refuses a shortest text that does not fit its length with the longest item name', () => {
    const tooLong = shipped();
    tooLong.messages.APPROVED = [`【湘证照】您的{itemName}申请已审批通过${'。'.repeat(60)}`];
    expect(problemsOf(tooLong)).toMatch(/\/messages\/APPROVED\/0: the shortest text is \d+ characters/);
  });
});
