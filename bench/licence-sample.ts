/**
 * The licence every part of the bench renders: the medical-device export certificate of the shipped
 * catalogue (the item the 54-licence batch issues), with a holder whose name needs the fallback font.
 */
import medicalDeviceExportCert from '../functions/catalogue/medical-device-export-cert.json' with {
  type: 'json',
};
import { type CertificateTemplate, certificateTemplateSchema } from '../functions/core/catalogue/types.js';
import type { LicenceRenderInput } from '../functions/core/licence/render/render-licence.js';

/** The catalogue's certificate template, validated as the product validates it. */
export const sampleTemplate: CertificateTemplate = certificateTemplateSchema.parse(
  (medicalDeviceExportCert as { certificate: unknown }).certificate,
);

/** The `index`-th licence of a batch: same layout, different number, identifier and product. */
export function sampleLicence(index = 1): LicenceRenderInput {
  const serial = String(index).padStart(7, '0');
  return {
    template: sampleTemplate,
    certificateId: `CERT-BENCH${serial}`,
    number: `湘药监械出2026${serial}`,
    identifier: `1.2.156.3005.2.YJ0207.11430000MB1D715235.${serial}.001.X`,
    holder: { name: '欧阳喆堃', organization: '湖南康达医疗器械有限公司' },
    fields: {
      enterpriseName: '湖南康达医疗器械有限公司',
      enterpriseNameEn: 'Hunan Kangda Medical Devices Co., Ltd.',
      address: '长沙市岳麓区麓谷大道100号',
      productionLicenceNumber: '湘食药监械生产许20150012号',
      productName: `一次性使用无菌注射器${index}`,
      productNameEn: `Sterile syringe for single use ${index}`,
      model: '1ml、2ml、5ml、10ml、20ml',
      registrationNumber: `湘械注准2023214${serial.slice(-4)}`,
      registrationValidUntil: '2028-06-30',
    },
    issuedAt: new Date('2026-03-26T02:00:00Z'),
    validFrom: new Date('2026-03-26T02:00:00Z'),
    validUntil: new Date('2028-03-25T15:59:59Z'),
    verifyUrl: `https://zz.example.gov.cn/verify/CERT-BENCH${serial}?code=AB12CD34EF56GH78IJ90KL12MN`,
  };
}

/** The text of the signature dictionary, the same for our pipeline and the baseline. */
export const SIGNATURE_TEXT = {
  reason: '电子证照签章 / Electronic licence seal',
  location: '中国湖南 / Hunan, China',
} as const;

/** The name on the seal certificates of the bench's chains. */
export const BENCH_AUTHORITY = '湖南省药品监督管理局';
