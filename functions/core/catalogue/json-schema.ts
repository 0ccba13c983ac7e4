/**
 * JSON Schema (draft 2020-12) support for the catalogue: compiling `formSchema` / `fieldsSchema` with ajv in
 * strict mode, and turning ajv errors into `ValidationFailure`s an applicant can act on (JSON pointer + a
 * Chinese-first message), which the HTTP layer returns as `details` of `INVALID_FORM` / `INVALID_FIELDS`.
 */
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS; under NodeNext its default import is `module.exports`, whose `.default` is the plugin.
const addFormats = addFormatsModule.default;

/** One reason a value does not fit its schema. */
export interface ValidationFailure {
  /** JSON pointer into the validated value, e.g. `/dimensions/widthMetres` (`''` for the value itself). */
  path: string;
  /** Chinese first, then English, separated by " / ". */
  message: string;
}

/** Validates a value against one compiled schema; an empty array means the value fits. */
export type SchemaValidator = (value: unknown) => ValidationFailure[];

/**
 * A fresh ajv for draft 2020-12 with formats. `strict` turns unknown keywords, type-less keyword use and
 * `required` names without a property into compile errors, so a typo in a catalogue file fails at load
 * instead of silently accepting everything; `allErrors` lets an applicant see every problem at once.
 */
export const createSchemaCompiler = (): Ajv2020 => {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);
  return ajv;
};

/** Escapes one JSON pointer segment (RFC 6901 §3: `~` → `~0`, `/` → `~1`). */
export const escapePointerSegment = (segment: string | number): string =>
  String(segment).replaceAll('~', '~0').replaceAll('/', '~1');

/** Problems with a schema document itself, or `[]`; `path` is a pointer inside the schema. */
export const checkSchema = (ajv: Ajv2020, schema: Record<string, unknown>): ValidationFailure[] => {
  if (!ajv.validateSchema(schema)) {
    return (ajv.errors ?? []).map((e) => ({ path: e.instancePath, message: e.message ?? 'invalid schema' }));
  }
  try {
    ajv.compile(schema);
    return [];
  } catch (error) {
    return [{ path: '', message: error instanceof Error ? error.message : String(error) }];
  }
};

/** Compiles a schema already accepted by `checkSchema` into a validator. */
export const compileSchema = (ajv: Ajv2020, schema: Record<string, unknown>): SchemaValidator => {
  const validate = ajv.compile(schema);
  return (value) => (validate(value) ? [] : describeErrors(validate.errors ?? []));
};

const TYPE_NAMES_ZH: Record<string, string> = {
  string: '文本',
  number: '数字',
  integer: '整数',
  boolean: '是或否',
  object: '对象',
  array: '列表',
  null: '空值',
};

const COMPARISONS_ZH: Record<string, string> = { '<=': '不大于', '>=': '不小于', '<': '小于', '>': '大于' };

const FORMATS_ZH: Record<string, string> = {
  date: '日期（YYYY-MM-DD）',
  'date-time': '日期时间（ISO 8601）',
  email: '电子邮箱',
  uri: '网址',
};

type Params = Record<string, unknown>;
type Describe = (params: Params) => [zh: string, en: string];

const str = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

// Keyed by ajv keyword; anything else falls back to ajv's English message.
const DESCRIPTIONS: Record<string, Describe> = {
  required: () => ['必填项缺失', 'is required'],
  additionalProperties: () => ['不允许填写此项', 'is not allowed'],
  type: (p) => [`应为${TYPE_NAMES_ZH[str(p.type)] ?? str(p.type)}`, `must be of type ${str(p.type)}`],
  minimum: (p) => [
    `应${COMPARISONS_ZH[str(p.comparison)]}${str(p.limit)}`,
    `must be ${str(p.comparison)} ${str(p.limit)}`,
  ],
  format: (p) => [
    `格式应为${FORMATS_ZH[str(p.format)] ?? str(p.format)}`,
    `must be a valid ${str(p.format)}`,
  ],
  pattern: () => ['格式不正确', 'does not match the required format'],
  minLength: (p) => [`长度不能少于${str(p.limit)}个字符`, `must have at least ${str(p.limit)} characters`],
  maxLength: (p) => [`长度不能超过${str(p.limit)}个字符`, `must have at most ${str(p.limit)} characters`],
  minItems: (p) => [`至少填写${str(p.limit)}项`, `must have at least ${str(p.limit)} items`],
  maxItems: (p) => [`最多填写${str(p.limit)}项`, `must have at most ${str(p.limit)} items`],
  // ajv counts items from 0 (i, j); applicants count from 1 and read the earlier item first.
  uniqueItems: (p) => {
    const [earlier, later] = [Number(p.i), Number(p.j)].sort((a, b) => a - b).map((n) => n + 1);
    return [`第${later}项与第${earlier}项重复`, `item ${later} duplicates item ${earlier}`];
  },
  enum: (p) => {
    const values = Array.isArray(p.allowedValues) ? p.allowedValues.map(str) : [];
    return [`应为以下之一：${values.join('、')}`, `must be one of: ${values.join(', ')}`];
  },
  const: (p) => [`应为${str(p.allowedValue)}`, `must be ${str(p.allowedValue)}`],
};
for (const keyword of ['maximum', 'exclusiveMinimum', 'exclusiveMaximum']) {
  DESCRIPTIONS[keyword] = DESCRIPTIONS.minimum as Describe;
}

/**
 * Turns ajv errors into failures. `required` and `additionalProperties` point at the offending property
 * itself rather than its parent, because that is the field the applicant has to fix. Errors of combinators
 * (`if`, `anyOf`…) are dropped: ajv reports their failing branch separately.
 */
export const describeErrors = (errors: readonly ErrorObject[]): ValidationFailure[] => {
  const failures: ValidationFailure[] = [];
  for (const error of errors) {
    if (error.keyword === 'if' || error.keyword === 'anyOf' || error.keyword === 'oneOf') continue;
    const params = error.params as Params;
    const child = params.missingProperty ?? params.additionalProperty;
    const path =
      typeof child === 'string' ? `${error.instancePath}/${escapePointerSegment(child)}` : error.instancePath;
    const describe = DESCRIPTIONS[error.keyword];
    const [zh, en] = describe ? describe(params) : ['不符合要求', error.message ?? 'is invalid'];
    failures.push({ path, message: `${zh} / ${en}` });
  }
  return failures;
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * The sub-schema a dot path (`dimensions.widthMetres`) names by following `properties`, or `undefined` when
 * the schema does not declare it. Used to check that conditions and labels refer to real fields.
 */
export const findSchemaProperty = (
  schema: Record<string, unknown>,
  dotPath: string,
): Record<string, unknown> | undefined => {
  let current: Record<string, unknown> | undefined = schema;
  for (const key of dotPath.split('.')) {
    const properties: unknown = current?.properties;
    if (!isRecord(properties) || !Object.hasOwn(properties, key)) return undefined;
    const next = properties[key];
    current = isRecord(next) ? next : undefined;
  }
  return current;
};
