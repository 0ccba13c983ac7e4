/**
 * The pledge document (告知承诺书) through the real renderer and the licence fonts: every part of it can be
 * read back from the PDF (pdftotext), including a signatory's rare character, and the same input gives the
 * same bytes.
 */
import { describe, expect, it } from 'vitest';
import { loadLicenceFonts } from '../../../functions/adapters/font-files.js';
import {
  createPledgeDocumentRenderer,
  type PledgeDocumentInput,
} from '../../../functions/core/pledges/pledge-document.js';
import { shippedCatalogue } from '../../support/fakes.js';
import { hasTool, pdfText } from '../../support/pdf-tools.js';

const item = shippedCatalogue().require('ROAD_TRANSPORT_BUSINESS_LICENSE');
const pledge = item.pledge;
if (!pledge) throw new Error('the road transport licence offers a pledge');

const input: PledgeDocumentInput = {
  caseId: 'CASE-01JQZ8Y7X2K4M6N8P0R2T4V6W8',
  itemCode: item.code,
  itemName: item.name,
  department: item.department,
  replaces: [{ code: 'DRIVER_QUALIFICATIONS', name: '驾驶人员驾驶证及从业资格证' }],
  text: pledge.text,
  basis: pledge.basis,
  checkWithinWorkingDays: pledge.checkWithinWorkingDays,
  barDays: pledge.barDays,
  // 䶮 (U+4DAE, CJK Extension A) is in names but outside GB 2312.
  signatory: '王䶮',
  organization: '湖南长大件物流有限公司',
  acceptedAt: new Date('2026-03-26T08:05:00Z'),
};

const withPdftotext = await hasTool('pdftotext');

describe('the pledge document', () => {
  it.runIf(withPdftotext)(
    'prints the item, the replaced material, the pledge, its basis, the consequences and the signatory',
    async () => {
      // Prepare
      const renderer = createPledgeDocumentRenderer(await loadLicenceFonts());

      // Act
      const pdf = await renderer.render(input);
      const again = await renderer.render(input);
      const text = (await pdfText(pdf)).replace(/\s+/g, '');

      // Assess
      expect(Buffer.from(pdf).subarray(0, 5).toString()).toBe('%PDF-');
      expect(Buffer.compare(Buffer.from(pdf), Buffer.from(again))).toBe(0);
      for (const expected of [
        '证明事项告知承诺书',
        '道路货物运输经营许可',
        '驾驶人员驾驶证及从业资格证',
        '国办发〔2020〕42号',
        '20个工作日内',
        '365日内不得再以告知承诺方式办理本事项',
        '签署人：王䶮',
        '湖南长大件物流有限公司',
        '2026年3月26日16:05',
        input.caseId,
      ]) {
        expect(text).toContain(expected);
      }
    },
    60_000,
  );
});
