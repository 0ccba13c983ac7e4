/**
 * 容缺受理 and 告知承诺 in the catalogue: what the shipped guides defer or accept a pledge for, and the load-time
 * checks that keep a guide from promising what the case code cannot keep.
 */
import { describe, expect, it } from 'vitest';
import { catalogueFiles } from '../../../functions/catalogue/index.js';
import { buildCatalogue, CatalogueError } from '../../../functions/core/catalogue/catalogue.js';

type Json = Record<string, any>;

const TRANSPORT = 'transport-oversize-permit.json';
const ROAD = 'road-transport-business-license.json';

const variant = (file: string, mutate: (item: Json) => void) =>
  catalogueFiles.map((entry) => {
    const content = structuredClone(entry.content) as Json;
    if (entry.file === file) mutate(content);
    return { file: entry.file, content };
  });

const messagesOf = (files: Array<{ file: string; content: unknown }>): string[] => {
  try {
    buildCatalogue(files);
  } catch (error) {
    if (error instanceof CatalogueError)
      return error.problems.map((p) => `${p.file} ${p.path}: ${p.message}`);
    throw error;
  }
  return [];
};

const rule = (item: Json, code: string): Json => item.materials.find((m: Json) => m.code === code);

describe('the shipped guides', () => {
  const catalogue = buildCatalogue(catalogueFiles);

  it('defer only photos and secondary certificates, each with its reason, never a form or an assessment', () => {
    // Prepare
    const deferrable = catalogue
      .list()
      .flatMap((item) => item.materials.filter((m) => m.deferrable).map((m) => ({ item, m })));

    // Assess
    expect(deferrable.map(({ item, m }) => `${item.code}/${m.code}`).sort()).toEqual([
      'DRUG_PRODUCTION_LICENSE/ORGANISATION_CHART',
      'MEDICAL_DEVICE_PRODUCTION_LICENSE/LEGAL_REPRESENTATIVE_ID',
      'MINING_RIGHT_LICENSE/PREVIOUS_LICENCE',
      'TRANSPORT_OVERSIZE_PERMIT/VEHICLE_LOAD_PHOTOS',
    ]);
    for (const { item, m } of deferrable) {
      expect(m.form).toBeUndefined();
      expect(m.name).not.toMatch(/申请|评估|评价|安全/);
      expect(m.deferrable?.why).toMatch(/[\u4e00-\u9fff]{10}/);
      expect(m.deferrable?.withinWorkingDays).toBeLessThanOrEqual(item.timeLimitWorkingDays);
    }
  });

  it('accept a pledge for the road transport licence in place of the drivers’ certificates, naming its basis', () => {
    const pledged = catalogue.list().filter((item) => item.pledge);

    expect(pledged.map((i) => i.code)).toEqual(['ROAD_TRANSPORT_BUSINESS_LICENSE']);
    expect(pledged[0]?.pledge).toMatchObject({
      replaces: ['DRIVER_QUALIFICATIONS'],
      checkWithinWorkingDays: 20,
      barDays: 365,
      basis: expect.stringContaining('国办发〔2020〕42号'),
    });
  });
});

describe('buildCatalogue refuses a guide that defers or pledges what it cannot', () => {
  it.each<[string, string, (item: Json) => void, RegExp]>([
    [
      'a deferrable application form',
      TRANSPORT,
      (i) => {
        rule(i, 'APPLICATION_FORM').deferrable = { withinWorkingDays: 1, why: '测试' };
      },
      /materials\/0\/deferrable: the application form cannot be supplied later/,
    ],
    [
      'a deferral longer than the promised limit',
      TRANSPORT,
      (i) => {
        rule(i, 'VEHICLE_LOAD_PHOTOS').deferrable.withinWorkingDays = 6;
      },
      /deferrable\/withinWorkingDays: 6 working days exceed the promised limit \(5\)/,
    ],
    [
      'a deferral without its reason',
      TRANSPORT,
      (i) => {
        delete rule(i, 'VEHICLE_LOAD_PHOTOS').deferrable.why;
      },
      /deferrable\/why/,
    ],
    [
      'a pledge replacing a material the item does not list',
      ROAD,
      (i) => {
        i.pledge.replaces = ['NO_SUCH_MATERIAL'];
      },
      /\/pledge\/replaces\/0: material NO_SUCH_MATERIAL is not in the checklist/,
    ],
    [
      'a pledge replacing the application form',
      ROAD,
      (i) => {
        i.pledge.replaces = ['DRIVER_QUALIFICATIONS', 'APPLICATION_FORM'];
      },
      /\/pledge\/replaces\/1: a pledge cannot replace the application form/,
    ],
    [
      'a material both deferred and replaced by the pledge',
      ROAD,
      (i) => {
        rule(i, 'DRIVER_QUALIFICATIONS').deferrable = { withinWorkingDays: 2, why: '测试' };
      },
      /DRIVER_QUALIFICATIONS is replaced by the pledge: it cannot also be deferred/,
    ],
    [
      'a pledge without a bar period',
      ROAD,
      (i) => {
        delete i.pledge.barDays;
      },
      /\/pledge\/barDays/,
    ],
  ])('%s', (_name, file, mutate, expected) => {
    const messages = messagesOf(variant(file, mutate));

    expect(messages.join('\n')).toMatch(expected);
  });
});
