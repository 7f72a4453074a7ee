import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalize } from '../../../ledger/encoding/jcs.js';
import { stringifiesCanonically } from '../../../ledger/encoding/jcs-fast-path.js';
import { expectCode } from '../support/errors.js';

/** RFC 8785 for integer-only JSON, written independently of the code under test. */
function referenceJcs(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(referenceJcs).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${referenceJcs(record[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Any JSON value canonicalize accepts: well-formed strings and keys (any script), safe integers. */
const integerJson = fc
  .jsonValue({ maxDepth: 6, stringUnit: 'grapheme' })
  .map((v) => JSON.parse(JSON.stringify(v, (_k, x: unknown) => (typeof x === 'number' ? Math.trunc(x) % 2 ** 53 || 0 : x))) as unknown);

describe('canonicalize on values already in canonical order', () => {
  it('writes what the reference writes, whether or not the value was in canonical order', () => {
    let native = 0;
    fc.assert(
      fc.property(integerJson, (value) => {
        const reordered = JSON.parse(referenceJcs(value)) as unknown;
        if (stringifiesCanonically(reordered) && typeof reordered === 'object' && reordered !== null) native++;
        expect(canonicalize(value)).toBe(referenceJcs(value));
        expect(canonicalize(reordered)).toBe(referenceJcs(value));
      }),
      { numRuns: 500 },
    );
    // Most reparsed containers take the native path (those with integer-like keys do not).
    expect(native).toBeGreaterThan(100);
  });

  it('takes the native path for a parsed canonical text, and not for keys out of order', () => {
    expect(stringifiesCanonically(JSON.parse('{"a":[1,{"b":true,"c":null}],"d":"é"}'))).toBe(true);
    expect(stringifiesCanonically({ b: 1, a: 2 })).toBe(false);
    expect(stringifiesCanonically({ a: { d: 1, c: 2 } })).toBe(false);
  });

  it('escapes on the native path exactly as RFC 8785 section 3.2.2.2 does', () => {
    const value = { a: '\b\t\n\f\r\u0000\u001f\u007f"\\/\u2028\u2029\ud83d\ude00€', b: ['\u00f6'] };
    expect(stringifiesCanonically(value)).toBe(true);
    expect(canonicalize(value)).toBe('{"a":"\\b\\t\\n\\f\\r\\u0000\\u001f\u007f\\"\\\\/\u2028\u2029\ud83d\ude00€","b":["\u00f6"]}');
  });

  it('sorts integer-like keys as strings, though V8 enumerates them numerically', () => {
    const parsed = JSON.parse('{"10":1,"9":2}') as object;
    expect(Object.keys(parsed)).toEqual(['9', '10']);
    expect(stringifiesCanonically(parsed)).toBe(false);
    expect(canonicalize(parsed)).toBe('{"10":1,"9":2}');
  });

  it('still refuses, with the path, what JSON.stringify would write without complaint', () => {
    expectCode(() => canonicalize({ a: 1.5 }), 'non_canonical_value');
    expectCode(() => canonicalize({ a: [2 ** 53] }), 'non_canonical_value');
    expectCode(() => canonicalize({ a: 'x\ud800' }), 'non_canonical_value');
    expectCode(() => canonicalize({ '\udc00': 1 }), 'non_canonical_value');
    expectCode(() => canonicalize({ a: [1, , 3] }), 'non_canonical_value');
    expectCode(() => canonicalize({ a: new Date(0) }), 'non_canonical_value');
    expectCode(() => canonicalize({ a: undefined }), 'non_canonical_value');
    expectCode(() => canonicalize({ a: 1, [Symbol('s')]: 2 }), 'non_canonical_value');
    let deep: unknown = 1;
    for (let i = 0; i < 257; i++) deep = { a: deep };
    expectCode(() => canonicalize(deep), 'non_canonical_value');
  });

  it('writes -0 as 0 on either path', () => {
    expect(canonicalize({ a: -0, b: [-0] })).toBe('{"a":0,"b":[0]}');
    expect(canonicalize({ b: [-0], a: -0 })).toBe('{"a":0,"b":[0]}');
  });

  it('is not led astray by a toJSON planted on a prototype', () => {
    const planted = Object.prototype as { toJSON?: () => string };
    const plantedArray = Array.prototype as { toJSON?: () => string };
    planted.toJSON = () => 'forged';
    try {
      expect(stringifiesCanonically({ a: 1 })).toBe(false);
      expect(canonicalize({ a: 1 })).toBe('{"a":1}');
    } finally {
      delete planted.toJSON;
    }
    plantedArray.toJSON = () => 'forged';
    try {
      expect(canonicalize({ a: [1] })).toBe('{"a":[1]}');
    } finally {
      delete plantedArray.toJSON;
    }
  });

  it('leaves an own toJSON member to the general path, which refuses a function', () => {
    expectCode(() => canonicalize({ toJSON: () => 'forged' }), 'non_canonical_value');
    const list = Object.assign([1, 2], { toJSON: () => 'forged' });
    expect(stringifiesCanonically(list)).toBe(false);
    expect(canonicalize({ a: list })).toBe('{"a":[1,2]}');
    expect(canonicalize({ toJSON: 'a string member' })).toBe('{"toJSON":"a string member"}');
  });
});
