import { expect, it } from 'vitest';
import { assertShallow } from '../../api/ingest.js';

/** `levels` objects, each the only member of the one above it. */
function nested(levels: number, leaf: unknown = 1): unknown {
  let value = leaf;
  for (let i = 0; i < levels; i++) value = { n: value };
  return value;
}

it('accepts JSON nested 32 levels deep and refuses 33, in objects and arrays alike', () => {
  expect(() => assertShallow(nested(32))).not.toThrow();
  expect(() => assertShallow(nested(33))).toThrow(/nests deeper than 32 levels/);
  expect(() => assertShallow(JSON.parse('['.repeat(32) + ']'.repeat(32)))).not.toThrow();
  expect(() => assertShallow(JSON.parse('['.repeat(33) + ']'.repeat(33)))).toThrow(/nests deeper/);
});

it('finds the deep member wherever it is: after many shallow ones, in an array, under a "__proto__" key', () => {
  const wide: Record<string, unknown> = {};
  for (let i = 0; i < 1000; i++) wide[`k${i}`] = i;
  wide.last = nested(32);
  expect(() => assertShallow(wide)).toThrow(/nests deeper/);
  expect(() => assertShallow({ list: [1, 'a', null, nested(31)] })).toThrow(/nests deeper/);
  // JSON.parse makes "__proto__" an own member, which a read of it must see (not the prototype).
  expect(() => assertShallow(JSON.parse(`{"__proto__":${JSON.stringify(nested(32))}}`))).toThrow(/nests deeper/);
});

it('stops at the limit on hostile depth, without overflowing the stack', () => {
  expect(() => assertShallow(JSON.parse('['.repeat(100_000) + ']'.repeat(100_000)))).toThrow(/nests deeper/);
});
