/**
 * Samples (样表): every shipped item's sample is accepted by intake (createCase) and planned by issuance
 * (planLicences) on any day; a broken sample, or one whose fixed date will go stale, stops the catalogue at
 * load naming file and JSON pointer; relative dates resolve on the Asia/Shanghai calendar day.
 */
import { describe, expect, it } from 'vitest';
import { licenceGlyphCoverage } from '../../../functions/adapters/licence-glyphs.js';
import { catalogueFiles } from '../../../functions/catalogue/index.js';
import { createCase } from '../../../functions/core/cases/case-service.js';
import type { CaseRecord } from '../../../functions/core/cases/model.js';
import { buildCatalogue, CatalogueError } from '../../../functions/core/catalogue/catalogue.js';
import { resolveSample } from '../../../functions/core/catalogue/samples.js';
import type { ServiceItemSample } from '../../../functions/core/catalogue/types.js';
import { planLicences } from '../../../functions/core/certificates/plan.js';
import { allowAll, FixedClock, memoryCaseDependencies } from '../../support/fakes.js';

type Json = Record<string, any>;

const glyphs = licenceGlyphCoverage();
const catalogue = buildCatalogue(catalogueFiles, { samples: { glyphs } });
const applicant = { name: '张三丰', idNumber: '11010519491231002X', mobile: '13800138000' };

const variant = (file: string, mutate: (item: Json) => void) =>
  catalogueFiles.map((entry) => {
    const content = structuredClone(entry.content) as Json;
    if (entry.file === file) mutate(content);
    return { file: entry.file, content };
  });

const problemsOf = (files: ReturnType<typeof variant>) => {
  try {
    buildCatalogue(files, { samples: { glyphs } });
  } catch (error) {
    if (error instanceof CatalogueError) return error.problems;
    throw error;
  }
  throw new Error('expected buildCatalogue to fail');
};

describe('every shipped sample passes intake and issuance', () => {
  const codes = catalogue.list().map((item) => item.code);

  it('covers all six items', () => {
    expect(codes).toHaveLength(6);
  });

  it.each(codes.flatMap((code) => [[code, '2026-03-26T08:00:00Z'] as const, [code, '2091-07-01T15:59:59Z']]))(
    '%s: a case opens with the sample form and its licences plan, on %s',
    async (code, at) => {
      // Prepare
      const clock = new FixedClock(at);
      const deps = memoryCaseDependencies({ clock, glyphs });
      const sample = catalogue.sample(code, clock.now());
      // Act
      const created = await createCase(deps, allowAll, {
        serviceItemCode: code,
        applicant,
        form: sample.form,
      });
      const record = (await deps.cases.get(created.caseId)) as CaseRecord;
      const item = catalogue.require(code);
      const planned = planLicences(
        catalogue,
        item,
        record,
        { certificates: sample.certificates },
        clock.now(),
        glyphs,
      );
      // Assess
      expect(created.status).toBe('DRAFT');
      expect(record.form).toEqual(sample.form);
      expect(planned.length).toBeGreaterThanOrEqual(1);
      for (const licence of planned) expect(licence.validUntil >= licence.validFrom).toBe(true);
    },
  );

  it('publishes no relative date: every $today is resolved', () => {
    for (const item of catalogue.list()) {
      expect(JSON.stringify(catalogue.sample(item.code, new Date()))).not.toContain('$today');
    }
  });

  it('keeps the sample out of the item itself (it has its own endpoint)', () => {
    expect(catalogue.require('TRANSPORT_OVERSIZE_PERMIT')).not.toHaveProperty('sample');
  });
});

describe('a broken sample stops the catalogue at load', () => {
  const TRANSPORT = 'transport-oversize-permit.json';
  const ROAD = 'road-transport-business-license.json';

  it('names the missing form field (intake: INVALID_FORM)', () => {
    const problems = problemsOf(variant(TRANSPORT, (i) => delete i.sample.form.carrierName));
    expect(problems).toContainEqual({
      file: TRANSPORT,
      path: '/sample/form/carrierName',
      message: expect.stringMatching(
        /^INVALID_FORM: 必填项缺失 \/ is required \(sample checked as on 2000-01-01\)$/,
      ),
    });
  });

  it('names a broken cross-field rule (intake: formRules)', () => {
    const problems = problemsOf(variant(TRANSPORT, (i) => (i.sample.form.cargo.weightTonnes = 500)));
    expect(problems).toContainEqual({
      file: TRANSPORT,
      path: '/sample/form/cargo/weightTonnes',
      message: expect.stringContaining('货物质量不得大于车货总质量'),
    });
  });

  it('refuses a fixed date that will go stale, though it holds today', () => {
    const problems = problemsOf(variant(TRANSPORT, (i) => (i.sample.form.tripEnd = '2080-01-31')));
    expect(problems).toContainEqual({
      file: TRANSPORT,
      path: '/sample/form/tripEnd',
      message: expect.stringMatching(/通行截止日期已过.*as on 2099-12-31/),
    });
  });

  it('names a licence field issuance would refuse (issuance: INVALID_FIELDS)', () => {
    const problems = problemsOf(variant(ROAD, (i) => (i.sample.certificates = [{ fields: {} }])));
    expect(problems).toContainEqual({
      file: ROAD,
      path: '/sample/certificates/0/fields/businessScope',
      message: expect.stringMatching(/^INVALID_FIELDS: /),
    });
  });

  it('names a character no licence can print', () => {
    const problems = problemsOf(variant(ROAD, (i) => (i.sample.form.legalRepresentative = '李\u202e四')));
    expect(problems).toContainEqual({
      file: ROAD,
      path: '/sample/form/legalRepresentative',
      message: expect.stringMatching(/^UNSUPPORTED_CHARACTER: .*U\+202E/),
    });
  });

  it('requires a sample of every item', () => {
    const problems = problemsOf(variant(ROAD, (i) => delete i.sample));
    expect(problems).toContainEqual({ file: ROAD, path: '/sample', message: expect.any(String) });
  });

  it('allows one application form per item, each field titled for its template', () => {
    const twoForms = problemsOf(variant(ROAD, (i) => (i.materials[1].form = true)));
    expect(twoForms).toContainEqual({
      file: ROAD,
      path: '/materials/1/form',
      message: 'only one material of an item can be its application form',
    });
    const untitled = problemsOf(variant(ROAD, (i) => delete i.formSchema.properties.vehicleCount.title));
    expect(untitled).toContainEqual({
      file: ROAD,
      path: '/formSchema',
      message: 'form field vehicleCount has no "title" to print on the application form\'s template',
    });
  });
});

describe('relative dates of a sample', () => {
  const sample: ServiceItemSample = {
    form: { a: '$today', b: '$today+7', c: ['$today-1'], d: { e: '$today+366' }, f: 'x$today', g: 3 },
    certificates: [{ fields: { h: '$today+1' } }],
  };

  it('resolve on the Asia/Shanghai day: 16:30 UTC is already the next day in Beijing', () => {
    // Act
    const resolved = resolveSample(sample, new Date('2026-12-31T16:30:00Z'));
    // Assess
    expect(resolved).toEqual({
      form: {
        a: '2027-01-01',
        b: '2027-01-08',
        c: ['2026-12-31'],
        d: { e: '2028-01-02' },
        f: 'x$today',
        g: 3,
      },
      certificates: [{ fields: { h: '2027-01-02' } }],
    });
  });

  it('an unknown item has no sample (404 SERVICE_ITEM_NOT_FOUND)', () => {
    expect(() => catalogue.sample('NO_SUCH_ITEM', new Date())).toThrow(
      expect.objectContaining({ code: 'SERVICE_ITEM_NOT_FOUND', kind: 'NOT_FOUND' }),
    );
  });
});
