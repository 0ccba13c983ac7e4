/** Flows shared by the e2e tests: an approved case ready for issuance, over HTTP. */
import { expect } from 'vitest';
import { applicant, makePdf, medicalForm } from '../fixtures/cases.js';
import type { apiClient } from './local-runtime.js';

export const organisation = { ...applicant, organization: '湖南康达医疗器械有限公司' };

/** A MEDICAL_DEVICE_EXPORT_CERT case with `products` products, all materials accepted, approved. */
export async function approvedMedicalCase(
  api: ReturnType<typeof apiClient>,
  products: number,
): Promise<string> {
  const created = await api('POST', '/v1/cases', {
    json: {
      serviceItemCode: 'MEDICAL_DEVICE_EXPORT_CERT',
      applicant: organisation,
      form: medicalForm(products),
    },
  });
  const caseId = created.body.caseId as string;
  for (const code of ['APPLICATION_FORM', 'BUSINESS_LICENCE', 'PRODUCTION_LICENCE', 'PRODUCT_LIST']) {
    await api('PUT', `/v1/cases/${caseId}/materials/${code}`, {
      body: await makePdf(`${caseId}/${code}`),
      contentType: 'application/pdf',
    });
  }
  expect((await api('POST', `/v1/cases/${caseId}/submit`)).status).toBe(200);
  const approved = await api('POST', `/v1/cases/${caseId}/decisions`, {
    json: { department: '药品监督管理', decision: 'APPROVE' },
  });
  expect(approved.body.status).toBe('APPROVED');
  return caseId;
}
