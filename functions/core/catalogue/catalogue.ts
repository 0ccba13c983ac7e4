/**
 * The service-item catalogue (办事指南): data files validated once at start-up, then looked up per request.
 * A file that does not hold together (schema, JSON Schemas, cross-references, promises made to the public)
 * stops start-up with every problem listed, so a broken guide never reaches an applicant.
 */

import { DomainError } from '../errors.js';
import { checkFormTemplate } from '../templates/form-template.js';
import { checkCertificate, checkHolderAndValidityCap } from './certificate-checks.js';
import { describeConditionMismatch, isMaterialRequired } from './conditions.js';
import { checkDeferralsAndPledge } from './deferral-checks.js';
import { describeFormRuleProblems, evaluateFormRules, type FormRuleFailure } from './form-rules.js';
import {
  checkSchema,
  compileSchema,
  createSchemaCompiler,
  escapePointerSegment,
  findSchemaProperty,
  type SchemaValidator,
  type ValidationFailure,
} from './json-schema.js';
import { checkLicenceReferences } from './licence-references.js';
import { checkMaterialLimits } from './material-limits.js';
import { checkSamples, resolveSample, type SampleCheckOptions } from './samples.js';
import { checkSubject } from './subject-checks.js';
import {
  type MaterialRule,
  type ServiceItem,
  type ServiceItemSample,
  serviceItemFileSchema,
} from './types.js';

export type { FormRuleFailure } from './form-rules.js';
export type { ValidationFailure } from './json-schema.js';

/** One catalogue file as read (or imported) — `content` is untrusted until `buildCatalogue` accepts it. */
export interface CatalogueFile {
  file: string;
  content: unknown;
}

/** One thing wrong with a catalogue file: where (file + JSON pointer) and what. */
export interface CatalogueProblem {
  file: string;
  path: string;
  message: string;
}

/** Thrown by `buildCatalogue`; the message lists every problem as `file /json/pointer: message`. */
export class CatalogueError extends Error {
  readonly problems: readonly CatalogueProblem[];

  constructor(problems: readonly CatalogueProblem[]) {
    const lines = problems.map((p) => `  ${p.file} ${p.path || '/'}: ${p.message}`);
    super(`服务事项目录无效 / invalid service-item catalogue (${problems.length}):\n${lines.join('\n')}`);
    this.name = 'CatalogueError';
    this.problems = problems;
  }
}

/** The loaded, validated catalogue. Items are deeply frozen: they are shared by every request. */
export interface Catalogue {
  /** All items, in file order. */
  list(): ServiceItem[];
  get(code: string): ServiceItem | undefined;
  /** The item, or DomainError NOT_FOUND `SERVICE_ITEM_NOT_FOUND`. */
  require(code: string): ServiceItem;
  /** Failures of `form` against the item's `formSchema` (`[]` = valid); unknown code → NOT_FOUND. */
  validateForm(code: string, form: unknown): ValidationFailure[];
  /**
   * Broken cross-field rules (`formRules`) of a `form` that fits its schema, on `today` (`YYYY-MM-DD`,
   * Asia/Shanghai); `[]` = every rule holds. Unknown code → NOT_FOUND.
   */
  validateFormRules(code: string, form: unknown, today: string): FormRuleFailure[];
  /** Failures of a certificate's `fields` against the item's `certificate.fieldsSchema`. */
  validateFields(code: string, fields: unknown): ValidationFailure[];
  /** Whether the applicant must supply `rule` given this `form` (always, or when its condition holds). */
  isMaterialRequired(rule: MaterialRule, form: unknown): boolean;
  /** The item's sample (样表) with its dates resolved on the day of `now`; unknown code → NOT_FOUND. */
  sample(code: string, now: Date): ServiceItemSample;
}

/**
 * Material counts promised to the public for an item. The oversize-transport reform cut the documents from
 * 18 to 8 (see SERVICE-ITEMS.md); a catalogue edit that quietly adds a ninth breaks that promise.
 */
export const PROMISED_MATERIAL_COUNTS: Readonly<Record<string, number>> = { TRANSPORT_OVERSIZE_PERMIT: 8 };

/** Options of `buildCatalogue`. */
export interface BuildCatalogueOptions {
  /** Item code → exact number of material rules. @default PROMISED_MATERIAL_COUNTS */
  materialCounts?: Readonly<Record<string, number>>;
  /** How samples are checked: the licence fonts' glyphs, and extra days (see samples.ts). */
  samples?: SampleCheckOptions;
}

interface CompiledItem {
  item: ServiceItem;
  sample: ServiceItemSample;
  validateForm: SchemaValidator;
  validateFields: SchemaValidator;
}

type Problem = Omit<CatalogueProblem, 'file'>;

/**
 * Validates every file and builds the catalogue, or throws `CatalogueError` listing all problems of all
 * files. Pure: the caller supplies the file contents (see `functions/catalogue/index.ts`).
 */
export const buildCatalogue = (
  files: readonly CatalogueFile[],
  options: BuildCatalogueOptions = {},
): Catalogue => {
  const materialCounts = options.materialCounts ?? PROMISED_MATERIAL_COUNTS;
  const ajv = createSchemaCompiler();
  const problems: CatalogueProblem[] = [];
  const items = new Map<string, CompiledItem>();
  const firstFileOfCode = new Map<string, string>();
  if (files.length === 0) problems.push({ file: '(none)', path: '', message: 'the catalogue has no files' });
  for (const { file, content } of files) {
    const parsed = serviceItemFileSchema.safeParse(content);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        problems.push({ file, path: toPointer(issue.path), message: issue.message });
      }
      continue;
    }
    const { sample, ...item } = parsed.data;
    const earlier = firstFileOfCode.get(item.code);
    if (earlier !== undefined) {
      problems.push({
        file,
        path: '/code',
        message: `duplicate service item code ${item.code} (also in ${earlier})`,
      });
      continue;
    }
    firstFileOfCode.set(item.code, file);
    const schemaProblems = [
      ...checkSchema(ajv, item.formSchema).map((p) => ({ ...p, path: `/formSchema${p.path}` })),
      ...checkSchema(ajv, item.certificate.fieldsSchema).map((p) => ({
        ...p,
        path: `/certificate/fieldsSchema${p.path}`,
      })),
    ];
    const itemProblems = [...schemaProblems, ...checkItem(item, materialCounts), ...checkSubject(item)];
    problems.push(...itemProblems.map((p) => ({ file, ...p })));
    if (itemProblems.length > 0) continue;
    const validateForm = compileSchema(ajv, item.formSchema);
    const validateFields = compileSchema(ajv, item.certificate.fieldsSchema);
    items.set(item.code, {
      item: deepFreeze(item),
      sample: deepFreeze(sample),
      validateForm,
      validateFields,
    });
  }
  // Licence types named across items (materials that accept licences, prefill): once every item holds.
  if (problems.length === 0) {
    const entries = [...items.values()].map(({ item }) => ({
      file: firstFileOfCode.get(item.code) ?? '',
      item,
    }));
    problems.push(...checkLicenceReferences(entries));
  }
  if (problems.length > 0) throw new CatalogueError(problems);
  const catalogue = createCatalogue(items);
  // Samples last: they are checked by intake's and issuance's own code, which needs a working catalogue.
  const samples = [...items.values()].map(({ item, sample }) => ({
    item,
    sample,
    file: firstFileOfCode.get(item.code) ?? '',
  }));
  const sampleProblems = checkSamples(catalogue, samples, options.samples);
  if (sampleProblems.length > 0) throw new CatalogueError(sampleProblems);
  return catalogue;
};

const createCatalogue = (items: ReadonlyMap<string, CompiledItem>): Catalogue => {
  const requireCompiled = (code: string): CompiledItem => {
    const compiled = items.get(code);
    if (compiled === undefined) {
      throw new DomainError(
        'NOT_FOUND',
        'SERVICE_ITEM_NOT_FOUND',
        `未找到服务事项：${code}`,
        `service item not found: ${code}`,
        { details: { serviceItemCode: code } },
      );
    }
    return compiled;
  };
  return {
    list: () => [...items.values()].map((c) => c.item),
    get: (code) => items.get(code)?.item,
    require: (code) => requireCompiled(code).item,
    validateForm: (code, form) => requireCompiled(code).validateForm(form),
    validateFormRules: (code, form, today) =>
      evaluateFormRules(requireCompiled(code).item.formRules ?? [], form, today),
    validateFields: (code, fields) => requireCompiled(code).validateFields(fields),
    isMaterialRequired,
    sample: (code, now) => resolveSample(requireCompiled(code).sample, now),
  };
};

/** Cross-field invariants that neither zod nor JSON Schema can express. */
const checkItem = (item: ServiceItem, materialCounts: Readonly<Record<string, number>>): Problem[] => [
  ...checkTimeAndDepartments(item),
  ...checkMaterials(item, materialCounts[item.code]),
  ...describeFormRuleProblems(item.formRules ?? [], item.formSchema),
  ...checkCertificate(item),
  ...checkHolderAndValidityCap(item),
  ...checkFormTemplate(item),
  ...checkDeferralsAndPledge(item),
];

const checkTimeAndDepartments = (item: ServiceItem): Problem[] => {
  const problems: Problem[] = [];
  if (item.timeLimitWorkingDays > item.statutoryLimitWorkingDays) {
    problems.push({
      path: '/timeLimitWorkingDays',
      message: `the promised limit (${item.timeLimitWorkingDays}) exceeds the statutory limit (${item.statutoryLimitWorkingDays})`,
    });
  }
  if (!item.departments.includes(item.department)) {
    problems.push({
      path: '/department',
      message: `lead department ${item.department} is not in departments`,
    });
  }
  item.departments.forEach((department, index) => {
    if (item.departments.indexOf(department) !== index) {
      problems.push({ path: `/departments/${index}`, message: `duplicate department ${department}` });
    }
  });
  for (const [path, schema] of [
    ['/formSchema', item.formSchema],
    ['/certificate/fieldsSchema', item.certificate.fieldsSchema],
  ] as const) {
    if (
      schema.type !== 'object' ||
      findSchemaProperty(schema, '') !== undefined ||
      !isObject(schema.properties)
    ) {
      problems.push({ path, message: 'must be an object schema with "type": "object" and "properties"' });
    }
  }
  return problems;
};

const checkMaterials = (item: ServiceItem, expectedCount: number | undefined): Problem[] => {
  const problems: Problem[] = [];
  if (expectedCount !== undefined && item.materials.length !== expectedCount) {
    problems.push({
      path: '/materials',
      message: `${item.code} must have exactly ${expectedCount} material rules, found ${item.materials.length}`,
    });
  }
  item.materials.forEach((rule, index) => {
    const at = (suffix: string) => `/materials/${index}${suffix}`;
    if (item.materials.findIndex((r) => r.code === rule.code) !== index) {
      problems.push({ path: at('/code'), message: `duplicate material code ${rule.code}` });
    }
    problems.push(...checkMaterialLimits(rule).map((p) => ({ ...p, path: at(p.path) })));
    if (rule.requiredWhen === undefined) return;
    if (rule.required) {
      problems.push({ path: at('/requiredWhen'), message: 'a conditional rule must have "required": false' });
    }
    const property = findSchemaProperty(item.formSchema, rule.requiredWhen.field);
    const mismatch = property && describeConditionMismatch(rule.requiredWhen, property);
    if (property === undefined || mismatch !== undefined) {
      problems.push({
        path: at('/requiredWhen/field'),
        message: mismatch ?? `form field ${rule.requiredWhen.field} is not declared in formSchema properties`,
      });
    }
  });
  return problems;
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const toPointer = (path: readonly PropertyKey[]): string =>
  path.map((segment) => `/${escapePointerSegment(String(segment))}`).join('');

const deepFreeze = <T>(value: T): T => {
  if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
};
