/**
 * Approved cases to issue from, made over HTTP exactly as an upstream system would (create, upload the four
 * materials, submit, approve). Issuance is what is measured; this is its preparation.
 */
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { type BenchApi, expectStatus } from './http-client.js';

const MATERIALS = ['APPLICATION_FORM', 'BUSINESS_LICENCE', 'PRODUCTION_LICENCE', 'PRODUCT_LIST'];

const applicant = {
  name: '张三丰',
  idNumber: '11010519491231002X',
  mobile: '13800138000',
  organization: '湖南康达医疗器械有限公司',
};

/** The medical-device export form with `products` products (one licence each). */
export const medicalForm = (products: number) => ({
  enterpriseName: '湖南康达医疗器械有限公司',
  enterpriseNameEn: 'Hunan Kangda Medical Devices Co., Ltd.',
  creditCode: '91430100MA4L01111G', // GB 32100: G is this code's check character
  address: '长沙市岳麓区麓谷大道100号',
  productionLicenceNumber: '湘食药监械生产许20150012号',
  manufacturingMode: '自行生产',
  products: Array.from({ length: products }, (_, i) => ({
    name: `一次性使用无菌注射器${i + 1}`,
    nameEn: `Sterile syringe for single use ${i + 1}`,
    model: `${i + 1}ml`,
    registrationNumber: `湘械注准2023214${String(i).padStart(4, '0')}`,
    // Registrations run five years from today: the export certificate may not outlast them.
    registrationValidUntil: new Date(Date.now() + 5 * 365 * 86_400_000).toISOString().slice(0, 10),
  })),
});

/** A small one-page PDF that differs per label (materials are checked and hashed). */
async function materialPdf(label: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage([595, 842]).drawText(label, { x: 50, y: 780, font });
  return doc.save({ useObjectStreams: false });
}

/** Creates, completes, submits and approves one case; returns its id. */
export async function approvedCase(api: BenchApi, products: number): Promise<string> {
  // Made first, so that the requests follow one another (the metered pass times the whole intake).
  const caseTag = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const materials = await Promise.all(MATERIALS.map((code) => materialPdf(`${caseTag}/${code}`)));
  const created = expectStatus(
    await api('POST', '/v1/cases', {
      json: { serviceItemCode: 'MEDICAL_DEVICE_EXPORT_CERT', applicant, form: medicalForm(products) },
    }),
    201,
    'create case',
  );
  const caseId = created.json.caseId as string;
  for (const [i, code] of MATERIALS.entries()) {
    const reply = await api('PUT', `/v1/cases/${caseId}/materials/${code}`, {
      body: materials[i] as Uint8Array,
      contentType: 'application/pdf',
    });
    if (reply.status >= 300) expectStatus(reply, 200, `upload ${code}`);
  }
  expectStatus(await api('POST', `/v1/cases/${caseId}/submit`), 200, 'submit');
  const decided = await api('POST', `/v1/cases/${caseId}/decisions`, {
    json: { department: '药品监督管理', decision: 'APPROVE' },
  });
  if (decided.json?.status !== 'APPROVED') expectStatus(decided, -1, 'approve');
  return caseId;
}
