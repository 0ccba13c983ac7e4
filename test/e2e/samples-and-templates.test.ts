/**
 * 样表 and templates over HTTP against the local runtime: every item's published sample opens a case as it
 * is (201) and, for the oversize permit, carries the case through approval to issued licences with the
 * sample's licence fields; a form material's template is a PDF that qpdf accepts, whose text (pdftotext) shows
 * the item, department and every field label in Chinese, and whose glyphs are drawn (not blank boxes); the
 * same catalogue gives the same bytes; unknown items and materials, and materials that are not forms, 404.
 */
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogueFiles } from '../../functions/catalogue/index.js';
import { applicant, makePdf, makePng } from '../fixtures/cases.js';
import { contractFetch } from '../support/contract.js';
import { apiClient, type RunningRuntime, startRuntime } from '../support/local-runtime.js';
import { pdfText, renderPage, runTool, shareOfPixels, withTempDir } from '../support/pdf-tools.js';

let runtime: RunningRuntime;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  runtime = await startRuntime();
  api = apiClient(runtime.url, runtime.apiKey);
}, 60_000);
afterAll(async () => {
  await runtime?.stop();
});

const shanghaiToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

async function getPdf(pathname: string): Promise<{ status: number; type: string | null; bytes: Uint8Array }> {
  const res = await contractFetch(`${runtime.url}${pathname}`);
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    bytes: new Uint8Array(await res.arrayBuffer()),
  };
}

describe('samples (样表)', () => {
  it('every item publishes a sample whose form opens a case as it is', async () => {
    // Prepare: the shipped items (the catalogue files the runtime loads)
    const items = catalogueFiles.map((f) => f.content as { code: string });
    expect(items).toHaveLength(6);
    for (const item of items) {
      // Act
      const sample = await api('GET', `/v1/service-items/${item.code}/sample`);
      const created = await api('POST', '/v1/cases', {
        json: { serviceItemCode: item.code, applicant, form: sample.body.form },
      });
      // Assess
      expect(sample.status, sample.text).toBe(200);
      expect(sample.body.certificates.length).toBeGreaterThanOrEqual(1);
      expect(sample.text).not.toContain('$today');
      expect(created.status, `${item.code}: ${created.text}`).toBe(201);
      expect(created.body.form).toEqual(sample.body.form);
    }
  }, 60_000);

  it('the oversize permit sample is dated from today and its licence fields issue a licence', async () => {
    // Prepare
    const sample = await api('GET', '/v1/service-items/TRANSPORT_OVERSIZE_PERMIT/sample');
    expect(sample.body.form.tripStart).toBe(shanghaiToday());
    const created = await api('POST', '/v1/cases', {
      json: { serviceItemCode: 'TRANSPORT_OVERSIZE_PERMIT', applicant, form: sample.body.form },
    });
    const caseId = created.body.caseId as string;
    for (const item of created.body.checklist.filter((c: { required: boolean }) => c.required)) {
      const photo = item.materialCode === 'VEHICLE_LOAD_PHOTOS';
      const put = await api('PUT', `/v1/cases/${caseId}/materials/${item.materialCode}`, {
        body: photo ? makePng(800, 1000, 7) : await makePdf(`${caseId}/${item.materialCode}`),
        contentType: photo ? 'image/png' : 'application/pdf',
      });
      expect(put.body.status, put.text).toBe('ACCEPTED');
    }
    expect((await api('POST', `/v1/cases/${caseId}/submit`)).status).toBe(200);
    for (const department of ['交通运输', '住房和城乡建设', '公安']) {
      await api('POST', `/v1/cases/${caseId}/decisions`, { json: { department, decision: 'APPROVE' } });
    }
    // Act
    const issued = await api('POST', `/v1/cases/${caseId}/certificates`, {
      json: { certificates: sample.body.certificates },
    });
    // Assess
    expect(issued.status, issued.text).toBe(201);
    expect(issued.body.certificates[0].fields.route).toBe(sample.body.certificates[0].fields.route);
  }, 120_000);

  it('an unknown item has no sample: 404 SERVICE_ITEM_NOT_FOUND', async () => {
    const res = await api('GET', '/v1/service-items/NO_SUCH_ITEM/sample');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('SERVICE_ITEM_NOT_FOUND');
  });
});

describe('templates of form materials', () => {
  it('the road transport application form: a valid PDF with the item, department and field labels in Chinese', async () => {
    // Act
    const first = await getPdf(
      '/v1/service-items/ROAD_TRANSPORT_BUSINESS_LICENSE/templates/APPLICATION_FORM',
    );
    const again = await getPdf(
      '/v1/service-items/ROAD_TRANSPORT_BUSINESS_LICENSE/templates/APPLICATION_FORM',
    );
    // Assess
    expect(first.status).toBe(200);
    expect(first.type).toBe('application/pdf');
    const check = await withTempDir(async (dir) => {
      const file = path.join(dir, 'template.pdf');
      await writeFile(file, first.bytes);
      return runTool('qpdf', ['--check', file]);
    });
    expect(check.code, check.output).toBe(0);
    expect(check.output).toContain('No syntax or stream encoding errors found');
    const text = (await pdfText(first.bytes)).replace(/\s+/g, '');
    for (const label of [
      '道路货物运输经营申请表',
      '道路货物运输经营许可',
      '交通运输',
      '经营者名称',
      '统一社会信用代码',
      '住所（经营地址）',
      '法定代表人（负责人）',
      '拟投入车辆数',
      '驾驶人员数',
      '道路普通货物运输',
      '大型物件运输',
      '申请材料清单',
      '安全生产管理制度文本',
      '“由经办人代为申请”为“是”时',
      '申请人（签章）',
    ]) {
      expect(text, label).toContain(label);
    }
    // Drawn glyphs, not blank boxes (a font subsetting fault would leave the title area empty).
    const page = await renderPage(first.bytes, { dpi: 72 });
    const ink = shareOfPixels(
      page,
      { xMin: 150, yMin: 50, xMax: 445, yMax: 85 },
      ([r, g, b]) => r + g + b < 300,
    );
    expect(ink).toBeGreaterThan(0.05);
    // Same catalogue, same bytes.
    const hash = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
    expect(hash(again.bytes)).toBe(hash(first.bytes));
  }, 60_000);

  it('the medical export form prints its products table with its column headings', async () => {
    const pdf = await getPdf('/v1/service-items/MEDICAL_DEVICE_EXPORT_CERT/templates/APPLICATION_FORM');
    expect(pdf.status).toBe(200);
    const text = (await pdfText(pdf.bytes)).replace(/\s+/g, '');
    for (const label of [
      '出口产品',
      '产品名称',
      '产品英文名称',
      '型号规格',
      '注册证有效期至',
      '自行生产',
      '委托生产',
    ]) {
      expect(text, label).toContain(label);
    }
  }, 60_000);

  it.each([
    ['NO_SUCH_ITEM', 'APPLICATION_FORM', 'SERVICE_ITEM_NOT_FOUND'],
    ['ROAD_TRANSPORT_BUSINESS_LICENSE', 'NO_SUCH_MATERIAL', 'MATERIAL_NOT_IN_CHECKLIST'],
    ['ROAD_TRANSPORT_BUSINESS_LICENSE', 'SAFETY_MANAGEMENT_SYSTEM', 'MATERIAL_NOT_A_FORM'],
    ['MEDICAL_DEVICE_PRODUCTION_LICENSE', 'REGISTRATION_CERTIFICATES', 'MATERIAL_NOT_A_FORM'],
  ])('%s / %s → 404 %s', async (code, material, error) => {
    const res = await api('GET', `/v1/service-items/${code}/templates/${material}`);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe(error);
  });
});
