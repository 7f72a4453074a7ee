import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Part } from '../../schemas/primitives.js';
import { add, byCountry, figuresOf, normalize, scale, subtract, totalG } from '../../ledger/custody/composition.js';
import { custodyModel, shareAtLeast } from '../../ledger/custody/custody-model.js';

const part = (kind: Part['kind'], country: string, massG: number, material = 'copper'): Part => ({ material, kind, country, massG });

describe('scale (SPEC 4)', () => {
  it('reproduces the worked example: 200 t of rod from 220 t of inputs', () => {
    const pool = [part('post-consumer', 'GB', 120_000_000), part('post-consumer', 'IE', 30_000_000), part('primary', 'CL', 70_000_000)];
    // Floors 109 090 909, 27 272 727, 63 636 363 (sum 199 999 999); remainders .09, .27, .64 of a gram.
    expect(scale(pool, 200_000_000)).toEqual([
      part('post-consumer', 'GB', 109_090_909),
      part('post-consumer', 'IE', 27_272_727),
      part('primary', 'CL', 63_636_364),
    ]);
  });

  it('breaks ties in favour of the earlier part', () => {
    expect(scale([part('post-consumer', 'GB', 1), part('primary', 'CL', 1)], 1)).toEqual([part('post-consumer', 'GB', 1)]);
    expect(scale([part('post-consumer', 'GB', 3), part('pre-consumer', 'GB', 3), part('primary', 'GB', 3)], 2)).toEqual([
      part('post-consumer', 'GB', 1),
      part('pre-consumer', 'GB', 1),
    ]);
  });

  it('is exact where c_i * t passes 2^53 and doubles would round', () => {
    // Found by search: floating point gives 1 519 711 885 054 139 and 7 098 297 020 765 here.
    const big = [part('post-consumer', 'GB', 4_522_220_221_232_851), part('pre-consumer', 'GB', 3_922_782_764_291_623), part('primary', 'CL', 18_322_602_779_335)];
    expect(scale(big, 3_278_748_086_870_086).map((p) => p.massG)).toEqual([1_751_937_904_795_182, 1_519_711_885_054_138, 7_098_297_020_766]);
  });

  it('drops parts that scale to zero and refuses a target above the total', () => {
    expect(scale([part('post-consumer', 'GB', 999), part('primary', 'CL', 1)], 10)).toEqual([part('post-consumer', 'GB', 10)]);
    expect(scale([part('primary', 'CL', 5)], 0)).toEqual([]);
    expect(() => scale([part('primary', 'CL', 5)], 6)).toThrow(RangeError);
  });

  const compositionArb = fc
    .uniqueArray(
      fc.record({ material: fc.constantFrom('cobalt', 'nickel', 'other'), kind: fc.constantFrom('post-consumer', 'pre-consumer', 'primary') as fc.Arbitrary<Part['kind']>, country: fc.constantFrom('GB', 'IE', 'CL', 'NO', 'ZA'), massG: fc.integer({ min: 1, max: 2 ** 50 }) }),
      { minLength: 1, maxLength: 8, selector: (p) => `${p.material}/${p.kind}/${p.country}` },
    )
    .map(normalize);
  const withTarget = compositionArb.chain((c) => fc.tuple(fc.constant(c), fc.integer({ min: 0, max: totalG(c) })));

  it('sums to the target, never gives a part more than it has, and stays within one gram of the exact share', () => {
    fc.assert(
      fc.property(withTarget, ([c, t]) => {
        const scaled = scale(c, t);
        expect(totalG(scaled)).toBe(t);
        expect(scaled).toEqual(normalize(scaled));
        const total = BigInt(totalG(c));
        for (const p of c) {
          const got = BigInt(scaled.find((s) => s.material === p.material && s.kind === p.kind && s.country === p.country)?.massG ?? 0);
          const floor = (BigInt(p.massG) * BigInt(t)) / total;
          expect(got === floor || got === floor + 1n).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('splits a batch without creating or losing a gram: scale + rest = whole', () => {
    fc.assert(
      fc.property(withTarget, ([c, t]) => {
        const taken = scale(c, t);
        const rest = subtract(c, taken);
        expect(totalG(rest)).toBe(totalG(c) - t);
        expect(add(taken, rest)).toEqual(c);
        expect(scale(c, totalG(c))).toEqual(c);
      }),
      { numRuns: 300 },
    );
  });
});

describe('figures and the custody model (SPEC 4)', () => {
  const rod = [part('post-consumer', 'GB', 109_090_909), part('post-consumer', 'IE', 27_272_727), part('pre-consumer', 'GB', 5), part('primary', 'CL', 63_636_364)];

  it('derives recycled, pre/post-consumer and home figures, and grams by country', () => {
    expect(figuresOf(rod, 'GB')).toEqual({
      massG: 200_000_005,
      recycledG: 136_363_641,
      preConsumerG: 5,
      postConsumerG: 136_363_636,
      homeOriginG: 109_090_914,
      homeRecycledG: 109_090_914,
    });
    expect(byCountry(rod)).toEqual([
      { country: 'CL', massG: 63_636_364 },
      { country: 'GB', massG: 109_090_914 },
      { country: 'IE', massG: 27_272_727 },
    ]);
  });

  it('names the model from the flags and whether the figure is the whole batch', () => {
    expect(custodyModel({ mixed: false, allocated: false }, false)).toBe('identity-preserved');
    expect(custodyModel({ mixed: true, allocated: true }, true)).toBe('mass-balance');
    expect(custodyModel({ mixed: true, allocated: false }, true)).toBe('segregated');
    expect(custodyModel({ mixed: true, allocated: false }, false)).toBe('controlled-blending');
  });

  it('compares shares with the decimal the client wrote, exactly', () => {
    expect(shareAtLeast(7_680, 12_000, 0.64)).toBe(true); // the double 0.64 is a hair above 0.64
    expect(shareAtLeast(7_679, 12_000, 0.64)).toBe(false);
    expect(shareAtLeast(150, 220, 0.6818)).toBe(true);
    expect(shareAtLeast(150, 220, 0.6819)).toBe(false);
    expect(shareAtLeast(1, 10_000_000, 1e-7)).toBe(true);
    expect(shareAtLeast(0, 10_000_000, 1e-7)).toBe(false);
    expect(shareAtLeast(5, 5, 1)).toBe(true);
    expect(shareAtLeast(0, 0, 0)).toBe(true);
    expect(shareAtLeast(0, 0, 0.1)).toBe(false);
  });
});
