/**
 * Cross-field rules of a form (`formRules` of a service item): what a JSON Schema cannot say — that a trip
 * ends no earlier than it starts, that the cargo weighs no more than vehicle and cargo together, that a
 * product registration is still in force, that a 统一社会信用代码 carries its GB 32100 check character.
 * Rules are data, checked at catalogue load (every pointer names a declared property of the right type) and
 * evaluated at case creation and again at submit, so a case that can only fail at issuance never gets that far.
 *
 * Operands are JSON pointers into the form (RFC 6901); one `*` segment stands for every element of an array
 * (`/products/*\/registrationValidUntil`), and `$today` is the Asia/Shanghai calendar day of the check.
 */
import * as z from 'zod';
import { isValidUnifiedSocialCreditCode } from '../licence/identifier.js';
import type { ValidationFailure } from './json-schema.js';

/** `$today`: the calendar day (Asia/Shanghai) on which the rule is checked. */
export const TODAY = '$today';

const pointerSchema = z
  .string()
  .regex(/^(\/[^/]+)+$/, 'a JSON pointer into the form, e.g. /tripStart')
  .refine((p) => p.split('/').filter((s) => s === '*').length <= 1, 'at most one "*" segment');
const dateOperandSchema = z.union([z.literal(TODAY), pointerSchema]);

/** The rule kinds; an unknown kind (or two in one rule) fails the catalogue at load. */
export const formRuleKindSchema = z.union(
  [
    /** The first date is on or before the second (dates `YYYY-MM-DD`, or `$today`). */
    z.strictObject({ dateOrder: z.tuple([dateOperandSchema, dateOperandSchema]) }),
    /** The first number is at most the second. */
    z.strictObject({ lessOrEqual: z.tuple([pointerSchema, pointerSchema]) }),
    /** The text is a unified social credit code with a correct GB 32100 check character. */
    z.strictObject({ creditCode: pointerSchema }),
  ],
  { error: 'a rule is exactly one of {"dateOrder":[a,b]}, {"lessOrEqual":[a,b]}, {"creditCode":p}' },
);
export type FormRuleKind = z.infer<typeof formRuleKindSchema>;

export const formRuleSchema = z.strictObject({
  /** Stable code, UPPER_SNAKE, unique within the item; returned with each failure. */
  code: z.string().regex(/^[A-Z][A-Z0-9_]*$/),
  rule: formRuleKindSchema,
  /** What the applicant must correct, in Chinese (shown first) and English. */
  messageZh: z.string().min(1),
  messageEn: z.string().min(1),
});
export type FormRule = z.infer<typeof formRuleSchema>;

/** A broken rule: the pointers of every field involved (`fields`), the first as `path`, and the rule's code. */
export interface FormRuleFailure extends ValidationFailure {
  rule: string;
  fields: string[];
}

/** The operands of a rule, in order. */
export const operandsOf = (kind: FormRuleKind): string[] =>
  'dateOrder' in kind ? kind.dateOrder : 'lessOrEqual' in kind ? kind.lessOrEqual : [kind.creditCode];

const decode = (segment: string) => segment.replaceAll('~1', '/').replaceAll('~0', '~');
const segmentsOf = (pointer: string) => pointer.slice(1).split('/').map(decode);

/** Own properties and array indexes only, so `__proto__` or `constructor` never reach a prototype. */
const child = (value: unknown, key: string): unknown => {
  if (Array.isArray(value)) return /^(0|[1-9]\d*)$/.test(key) ? value[Number(key)] : undefined;
  if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined;
  return (value as Record<string, unknown>)[key];
};
const read = (value: unknown, segments: readonly string[]): unknown =>
  segments.reduce<unknown>((current, key) => child(current, key), value);

interface Operand {
  /** Concrete pointer (`*` replaced by the index); absent for `$today`. */
  path?: string;
  value: unknown;
  /** The element index a `*` was bound to. */
  index?: number;
}

/** Every value an operand stands for: one, or one per array element for a `*` pointer. */
const expand = (form: unknown, operand: string, today: string): Operand[] => {
  if (operand === TODAY) return [{ value: today }];
  const segments = segmentsOf(operand);
  const star = segments.indexOf('*');
  if (star < 0) return [{ path: operand, value: read(form, segments) }];
  const prefix = operand
    .split('/')
    .slice(0, star + 1)
    .join('/');
  const rest = operand
    .split('/')
    .slice(star + 2)
    .map((s) => `/${s}`)
    .join('');
  const array = read(form, segments.slice(0, star));
  if (!Array.isArray(array)) return [];
  return array.map((element, index) => ({
    path: `${prefix}/${index}${rest}`,
    value: read(element, segments.slice(star + 1)),
    index,
  }));
};

/** Pairs of operand values: by element when both range over the same array, else every combination. */
const pairsOf = (a: Operand[], b: Operand[]): Array<[Operand, Operand]> => {
  const pairs: Array<[Operand, Operand]> = [];
  for (const x of a) {
    for (const y of b) {
      if (x.index === undefined || y.index === undefined || x.index === y.index) pairs.push([x, y]);
    }
  }
  return pairs;
};

/** A real calendar date `YYYY-MM-DD` (the schema's `format: date` has already been checked, but stay total). */
const isDate = (value: unknown): value is string =>
  typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** The pairs or single values of `kind` that break it in `form`; absent values are the schema's business. */
const violations = (kind: FormRuleKind, form: unknown, today: string): Operand[][] => {
  if ('creditCode' in kind) {
    return expand(form, kind.creditCode, today)
      .filter((o) => typeof o.value === 'string' && !isValidUnifiedSocialCreditCode(o.value))
      .map((o) => [o]);
  }
  const pairs = (a: string, b: string) => pairsOf(expand(form, a, today), expand(form, b, today));
  if ('dateOrder' in kind) {
    // ISO dates order as strings.
    return pairs(...kind.dateOrder).filter(
      ([x, y]) => isDate(x.value) && isDate(y.value) && x.value > y.value,
    );
  }
  return pairs(...kind.lessOrEqual).filter(
    ([x, y]) => isNumber(x.value) && isNumber(y.value) && x.value > y.value,
  );
};

/**
 * The broken rules of `form` (`[]` when every rule holds). Total: any form, however malformed, gives a list.
 * `today` is `YYYY-MM-DD` in Asia/Shanghai.
 */
export const evaluateFormRules = (
  rules: readonly FormRule[],
  form: unknown,
  today: string,
): FormRuleFailure[] =>
  rules.flatMap((rule) =>
    violations(rule.rule, form, today).map((operands) => {
      const fields = operands.flatMap((o) => (o.path === undefined ? [] : [o.path]));
      return {
        path: fields[0] ?? '',
        fields,
        rule: rule.code,
        message: `${rule.messageZh} / ${rule.messageEn}`,
      };
    }),
  );

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** The schema of the property a pointer names (`*` = the array's `items`), or undefined if undeclared. */
const schemaAt = (schema: Record<string, unknown>, pointer: string): Record<string, unknown> | undefined => {
  let current: Record<string, unknown> | undefined = schema;
  for (const segment of segmentsOf(pointer)) {
    if (current === undefined) return undefined;
    if (segment === '*') {
      current = current.type === 'array' && isRecord(current.items) ? current.items : undefined;
      continue;
    }
    const properties: unknown = current.properties;
    const next = isRecord(properties) && Object.hasOwn(properties, segment) ? properties[segment] : undefined;
    current = isRecord(next) ? next : undefined;
  }
  return current;
};

const typesOf = (schema: Record<string, unknown>): unknown[] =>
  Array.isArray(schema.type) ? schema.type : [schema.type];

/** Why an operand cannot serve in `kind`, or undefined when it fits. */
const operandMismatch = (kind: FormRuleKind, property: Record<string, unknown>): string | undefined => {
  const types = typesOf(property);
  if ('dateOrder' in kind) {
    return types.includes('string') && property.format === 'date'
      ? undefined
      : 'dateOrder compares dates: the field needs "type": "string", "format": "date"';
  }
  if ('lessOrEqual' in kind) {
    return types.includes('number') || types.includes('integer')
      ? undefined
      : 'lessOrEqual compares numbers: the field needs "type": "number" or "integer"';
  }
  return types.includes('string') ? undefined : 'creditCode reads text: the field needs "type": "string"';
};

/** The array a `*` pointer ranges over (`/products` for `/products/*\/name`), or undefined. */
const arrayOf = (pointer: string): string | undefined => {
  const at = pointer.split('/').indexOf('*');
  return at < 0 ? undefined : pointer.split('/').slice(0, at).join('/');
};

/**
 * Problems of an item's rules against its form schema (`[]` = sound): duplicate codes, pointers to undeclared
 * properties or of the wrong type, a pair that ranges over two different arrays, `$today` against itself.
 * Checked at catalogue load so that a typo fails start-up instead of a rule that silently never applies.
 */
export const describeFormRuleProblems = (
  rules: readonly FormRule[],
  formSchema: Record<string, unknown>,
): Array<{ path: string; message: string }> => {
  const problems: Array<{ path: string; message: string }> = [];
  rules.forEach((rule, index) => {
    const at = `/formRules/${index}`;
    if (rules.findIndex((r) => r.code === rule.code) !== index) {
      problems.push({ path: `${at}/code`, message: `duplicate form rule code ${rule.code}` });
    }
    const operands = operandsOf(rule.rule);
    const pointers = operands.filter((o) => o !== TODAY);
    if (pointers.length === 0) problems.push({ path: `${at}/rule`, message: 'a rule needs a form field' });
    const arrays = new Set(pointers.map(arrayOf).filter((a) => a !== undefined));
    if (arrays.size > 1) {
      problems.push({
        path: `${at}/rule`,
        message: `the operands range over different arrays: ${[...arrays]}`,
      });
    }
    operands.forEach((operand, i) => {
      if (operand === TODAY) return;
      const property = schemaAt(formSchema, operand);
      const path = `${at}/rule/${Object.keys(rule.rule)[0]}${operands.length > 1 ? `/${i}` : ''}`;
      const mismatch = property && operandMismatch(rule.rule, property);
      if (property === undefined || mismatch !== undefined) {
        problems.push({ path, message: mismatch ?? `${operand} is not declared in formSchema` });
      }
    });
  });
  return problems;
};
