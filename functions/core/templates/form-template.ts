/**
 * What the blank application form (申请表) of a service item prints, free of pdf-lib: the rows of its
 * `formSchema` (labels from each property's `title`, hints from `description`, choices from `enum`), and the
 * item's materials checklist. The PDF renderer (render-template.ts) draws it; a load-time check makes sure
 * every property of a form material's schema has a title to print.
 */
import type { FormCondition, MaterialRule, ServiceItem } from '../catalogue/types.js';
import { DomainError } from '../errors.js';

type Schema = Record<string, unknown>;

/** One row of the form part: a label and the kind of blank that follows it. */
export type TemplateRow =
  | { kind: 'line'; label: string; required: boolean; hint?: string; lines: number; depth: number }
  | { kind: 'choices'; label: string; required: boolean; hint?: string; choices: string[]; depth: number }
  | { kind: 'group'; label: string; required: boolean; hint?: string; depth: number }
  | {
      kind: 'table';
      label: string;
      required: boolean;
      hint?: string;
      columns: string[];
      rows: number;
      depth: number;
    };

/** One line of the materials checklist. */
export interface TemplateMaterial {
  name: string;
  /** 必交, 选交, or the condition under which it is due. */
  requirement: string;
  description?: string;
}

/** Everything the template prints. */
export interface FormTemplate {
  /** The material's name, e.g. `道路货物运输经营申请表`. */
  title: string;
  itemCode: string;
  itemName: string;
  itemNameEn: string;
  department: string;
  departments: string[];
  timeLimitWorkingDays: number;
  rows: TemplateRow[];
  materials: TemplateMaterial[];
}

const isSchema = (value: unknown): value is Schema =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const propertiesOf = (schema: Schema): Array<[string, Schema]> =>
  isSchema(schema.properties)
    ? Object.entries(schema.properties).filter((entry): entry is [string, Schema] => isSchema(entry[1]))
    : [];

const requiredOf = (schema: Schema): Set<string> =>
  new Set(Array.isArray(schema.required) ? schema.required.filter((r) => typeof r === 'string') : []);

const textOf = (value: unknown): string | undefined =>
  typeof value === 'string' && value.length > 0 ? value : undefined;

/** Blank lines for a text of this length: one line holds about 40 characters. */
const linesFor = (schema: Schema): number => {
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : 0;
  return max > 400 ? 3 : max > 200 ? 2 : 1;
};

const DATE_HINT = '填写格式：年　月　日';

/** The rows of one property (and of its children), at `depth` (0 = top level). */
function rowsOf(key: string, schema: Schema, required: boolean, depth: number): TemplateRow[] {
  const label = textOf(schema.title) ?? key;
  const description = textOf(schema.description);
  const base = { label, required, depth, ...(description ? { hint: description } : {}) };
  const items = isSchema(schema.items) ? schema.items : undefined;
  const choices = Array.isArray(schema.enum)
    ? schema.enum
    : Array.isArray(items?.enum)
      ? items.enum
      : undefined;
  if (choices) return [{ ...base, kind: 'choices', choices: choices.map(String) }];
  if (schema.type === 'boolean') return [{ ...base, kind: 'choices', choices: ['是', '否'] }];
  if (schema.type === 'object') {
    const childRequired = requiredOf(schema);
    return [
      { ...base, kind: 'group' },
      ...propertiesOf(schema).flatMap(([k, s]) => rowsOf(k, s, childRequired.has(k), depth + 1)),
    ];
  }
  if (schema.type === 'array' && items?.type === 'object') {
    const columns = propertiesOf(items).map(([k, s]) => textOf(s.title) ?? k);
    const max = typeof schema.maxItems === 'number' ? schema.maxItems : 5;
    return [{ ...base, kind: 'table', columns, rows: Math.min(max, 5) }];
  }
  if (schema.type === 'array') {
    const max = typeof schema.maxItems === 'number' ? schema.maxItems : 3;
    return [{ ...base, kind: 'line', lines: Math.min(max, 3), hint: description ?? '每行填写一项' }];
  }
  const hint = schema.format === 'date' ? (description ?? DATE_HINT) : description;
  return [{ ...base, kind: 'line', lines: linesFor(schema), ...(hint ? { hint } : {}) }];
}

/** The form part of a template: every property of the schema, in its order. */
export function templateRows(formSchema: Schema): TemplateRow[] {
  const required = requiredOf(formSchema);
  return propertiesOf(formSchema).flatMap(([key, schema]) => rowsOf(key, schema, required.has(key), 0));
}

/** Pointers (dot paths) of properties the template would have to print by their key: no `title`. */
export function untitledProperties(schema: Schema, prefix = ''): string[] {
  return propertiesOf(schema).flatMap(([key, property]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    const own = textOf(property.title) ? [] : [path];
    const items = isSchema(property.items) ? property.items : undefined;
    const nested = property.type === 'object' ? untitledProperties(property, path) : [];
    const columns = items?.type === 'object' ? untitledProperties(items, `${path}[]`) : [];
    return [...own, ...nested, ...columns];
  });
}

const formatConditionValue = (value: unknown): string =>
  value === true
    ? '“是”'
    : value === false
      ? '“否”'
      : Array.isArray(value)
        ? value.join('、')
        : String(value);

/** A rule's condition in Chinese, e.g. `“车货总质量（吨）”大于100时提交`. */
function describeCondition(item: ServiceItem, condition: FormCondition): string {
  let schema: Schema | undefined = item.formSchema;
  for (const key of condition.field.split('.')) {
    const properties: unknown = schema?.properties;
    schema = isSchema(properties) && isSchema(properties[key]) ? properties[key] : undefined;
  }
  const field = `“${textOf(schema?.title) ?? condition.field}”`;
  const parts: Array<[unknown, string]> = [
    [condition.equals, '为'],
    [condition.gt, '大于'],
    [condition.gte, '不小于'],
    [condition.lt, '小于'],
    [condition.lte, '不大于'],
    [condition.in, '为以下之一：'],
  ];
  const found = parts.find(([value]) => value !== undefined);
  if (found) return `${field}${found[1]}${formatConditionValue(found[0])}时提交`;
  return condition.exists === false ? `未填写${field}时提交` : `填写${field}时提交`;
}

const requirementOf = (item: ServiceItem, rule: MaterialRule): string =>
  rule.required ? '必交' : rule.requiredWhen ? describeCondition(item, rule.requiredWhen) : '选交';

/**
 * The template of `materialCode` of `item`: 404 `MATERIAL_NOT_IN_CHECKLIST` for a code the item does not
 * list, 404 `MATERIAL_NOT_A_FORM` for a material that is a document to supply rather than a form to fill in.
 */
export function formTemplateOf(item: ServiceItem, materialCode: string): FormTemplate {
  const material = item.materials.find((m) => m.code === materialCode);
  if (!material) {
    throw new DomainError(
      'NOT_FOUND',
      'MATERIAL_NOT_IN_CHECKLIST',
      '该事项的材料清单中没有此材料',
      'No such material in the checklist',
      { details: { materialCode: materialCode.slice(0, 64), checklist: item.materials.map((m) => m.code) } },
    );
  }
  if (!material.form) {
    throw new DomainError(
      'NOT_FOUND',
      'MATERIAL_NOT_A_FORM',
      '该材料不是申请表，没有填报模板',
      'This material is not a form; it has no template',
      {
        details: {
          materialCode,
          forms: item.materials.filter((m) => m.form).map((m) => m.code),
        },
      },
    );
  }
  return {
    title: material.name,
    itemCode: item.code,
    itemName: item.name,
    itemNameEn: item.nameEn,
    department: item.department,
    departments: [...item.departments],
    timeLimitWorkingDays: item.timeLimitWorkingDays,
    rows: templateRows(item.formSchema),
    materials: item.materials.map((rule) => ({
      name: rule.name,
      requirement: requirementOf(item, rule),
      ...(rule.description ? { description: rule.description } : {}),
    })),
  };
}

/**
 * Catalogue-load checks of an item's application form: at most one material is the form, and every field of
 * the form schema has a title for its template to print (pointers inside the item's file).
 */
export function checkFormTemplate(item: ServiceItem): Array<{ path: string; message: string }> {
  const forms = item.materials.flatMap((m, index) => (m.form ? [index] : []));
  return [
    ...forms.slice(1).map((index) => ({
      path: `/materials/${index}/form`,
      message: 'only one material of an item can be its application form',
    })),
    ...(forms.length > 0 ? untitledProperties(item.formSchema) : []).map((field) => ({
      path: '/formSchema',
      message: `form field ${field} has no "title" to print on the application form's template`,
    })),
  ];
}
