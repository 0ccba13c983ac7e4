import { describe, expect, it } from 'vitest';
import { catalogueFiles } from '../../../functions/catalogue/index.js';
import { buildCatalogue } from '../../../functions/core/catalogue/catalogue.js';
import type { ServiceItem } from '../../../functions/core/catalogue/types.js';
import {
  checkCharacterGb11714,
  isValidUnifiedSocialCreditCode,
} from '../../../functions/core/licence/identifier.js';

const MB = 1024 * 1024;
const catalogue = buildCatalogue(catalogueFiles);
const item = (code: string): ServiceItem => catalogue.require(code);

describe('the shipped service items (SERVICE-ITEMS.md)', () => {
  it('runs the oversize-transport permit in parallel through three departments within 5 of 20 days', () => {
    const transport = item('TRANSPORT_OVERSIZE_PERMIT');
    expect(transport.name).toBe('超限运输车辆行驶公路许可');
    expect(transport.departments).toEqual(['交通运输', '住房和城乡建设', '公安']);
    expect([transport.timeLimitWorkingDays, transport.statutoryLimitWorkingDays]).toEqual([5, 20]);
    expect(transport.materials).toHaveLength(8);
  });

  it('issues the oversize pass for the trip window of the form rather than a fixed term', () => {
    const { certificate, formSchema } = item('TRANSPORT_OVERSIZE_PERMIT');
    expect(certificate.name).toBe('超限运输车辆通行证');
    expect(certificate.validityDays).toBeUndefined();
    expect(formSchema.required).toEqual(expect.arrayContaining(['tripStart', 'tripEnd']));
  });

  it('issues one medical-device export certificate per product within one working day', () => {
    const medical = item('MEDICAL_DEVICE_EXPORT_CERT');
    expect(medical.timeLimitWorkingDays).toBe(1);
    expect(medical.certificate.onePerFormItem).toBe('products');
    expect(medical.materials.filter((m) => m.required).map((m) => m.code)).toEqual([
      'APPLICATION_FORM',
      'BUSINESS_LICENCE',
      'PRODUCTION_LICENCE',
      'PRODUCT_LIST',
    ]);
  });

  it('grants the drug production licence for five years within 20 working days', () => {
    const drug = item('DRUG_PRODUCTION_LICENSE');
    expect(drug.timeLimitWorkingDays).toBe(20);
    expect(drug.certificate.validityDays).toBe(1826);
    expect(drug.materials.map((m) => m.code)).toEqual(
      expect.arrayContaining([
        'APPLICATION_FORM',
        'BUSINESS_LICENCE',
        'SITE_AND_FLOOR_PLANS',
        'QUALITY_SYSTEM_DOCUMENTS',
      ]),
    );
  });

  it('takes the mining licence term from the form', () => {
    const mining = item('MINING_RIGHT_LICENSE');
    expect(mining.timeLimitWorkingDays).toBe(20);
    expect(mining.certificate.validityDays).toBeUndefined();
    expect(mining.formSchema.required).toContain('termYears');
    expect(mining.materials.map((m) => m.name)).toEqual(
      expect.arrayContaining(['采矿权申请登记书', '矿产资源开发利用方案', '矿山地质环境保护与土地复垦方案']),
    );
  });

  it('grants the road transport business licence and the device production licence to enterprises', () => {
    const road = item('ROAD_TRANSPORT_BUSINESS_LICENSE');
    const device = item('MEDICAL_DEVICE_PRODUCTION_LICENSE');
    // 《道路运输条例》第二十四条: decided within 20 days; 《医疗器械监督管理条例》: a production licence runs 5 years.
    expect(road.statutoryLimitWorkingDays).toBe(20);
    expect(device.statutoryLimitWorkingDays).toBe(20);
    expect(device.certificate.validityDays).toBe(1826);
    for (const { certificate } of [road, device]) {
      expect(certificate.holderFromForm).toEqual({
        nameField: 'enterpriseName',
        creditCodeField: 'creditCode',
      });
    }
  });

  it('accepts the licences these items issue as materials of the items that ask for them', () => {
    const accepted = (code: string, material: string) =>
      item(code).materials.find((m) => m.code === material)?.acceptsLicences;
    expect(accepted('TRANSPORT_OVERSIZE_PERMIT', 'ROAD_TRANSPORT_BUSINESS_PERMIT')).toEqual([
      { type: item('ROAD_TRANSPORT_BUSINESS_LICENSE').certificate.type },
    ]);
    expect(accepted('MEDICAL_DEVICE_EXPORT_CERT', 'PRODUCTION_LICENCE')).toEqual([
      { type: item('MEDICAL_DEVICE_PRODUCTION_LICENSE').certificate.type },
    ]);
  });

  it('names the lead Hunan authority as issuer, with a valid credit code as issuer code', () => {
    const issuers = catalogue.list().map((i) => [i.code, i.certificate.issuer]);
    expect(issuers).toEqual([
      ['TRANSPORT_OVERSIZE_PERMIT', '湖南省交通运输厅'],
      ['MEDICAL_DEVICE_EXPORT_CERT', '湖南省药品监督管理局'],
      ['DRUG_PRODUCTION_LICENSE', '湖南省药品监督管理局'],
      ['MINING_RIGHT_LICENSE', '湖南省自然资源厅'],
      ['ROAD_TRANSPORT_BUSINESS_LICENSE', '湖南省交通运输厅'],
      ['MEDICAL_DEVICE_PRODUCTION_LICENSE', '湖南省药品监督管理局'],
    ]);
    for (const { certificate } of catalogue.list()) {
      // 1 = registered by the institutional-establishment authority, 1 = state organ, 430000 = Hunan
      expect(certificate.issuerCode.slice(0, 8)).toBe('11430000');
      expect(isValidUnifiedSocialCreditCode(certificate.issuerCode)).toBe(true);
      expect(checkCharacterGb11714(certificate.issuerCode.slice(8, 16))).toBe(certificate.issuerCode[16]);
    }
  });

  it('gives one issuer the same credit code on every item', () => {
    const codes = new Map<string, Set<string>>();
    for (const { certificate } of catalogue.list()) {
      codes.set(certificate.issuer, (codes.get(certificate.issuer) ?? new Set()).add(certificate.issuerCode));
    }
    for (const set of codes.values()) expect(set.size).toBe(1);
  });

  it('uses distinct licence type codes and number prefixes', () => {
    const certificates = catalogue.list().map((i) => i.certificate);
    expect(new Set(certificates.map((c) => c.typeCode)).size).toBe(certificates.length);
    expect(new Set(certificates.map((c) => c.numberPrefix)).size).toBe(certificates.length);
  });

  it('limits every material: PDFs by pages and at most 20 MB, images by resolution and at most 10 MB', () => {
    for (const { materials } of catalogue.list()) {
      for (const rule of materials) {
        const images = rule.mediaTypes.some((t) => t.startsWith('image/'));
        expect(rule.maxBytes, rule.code).toBeLessThanOrEqual(images ? 10 * MB : 20 * MB);
        if (rule.mediaTypes.includes('application/pdf')) expect(rule.maxPages, rule.code).toBeGreaterThan(0);
        if (images) {
          expect(rule.minImageShortSide, rule.code).toBeGreaterThanOrEqual(600);
          expect(rule.minImageLongSide, rule.code).toBeGreaterThanOrEqual(800);
        }
      }
    }
  });

  it('labels every certificate field the template declares', () => {
    for (const { certificate } of catalogue.list()) {
      const declared = Object.keys(certificate.fieldsSchema.properties as object);
      expect(certificate.fieldLabels.map((l) => l.key).sort()).toEqual(declared.sort());
    }
  });
});
