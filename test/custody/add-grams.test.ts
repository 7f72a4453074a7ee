import fc from 'fast-check';
import { expect, it } from 'vitest';
import { addGrams } from '../../ledger/custody/aggregates.js';

/** The counters' reference arithmetic: BigInt throughout, as SPEC 1 requires (unbounded). */
const exact = (a: string | number | undefined, b: string | number | bigint) => (BigInt(a ?? 0) + BigInt(b)).toString();

/** Values on both sides of the double fast path's limits (10^14 digits as text, 10^15 as numbers, 2^53). */
const grams = fc.oneof(
  fc.bigInt({ min: 0n, max: 10n ** 16n }),
  fc.bigInt({ min: 10n ** 13n, max: 10n ** 15n + 10n }),
  fc.bigInt({ min: 2n ** 53n - 10n, max: 2n ** 53n + 10n }),
  fc.bigInt({ min: 0n, max: 10n ** 30n }),
);

it('adds exactly like BigInt on either side of the fast path, whatever form the operands are stored in', () => {
  fc.assert(
    fc.property(grams, grams, fc.constantFrom('string', 'number', 'bigint'), fc.boolean(), (a, b, form, negative) => {
      const delta = negative ? -(b > a ? a : b) : b;
      const stored = a.toString();
      const asDelta = form === 'string' ? delta.toString() : form === 'number' && delta >= -(2n ** 53n) && delta <= 2n ** 53n ? Number(delta) : delta;
      expect(addGrams(stored, asDelta)).toBe(exact(stored, delta));
      if (a <= 2n ** 53n) expect(addGrams(Number(a), asDelta)).toBe(exact(stored, delta));
    }),
    { numRuns: 2000 },
  );
  expect(addGrams(undefined, 5)).toBe('5');
  // A zero delta leaves a stored counter as it is, and still writes 1.0's numbers and absent counters as text.
  expect(addGrams('123456789012345678901234567890', 0)).toBe('123456789012345678901234567890');
  expect(addGrams(7, 0)).toBe('7');
  expect(addGrams(undefined, 0)).toBe('0');
  expect(addGrams('99999999999999', 1)).toBe('100000000000000');
  expect(addGrams('999999999999999', 1)).toBe('1000000000000000');
  expect(addGrams('9007199254740992', 1)).toBe('9007199254740993');
});

it('refuses to take a counter below zero on both paths', () => {
  expect(() => addGrams('10', -11)).toThrow(RangeError);
  expect(() => addGrams('10000000000000000000', -10000000000000000001n)).toThrow(RangeError);
});
