/**
 * Conditions on a case's `form` (e.g. "the bridge/tunnel assessment is required when
 * `totalWeightTonnes > 100`"). Evaluation is total: any form, however malformed, gives true or false.
 */
import type { FormCondition, MaterialRule } from './types.js';

/** The comparison keys of a `FormCondition`; exactly one is set in a valid condition. */
export const CONDITION_OPERATORS = ['equals', 'gt', 'gte', 'lt', 'lte', 'in', 'exists'] as const;
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];

/** The single comparison a condition makes (the first one set, should a hand-built condition carry more). */
export const conditionOperator = (condition: FormCondition): ConditionOperator | undefined =>
  CONDITION_OPERATORS.find((operator) => condition[operator] !== undefined);

/**
 * Reads a dot path (`dimensions.widthMetres`) from a JSON value. Only own properties of plain objects are
 * followed, so `constructor` or `__proto__` in a catalogue file never reach the prototype chain, and array
 * elements are not addressable (a condition on "some product" would need a quantifier we do not have).
 * JSON `null` counts as absent: forms send it for a cleared field.
 */
export const readDotPath = (value: unknown, path: string): unknown => {
  let current: unknown = value;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    if (!Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current === null ? undefined : current;
};

const isComparableNumber = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value);

/**
 * True when `form` satisfies the condition. A missing field makes every comparison false, except
 * `exists: false`, so a conditional material is never demanded because of a field the applicant did not fill.
 * Numbers are compared only with numbers and `equals` is strict (`"100"` is not `100`), because the form
 * has already been validated against its schema and a type mismatch means the rule, not the form, is off.
 */
export const evaluateCondition = (condition: FormCondition, form: unknown): boolean => {
  const value = readDotPath(form, condition.field);
  const operator = conditionOperator(condition);
  if (operator === 'exists') return condition.exists === (value !== undefined);
  if (value === undefined) return false;
  switch (operator) {
    case 'equals':
      return value === condition.equals;
    case 'gt':
      return isComparableNumber(value) && value > (condition.gt as number);
    case 'gte':
      return isComparableNumber(value) && value >= (condition.gte as number);
    case 'lt':
      return isComparableNumber(value) && value < (condition.lt as number);
    case 'lte':
      return isComparableNumber(value) && value <= (condition.lte as number);
    case 'in':
      return (typeof value === 'string' || typeof value === 'number') && (condition.in ?? []).includes(value);
    default:
      return false;
  }
};

/** True when the applicant must supply this material for this form: always, or when its condition holds. */
export const isMaterialRequired = (rule: MaterialRule, form: unknown): boolean =>
  rule.required || (rule.requiredWhen !== undefined && evaluateCondition(rule.requiredWhen, form));

const schemaTypes = (propertySchema: Record<string, unknown>): string[] => {
  const type = propertySchema.type;
  if (typeof type === 'string') return [type];
  return Array.isArray(type) ? type.filter((t): t is string => typeof t === 'string') : [];
};

/**
 * Explains why a condition can never be meaningfully true for the property it reads (a numeric comparison on
 * a text field, an `equals` of the wrong type, a value outside the property's `enum`), or `undefined` if it fits.
 * Checked at catalogue load so that a typo in a rule fails start-up instead of silently never applying.
 */
export const describeConditionMismatch = (
  condition: FormCondition,
  propertySchema: Record<string, unknown>,
): string | undefined => {
  const operator = conditionOperator(condition);
  const types = schemaTypes(propertySchema);
  const enumValues = Array.isArray(propertySchema.enum) ? (propertySchema.enum as unknown[]) : undefined;
  const typeOf = (v: unknown) => (typeof v === 'number' ? ['number', 'integer'] : [typeof v]);
  const fitsType = (v: unknown) => types.length === 0 || typeOf(v).some((t) => types.includes(t));
  const outsideEnum = (values: unknown[]) =>
    enumValues === undefined ? [] : values.filter((v) => !enumValues.includes(v));
  switch (operator) {
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return types.some((t) => t === 'number' || t === 'integer')
        ? undefined
        : `"${operator}" compares numbers but the field has type ${types.join('|') || 'unknown'}`;
    case 'equals':
    case 'in': {
      const values = operator === 'equals' ? [condition.equals] : (condition.in ?? []);
      const wrongType = values.filter((v) => !fitsType(v));
      if (wrongType.length > 0)
        return `${JSON.stringify(wrongType)} does not fit field type ${types.join('|')}`;
      const unknown = outsideEnum(values);
      return unknown.length > 0
        ? `${JSON.stringify(unknown)} is not among the field's enum values`
        : undefined;
    }
    default:
      return undefined;
  }
};
