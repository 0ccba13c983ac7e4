import { describe, expect, it } from 'vitest';
import { catalogueFiles } from '../../../functions/catalogue/index.js';
import { buildCatalogue, CatalogueError } from '../../../functions/core/catalogue/catalogue.js';

type Json = Record<string, any>;

const TRANSPORT = 'transport-oversize-permit.json';
const MEDICAL = 'medical-device-export-cert.json';

/** A deep copy of the shipped catalogue with one file changed by `mutate`. */
const variant = (file: string, mutate: (item: Json) => void) =>
  catalogueFiles.map((entry) => {
    const content = structuredClone(entry.content) as Json;
    if (entry.file === file) mutate(content);
    return { file: entry.file, content };
  });

const problemsOf = (files: Array<{ file: string; content: unknown }>): CatalogueError => {
  try {
    buildCatalogue(files);
  } catch (error) {
    if (error instanceof CatalogueError) return error;
    throw error;
  }
  throw new Error('expected buildCatalogue to fail');
};

describe('buildCatalogue rejects a broken catalogue, naming file and JSON path', () => {
  it.each<[string, string, (item: Json) => void, string, RegExp]>([
    [
      'a lower-case item code',
      TRANSPORT,
      (i) => {
        i.code = 'transport';
      },
      '/code',
      /Invalid string/i,
    ],
    [
      'an unknown top-level key',
      TRANSPORT,
      (i) => {
        i.fee = 0;
      },
      '',
      /fee/,
    ],
    [
      'a duplicate material code',
      TRANSPORT,
      (i) => {
        i.materials[3].code = 'APPLICATION_FORM';
      },
      '/materials/3/code',
      /duplicate material code APPLICATION_FORM/,
    ],
    [
      '7 material rules for the transport item',
      TRANSPORT,
      (i) => {
        i.materials.pop();
      },
      '/materials',
      /exactly 8 material rules, found 7/,
    ],
    [
      '9 material rules for the transport item',
      TRANSPORT,
      (i) => {
        i.materials.push({ ...i.materials[0], code: 'EXTRA' });
      },
      '/materials',
      /exactly 8 material rules, found 9/,
    ],
    [
      'an invalid JSON Schema type',
      TRANSPORT,
      (i) => {
        i.formSchema.properties.totalWeightTonnes.type = 'float';
      },
      '/formSchema/properties/totalWeightTonnes/type',
      /allowed values/,
    ],
    [
      'an unknown JSON Schema keyword (strict mode)',
      TRANSPORT,
      (i) => {
        i.formSchema.properties.axleCount.minimun = 2;
      },
      '/formSchema',
      /unknown keyword: "minimun"/,
    ],
    [
      'a required name without property (strict mode)',
      MEDICAL,
      (i) => {
        i.certificate.fieldsSchema.required.push('holderPhone');
      },
      '/certificate/fieldsSchema',
      /holderPhone/,
    ],
    [
      'a condition on an unknown form field',
      TRANSPORT,
      (i) => {
        i.materials[7].requiredWhen.field = 'grossWeight';
      },
      '/materials/7/requiredWhen/field',
      /grossWeight is not declared/,
    ],
    [
      'a condition on an unknown nested field',
      TRANSPORT,
      (i) => {
        i.materials[6].requiredWhen.field = 'dimensions.breadth';
      },
      '/materials/6/requiredWhen/field',
      /dimensions\.breadth/,
    ],
    [
      'a numeric condition on a text field',
      TRANSPORT,
      (i) => {
        i.materials[7].requiredWhen = { field: 'vehiclePlate', gt: 1 };
      },
      '/materials/7/requiredWhen/field',
      /compares numbers/,
    ],
    [
      'a condition value outside the enum',
      MEDICAL,
      (i) => {
        i.materials[4].requiredWhen.equals = '代工';
      },
      '/materials/4/requiredWhen/field',
      /enum/,
    ],
    [
      'a condition with two comparisons',
      TRANSPORT,
      (i) => {
        i.materials[7].requiredWhen.lt = 500;
      },
      '/materials/7/requiredWhen',
      /exactly one of/,
    ],
    [
      'a conditional rule marked required',
      TRANSPORT,
      (i) => {
        i.materials[7].required = true;
      },
      '/materials/7/requiredWhen',
      /"required": false/,
    ],
    [
      'maxPages on an image-only rule',
      TRANSPORT,
      (i) => {
        i.materials[4].maxPages = 1;
      },
      '/materials/4/maxPages',
      /application\/pdf/,
    ],
    [
      'an unsupported media type',
      TRANSPORT,
      (i) => {
        i.materials[0].mediaTypes = ['image/gif'];
      },
      '/materials/0/mediaTypes/0',
      /image\/jpeg/,
    ],
    [
      'a label for an undeclared certificate field',
      TRANSPORT,
      (i) => {
        i.certificate.fieldLabels.push({ key: 'driver', label: '驾驶员' });
      },
      '/certificate/fieldLabels/12/key',
      /driver is not declared/,
    ],
    [
      'onePerFormItem naming a non-array field',
      MEDICAL,
      (i) => {
        i.certificate.onePerFormItem = 'enterpriseName';
      },
      '/certificate/onePerFormItem',
      /"type": "array"/,
    ],
    [
      'an issuer code failing its GB 32100 check',
      TRANSPORT,
      (i) => {
        i.certificate.issuerCode = '11430000006142632L';
      },
      '/certificate/issuerCode',
      /GB 32100/,
    ],
    [
      'a promised limit above the statutory one',
      TRANSPORT,
      (i) => {
        i.timeLimitWorkingDays = 21;
      },
      '/timeLimitWorkingDays',
      /exceeds the statutory limit/,
    ],
    [
      'a lead department that does not approve',
      TRANSPORT,
      (i) => {
        i.department = '发展改革';
      },
      '/department',
      /not in departments/,
    ],
    [
      'a form schema that is not an object schema',
      MEDICAL,
      (i) => {
        i.formSchema = { type: 'array', items: { type: 'string' } };
      },
      '/formSchema',
      /object schema/,
    ],
    [
      'a material accepting a licence type no item issues',
      TRANSPORT,
      (i) => {
        i.materials[1].acceptsLicences = [{ type: 'ROAD_TRANSPORT_LICENCE' }];
      },
      '/materials/1/acceptsLicences/0/type',
      /no item of the catalogue issues licence type ROAD_TRANSPORT_LICENCE/,
    ],
    [
      'a prefill of a form path the form does not declare',
      TRANSPORT,
      (i) => {
        i.prefill[0].formPath = '/carrier';
      },
      '/prefill/0/formPath',
      /\/carrier is not declared in formSchema/,
    ],
    [
      'a prefill from a licence field the licence does not have',
      MEDICAL,
      (i) => {
        i.prefill[0].field = 'companyName';
      },
      '/prefill/0/field',
      /field companyName is not declared in MEDICAL_DEVICE_PRODUCTION_LICENSE/,
    ],
    [
      'a prefill whose licence field has another type than the form field',
      TRANSPORT,
      (i) => {
        i.prefill[0].formPath = '/axleCount';
      },
      '/prefill/0/field',
      /form \/axleCount is "integer" but licence field enterpriseName is "string"/,
    ],
    [
      'a prefill from a licence type no item issues',
      MEDICAL,
      (i) => {
        i.prefill[0].fromCertificateType = 'DEVICE_LICENCE';
      },
      '/prefill/0/fromCertificateType',
      /no item of the catalogue issues licence type DEVICE_LICENCE/,
    ],
  ])('rejects %s', (_, file, mutate, path, message) => {
    // Prepare
    const files = variant(file, mutate);

    // Act
    const error = problemsOf(files);

    // Assess
    expect(error.problems).toContainEqual({ file, path, message: expect.stringMatching(message) });
    expect(error.message).toContain(`${file} ${path || '/'}: `);
  });

  it('reports every problem of every file at once', () => {
    // Prepare
    const files = variant(TRANSPORT, (i) => {
      i.materials.pop();
      i.certificate.issuerCode = '11430000006142632L';
    }).map((entry) =>
      entry.file === MEDICAL ? { ...entry, content: { ...(entry.content as Json), nameEn: '' } } : entry,
    );

    // Act
    const error = problemsOf(files);

    // Assess
    expect(error.problems.map((p) => `${p.file} ${p.path}`)).toEqual(
      expect.arrayContaining([
        `${TRANSPORT} /materials`,
        `${TRANSPORT} /certificate/issuerCode`,
        `${MEDICAL} /nameEn`,
      ]),
    );
    expect(error.message).toMatch(/^服务事项目录无效 \/ invalid service-item catalogue \(3\)/);
  });

  it('rejects two files declaring the same item code, naming the first file', () => {
    // Prepare
    const first = catalogueFiles[0] as { file: string; content: unknown };
    const files = [...catalogueFiles, { file: 'copy.json', content: structuredClone(first.content) }];

    // Act
    const error = problemsOf(files);

    // Assess
    expect(error.problems).toEqual([
      {
        file: 'copy.json',
        path: '/code',
        message: `duplicate service item code TRANSPORT_OVERSIZE_PERMIT (also in ${first.file})`,
      },
    ]);
  });

  it('rejects content that is not an object at all', () => {
    const error = problemsOf([{ file: 'empty.json', content: null }]);
    expect(error.problems[0]).toMatchObject({ file: 'empty.json', path: '' });
  });

  it('rejects an empty catalogue', () => {
    expect(() => buildCatalogue([])).toThrow(CatalogueError);
  });

  it('lets a caller change the promised material counts', () => {
    // Prepare
    const files = variant(TRANSPORT, (i) => {
      i.materials.pop();
    });

    // Act
    const catalogue = buildCatalogue(files, { materialCounts: { TRANSPORT_OVERSIZE_PERMIT: 7 } });

    // Assess
    expect(catalogue.require('TRANSPORT_OVERSIZE_PERMIT').materials).toHaveLength(7);
  });
});
