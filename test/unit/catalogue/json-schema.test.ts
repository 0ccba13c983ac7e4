import { describe, expect, it } from 'vitest';
import {
  checkSchema,
  compileSchema,
  createSchemaCompiler,
  escapePointerSegment,
  findSchemaProperty,
} from '../../../functions/core/catalogue/json-schema.js';

describe('JSON Schema support', () => {
  it('escapes JSON pointer segments as RFC 6901 requires', () => {
    expect(escapePointerSegment('a/b~c')).toBe('a~1b~0c');
    expect(escapePointerSegment(3)).toBe('3');
  });

  it('points a missing or extra property at the property itself, escaped', () => {
    // Prepare
    const ajv = createSchemaCompiler();
    const validate = compileSchema(ajv, {
      type: 'object',
      additionalProperties: false,
      required: ['a/b'],
      properties: { 'a/b': { type: 'string' } },
    });

    // Act
    const failures = validate({ 'x~y': 1 });

    // Assess
    expect(failures.map((f) => f.path).sort()).toEqual(['/a~1b', '/x~0y']);
  });

  it('falls back to the keyword and ajv message for keywords without a translation', () => {
    const validate = compileSchema(createSchemaCompiler(), { type: 'number', multipleOf: 0.5 });
    expect(validate(0.3)).toEqual([{ path: '', message: '不符合要求 / must be multiple of 0.5' }]);
  });

  it('reports a meta-schema violation with its path inside the schema', () => {
    const problems = checkSchema(createSchemaCompiler(), {
      type: 'object',
      properties: { a: { minLength: -1 } },
    });
    expect(problems[0]?.path).toBe('/properties/a/minLength');
  });

  it('finds nested properties by dot path and nothing else', () => {
    // Prepare
    const schema = {
      type: 'object',
      properties: { a: { type: 'object', properties: { b: { type: 'number' } } } },
    };

    // Act / Assess
    expect(findSchemaProperty(schema, 'a.b')).toEqual({ type: 'number' });
    expect(findSchemaProperty(schema, 'a.c')).toBeUndefined();
    expect(findSchemaProperty(schema, 'a.b.c')).toBeUndefined();
    expect(findSchemaProperty(schema, 'constructor')).toBeUndefined();
  });
});
