import { expect, it } from 'vitest';
import { deepFreeze } from '../../../ledger/encoding/deep-freeze.js';

it('freezes every object and array inside a JSON value, and returns the value itself', () => {
  const value = { a: [1, { b: { c: 'x' } }, [2, [3]]], d: { e: null, f: [] as unknown[] } };
  expect(deepFreeze(value)).toBe(value);
  const objects = [value, value.a, value.a[1], (value.a[1] as { b: object }).b, value.a[2], (value.a[2] as unknown[])[1], value.d, value.d.f];
  for (const o of objects) expect(Object.isFrozen(o)).toBe(true);
  expect(() => {
    'use strict';
    (value.d.f as unknown[]).push(1);
  }).toThrow(TypeError);
  expect(deepFreeze(5)).toBe(5);
  expect(deepFreeze(null)).toBe(null);
});

it('does not walk into a value already frozen (shared, frozen when it was first made)', () => {
  const shared = Object.freeze({ inner: { left: 'mutable' } });
  const value = deepFreeze({ shared });
  expect(Object.isFrozen(value)).toBe(true);
  // Frozen on its own, not deeply: deepFreeze stops at it, as it stops at every value it froze.
  expect(Object.isFrozen(shared.inner)).toBe(false);
});
