import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../functions/core/audit/canonical-json.js';
import { NotJsonError } from '../../../functions/core/audit/errors.js';

// Full Unicode (astral planes included) rather than fast-check's ASCII default.
const unicodeJson = fc.jsonValue({ stringUnit: 'binary' });

describe('canonicalJson', () => {
  it('sorts keys at every level and writes no whitespace', () => {
    // Prepare
    const value = { b: 1, a: { d: [3, { z: true, y: null }], c: 'x' } };

    // Act
    const text = canonicalJson(value);

    // Assess
    expect(text).toBe('{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}');
  });

  it('orders keys by UTF-16 code units as RFC 8785 §3.2.3 does (emoji before U+FB33)', () => {
    // Prepare: the RFC's own sorting example
    const value = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };

    // Act: read the keys back in written order (JSON.parse would move the integer-like "1" first)
    const order = [...canonicalJson(value).matchAll(/"([^"]*)":/g)].map((m) => JSON.parse(`"${m[1]}"`));

    // Assess
    expect(order).toEqual(['\r', '1', '\u0080', '\u00f6', '\u20ac', '\ud83d\ude00', '\ufb33']);
  });

  it('reproduces the RFC 8785 §3.2.4 example for numbers, strings and literals', () => {
    // Prepare
    const input = JSON.parse(
      '{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],' +
        '"string":"\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/","literals":[null,true,false]}',
    );

    // Act
    const text = canonicalJson(input);

    // Assess
    expect(text).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it('keeps Chinese text and astral characters unescaped and writes -0 as 0', () => {
    // Act
    const text = canonicalJson({ 名称: '营业执照 𠀀', n: -0, big: 1e21, small: 1e-7 });

    // Assess
    expect(text).toBe('{"big":1e+21,"n":0,"small":1e-7,"名称":"营业执照 𠀀"}');
  });

  it.each([
    ['undefined at top level', undefined, '$'],
    ['an undefined property', { a: { b: undefined } }, '$.a.b'],
    ['NaN', { n: Number.NaN }, '$.n'],
    ['Infinity', [1, Number.POSITIVE_INFINITY], '$[1]'],
    ['a bigint', { n: 1n }, '$.n'],
    ['a Date', { at: new Date(0) }, '$.at'],
    ['a Map', { m: new Map() }, '$.m'],
    ['a function', { f: () => 1 }, '$.f'],
    ['a lone surrogate', { s: 'a\ud800b' }, '$.s'],
    ['a sparse array', { xs: Object.assign(new Array(3), { 0: 1, 2: 3 }) }, '$.xs[1]'],
  ])('rejects %s with its path', (_name, value, path) => {
    // Act
    const act = () => canonicalJson(value);

    // Assess
    expect(act).toThrow(NotJsonError);
    expect(act).toThrow(
      expect.objectContaining({ code: 'VALUE_NOT_JSON', details: expect.objectContaining({ path }) }),
    );
  });

  it('rejects cycles and symbol keys instead of recursing or dropping them', () => {
    // Prepare
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;

    // Act / Assess
    expect(() => canonicalJson(cyclic)).toThrow(NotJsonError);
    expect(() => canonicalJson({ [Symbol('k')]: 1 })).toThrow(NotJsonError);
  });

  it('allows the same object twice when it is not its own ancestor', () => {
    // Prepare
    const shared = { x: 1 };

    // Act / Assess
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
  });

  it('is stable: canonical(parse(canonical(x))) equals canonical(x)', () => {
    fc.assert(
      fc.property(unicodeJson, (value) => {
        const once = canonicalJson(value);
        expect(canonicalJson(JSON.parse(once))).toBe(once);
      }),
      { numRuns: 500 },
    );
  });

  it('is valid JSON that parses back to an equal value', () => {
    fc.assert(
      fc.property(unicodeJson, (value) => {
        expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 500 },
    );
  });

  it('does not depend on the order in which keys were inserted', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ unit: 'binary' }), unicodeJson), (record) => {
        const reversed = Object.fromEntries(Object.entries(record).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(record));
      }),
      { numRuns: 300 },
    );
  });
});
