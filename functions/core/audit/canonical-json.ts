/**
 * Canonical JSON in the manner of RFC 8785 (JCS): object keys sorted by UTF-16 code units, no whitespace,
 * numbers as ECMAScript prints them, strings escaped as `JSON.stringify` does. Hashes are taken over this
 * form, so it must be a pure function of the JSON value — anything JSON cannot carry faithfully is
 * rejected instead of being silently dropped or converted (as `JSON.stringify` would do).
 */
import { NotJsonError } from './errors.js';

// Deep enough for any details we log; stops a hostile or cyclic structure long before the stack does.
const MAX_DEPTH = 64;
// With the `u` flag a surrogate pair is one code point, so only lone surrogates match.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/**
 * Serialise a JSON value canonically. Throws `NotJsonError` (with the JSON path) for `undefined`,
 * non-finite numbers, bigint, functions, symbols, non-plain objects (Date, Map, typed arrays…), sparse
 * arrays, symbol keys, lone surrogates (RFC 8785 requires I-JSON), cycles and nesting over 64 levels.
 */
export function canonicalJson(value: unknown): string {
  return serialise(value, '$', []);
}

function serialise(value: unknown, path: string, ancestors: object[]): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new NotJsonError(path, String(value));
      // ECMAScript Number::toString, as RFC 8785 §3.2.2.3 prescribes; -0 becomes "0".
      return JSON.stringify(value);
    case 'string':
      return serialiseString(value, path);
    case 'object':
      return serialiseContainer(value, path, ancestors);
    default:
      throw new NotJsonError(path, typeof value);
  }
}

function serialiseString(value: string, path: string): string {
  if (LONE_SURROGATE.test(value)) throw new NotJsonError(path, 'lone surrogate');
  return JSON.stringify(value);
}

function serialiseContainer(value: object, path: string, ancestors: object[]): string {
  if (ancestors.includes(value)) throw new NotJsonError(path, 'cycle');
  if (ancestors.length >= MAX_DEPTH) throw new NotJsonError(path, 'nested too deeply');
  const inner = [...ancestors, value];
  if (Array.isArray(value)) {
    const parts: string[] = [];
    for (let i = 0; i < value.length; i++) {
      if (!(i in value)) throw new NotJsonError(`${path}[${i}]`, 'hole in array');
      parts.push(serialise(value[i], `${path}[${i}]`, inner));
    }
    return `[${parts.join(',')}]`;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    throw new NotJsonError(path, value.constructor?.name ?? 'non-plain object');
  }
  if (Object.getOwnPropertySymbols(value).length > 0) throw new NotJsonError(path, 'symbol key');
  // Default sort compares UTF-16 code units, exactly the order RFC 8785 §3.2.3 asks for.
  const keys = Object.keys(value).sort();
  const record = value as Record<string, unknown>;
  const parts = keys.map((key) => {
    const keyPath = `${path}.${key}`;
    return `${serialiseString(key, keyPath)}:${serialise(record[key], keyPath, inner)}`;
  });
  return `{${parts.join(',')}}`;
}
