import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { catalogueFiles } from '../../../functions/catalogue/index.js';
import { buildCatalogue, type Catalogue } from '../../../functions/core/catalogue/catalogue.js';
import { DomainError } from '../../../functions/core/errors.js';

const TRANSPORT = 'TRANSPORT_OVERSIZE_PERMIT';

const transportForm = (overrides: Record<string, unknown> = {}) => ({
  carrierName: '长沙津广物流有限公司',
  vehiclePlate: '湘A12345',
  trailerPlate: '湘A6789挂',
  axleCount: 6,
  cargo: { name: '变压器', weightTonnes: 80, indivisible: true },
  dimensions: { lengthMetres: 20, widthMetres: 3.5, heightMetres: 4.2 },
  totalWeightTonnes: 95,
  route: { origin: '长沙市望城区', destination: '岳阳市云溪区', via: ['G4京港澳高速', 'G5513长张高速'] },
  tripStart: '2026-04-01',
  tripEnd: '2026-04-03',
  submittedByAgent: false,
  ...overrides,
});

let catalogue: Catalogue;
beforeAll(() => {
  catalogue = buildCatalogue(catalogueFiles);
});

const requiredCodes = (form: unknown) =>
  catalogue
    .require(TRANSPORT)
    .materials.filter((rule) => catalogue.isMaterialRequired(rule, form))
    .map((rule) => rule.code);

describe('catalogue lookup', () => {
  it('lists the six shipped service items in file order', () => {
    expect(catalogue.list().map((item) => item.code)).toEqual([
      'TRANSPORT_OVERSIZE_PERMIT',
      'MEDICAL_DEVICE_EXPORT_CERT',
      'DRUG_PRODUCTION_LICENSE',
      'MINING_RIGHT_LICENSE',
      'ROAD_TRANSPORT_BUSINESS_LICENSE',
      'MEDICAL_DEVICE_PRODUCTION_LICENSE',
    ]);
  });

  it('gets an item by code and returns undefined for an unknown code', () => {
    expect(catalogue.get('MINING_RIGHT_LICENSE')?.name).toBe('采矿许可证');
    expect(catalogue.get('NO_SUCH_ITEM')).toBeUndefined();
  });

  it('throws a bilingual NOT_FOUND SERVICE_ITEM_NOT_FOUND from require for an unknown code', () => {
    // Act
    const attempt = () => catalogue.require('NO_SUCH_ITEM');

    // Assess
    expect(attempt).toThrow(DomainError);
    expect(attempt).toThrowError(
      expect.objectContaining({
        kind: 'NOT_FOUND',
        code: 'SERVICE_ITEM_NOT_FOUND',
        messageZh: '未找到服务事项：NO_SUCH_ITEM',
        messageEn: 'service item not found: NO_SUCH_ITEM',
      }),
    );
    expect(() => catalogue.validateForm('NO_SUCH_ITEM', {})).toThrowError(
      expect.objectContaining({ code: 'SERVICE_ITEM_NOT_FOUND' }),
    );
  });

  it('hands out frozen items so one request cannot change the guide for the next', () => {
    const item = catalogue.require(TRANSPORT);
    expect(Object.isFrozen(item)).toBe(true);
    expect(Object.isFrozen(item.materials[0])).toBe(true);
    expect(() => {
      (item as { timeLimitWorkingDays: number }).timeLimitWorkingDays = 1;
    }).toThrow(TypeError);
  });
});

describe('validateForm', () => {
  it('accepts a complete oversize-transport form', () => {
    expect(catalogue.validateForm(TRANSPORT, transportForm())).toEqual([]);
  });

  it('reports every failing field as a JSON pointer with a Chinese-first message', () => {
    // Prepare
    const { carrierName: _, ...withoutCarrier } = transportForm({
      dimensions: { lengthMetres: 20, widthMetres: -1, heightMetres: 4.2 },
      vehiclePlate: '湘O1234',
      tripEnd: '2026-02-30',
      colour: 'red',
    });

    // Act
    const failures = catalogue.validateForm(TRANSPORT, withoutCarrier);

    // Assess
    expect(failures).toEqual(
      expect.arrayContaining([
        { path: '/carrierName', message: '必填项缺失 / is required' },
        { path: '/colour', message: '不允许填写此项 / is not allowed' },
        { path: '/dimensions/widthMetres', message: '应大于0 / must be > 0' },
        { path: '/vehiclePlate', message: '格式不正确 / does not match the required format' },
        { path: '/tripEnd', message: '格式应为日期（YYYY-MM-DD） / must be a valid date' },
      ]),
    );
    expect(failures).toHaveLength(5);
  });

  it('rejects a form that is not an object at its root', () => {
    expect(catalogue.validateForm(TRANSPORT, [])).toEqual([
      { path: '', message: '应为对象 / must be of type object' },
    ]);
  });

  it('accepts 54 products in one medical-device application and refuses 101 or none', () => {
    // Prepare
    const products = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        name: `医用电子体温计${i + 1}`,
        nameEn: `Clinical electronic thermometer ${i + 1}`,
        model: `KFT-${i + 1}`,
        registrationNumber: `湘械注准2023207${String(i).padStart(4, '0')}`,
        registrationValidUntil: '2028-06-30',
      }));
    const form = (n: number) => ({
      enterpriseName: '可孚医疗科技股份有限公司',
      enterpriseNameEn: 'Cofoe Medical Technology Co., Ltd.',
      creditCode: '91110000600037341L',
      address: '湖南省长沙市岳麓区',
      productionLicenceNumber: '湘食药监械生产许20150023号',
      manufacturingMode: '自行生产',
      products: products(n),
    });

    // Act / Assess
    expect(catalogue.validateForm('MEDICAL_DEVICE_EXPORT_CERT', form(54))).toEqual([]);
    expect(catalogue.validateForm('MEDICAL_DEVICE_EXPORT_CERT', form(101))).toEqual([
      { path: '/products', message: '最多填写100项 / must have at most 100 items' },
    ]);
    expect(catalogue.validateForm('MEDICAL_DEVICE_EXPORT_CERT', form(0))).toEqual([
      { path: '/products', message: '至少填写1项 / must have at least 1 items' },
    ]);
  });

  it('demands the counterparty of a contract-manufacturing drug licence (category B or C)', () => {
    const failures = catalogue.validateForm('DRUG_PRODUCTION_LICENSE', {
      enterpriseName: '湖南某某制药有限公司',
      creditCode: '91110000600037341L',
      registeredAddress: '湖南省长沙市',
      productionAddress: '湖南省浏阳市',
      legalRepresentative: '张三',
      enterpriseLeader: '李四',
      productionLeader: '王五',
      qualityLeader: '赵六',
      qualityAuthorizedPerson: '钱七',
      licenceCategory: 'B',
      productionScope: ['片剂', '片剂'],
      submittedByAgent: false,
    });
    expect(failures).toEqual([
      { path: '/counterpartyName', message: '必填项缺失 / is required' },
      { path: '/productionScope', message: '第2项与第1项重复 / item 2 duplicates item 1' },
    ]);
  });

  it('accepts any form built from valid values and pins a broken number to its path', () => {
    fc.assert(
      fc.property(
        fc.record({
          axleCount: fc.integer({ min: 2, max: 30 }),
          widthMetres: fc.double({ min: 0.1, max: 12, noNaN: true }),
          totalWeightTonnes: fc.double({ min: 0.1, max: 2000, noNaN: true }),
          via: fc.array(fc.string({ minLength: 1, maxLength: 20 }), { maxLength: 30 }),
        }),
        fc.constantFrom(0, -5, 1e6),
        ({ axleCount, widthMetres, totalWeightTonnes, via }, bad) => {
          // Prepare
          const route = { origin: '长沙', destination: '岳阳', via };
          const dimensions = { lengthMetres: 20, widthMetres, heightMetres: 4 };
          const valid = transportForm({ axleCount, dimensions, totalWeightTonnes, route });

          // Act / Assess
          expect(catalogue.validateForm(TRANSPORT, valid)).toEqual([]);
          const broken = catalogue.validateForm(TRANSPORT, {
            ...valid,
            dimensions: { ...dimensions, widthMetres: bad },
          });
          expect(broken.map((f) => f.path)).toEqual(['/dimensions/widthMetres']);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('validateFields', () => {
  it('checks certificate fields against the template and names missing ones', () => {
    // Prepare
    const fields = {
      holderName: '湖南某某矿业有限公司',
      address: '湖南省郴州市',
      mineName: '某某铅锌矿',
      economicType: '有限责任公司',
      mineralType: '铅矿、锌矿',
      miningMethod: '地下开采',
      productionScale: '30万吨/年',
      areaSquareKm: 1.2345,
      miningDepth: '由 520 米至 -80 米标高',
      termYears: 10,
    };
    const { termYears: _, ...withoutTerm } = fields;

    // Act / Assess
    expect(catalogue.validateFields('MINING_RIGHT_LICENSE', fields)).toEqual([]);
    expect(catalogue.validateFields('MINING_RIGHT_LICENSE', withoutTerm)).toEqual([
      { path: '/termYears', message: '必填项缺失 / is required' },
    ]);
    expect(catalogue.validateFields('MINING_RIGHT_LICENSE', { ...fields, termYears: 2.5 })).toEqual([
      { path: '/termYears', message: '应为整数 / must be of type integer' },
    ]);
  });
});

describe('isMaterialRequired on the oversize-transport checklist', () => {
  it('asks a light, narrow, low load without agent for the four base materials only', () => {
    expect(requiredCodes(transportForm())).toEqual([
      'APPLICATION_FORM',
      'ROAD_TRANSPORT_BUSINESS_PERMIT',
      'VEHICLE_DOCUMENTS',
      'VEHICLE_LOAD_PHOTOS',
    ]);
  });

  it('adds the bridge/tunnel assessment above 100 tonnes, not at exactly 100', () => {
    expect(requiredCodes(transportForm({ totalWeightTonnes: 100 }))).not.toContain(
      'BRIDGE_TUNNEL_ASSESSMENT',
    );
    expect(requiredCodes(transportForm({ totalWeightTonnes: 100.01 }))).toContain('BRIDGE_TUNNEL_ASSESSMENT');
  });

  it('adds escort plan, outline drawing and agent authorisation when the form says so', () => {
    // Prepare
    const form = transportForm({
      dimensions: { lengthMetres: 30, widthMetres: 4.2, heightMetres: 4.9 },
      totalWeightTonnes: 180,
      submittedByAgent: true,
    });

    // Act
    const codes = requiredCodes(form);

    // Assess
    expect(codes).toEqual(expect.arrayContaining(['ESCORT_PLAN', 'OUTLINE_DRAWING', 'AGENT_AUTHORISATION']));
    expect(codes).toHaveLength(8);
  });
});
