import { describe, expect, it } from 'vitest';
import { consistencyPlan, inclusionPlan, resolvePlan } from '../../../ledger/merkle/plan.js';
import { rootFromInclusion, verifyConsistency, verifyInclusion } from '../../../ledger/merkle/verify.js';
import { tileRange } from '../../../ledger/merkle/tree-math.js';
import { inclusionProofFromLeaves } from '../../../ledger/merkle/memory-proofs.js';
import { expectCode } from '../support/errors.js';
import { sampleLeaves } from './reference-tree.js';

describe('proof plans', () => {
  it('names the complete subtrees of each proof node (RFC 9162 order, deepest first)', () => {
    // Tree of 7: leaf 6 sits alone on the right; its path is [0,4) then [4,6).
    expect(inclusionPlan(6, 7)).toEqual([[{ level: 1, index: 2 }], [{ level: 2, index: 0 }]]);
    // Leaf 0 in a tree of 7: [1,2), [2,4), then [4,7) = [4,6) + [6,7) folded from the right.
    expect(inclusionPlan(0, 7)).toEqual([
      [{ level: 0, index: 1 }],
      [{ level: 1, index: 1 }],
      [{ level: 1, index: 2 }, { level: 0, index: 6 }],
    ]);
    // RFC 9162 2.1.5 example: the consistency proof between sizes 3 and 7 is [c, d, g, l].
    expect(consistencyPlan(3, 7)).toEqual([
      [{ level: 0, index: 2 }],
      [{ level: 0, index: 3 }],
      [{ level: 1, index: 0 }],
      [{ level: 1, index: 2 }, { level: 0, index: 6 }],
    ]);
    // From a power of two the old root is the verifier's own: sizes 4 -> 7 need only [4,7).
    expect(consistencyPlan(4, 7)).toEqual([[{ level: 1, index: 2 }, { level: 0, index: 6 }]]);
    expect(consistencyPlan(5, 5)).toEqual([]);
    expect(inclusionPlan(0, 1)).toEqual([]);
  });

  it('tiles ranges with aligned complete subtrees', () => {
    expect(tileRange(0, 13)).toEqual([{ level: 3, index: 0 }, { level: 2, index: 2 }, { level: 0, index: 12 }]);
    expect(tileRange(6, 8)).toEqual([{ level: 1, index: 3 }]);
    expect(tileRange(3, 3)).toEqual([]);
  });

  it('stays exact and logarithmic for sizes up to 2^53 - 1 (no 32-bit arithmetic)', () => {
    const size = Number.MAX_SAFE_INTEGER;
    for (const index of [0, 1, 2 ** 32, 2 ** 52, size - 2, size - 1]) {
      const plan = inclusionPlan(index, size);
      expect(plan.flat().length).toBeLessThanOrEqual(2 * 53 + 1);
      for (const node of plan) for (const { level, index: i } of node) expect((i + 1) * 2 ** level).toBeLessThanOrEqual(size);
      // A proof of the planned length passes every length check of the verifier.
      const fake = plan.map(() => new Uint8Array(32));
      expect(rootFromInclusion(new Uint8Array(32), index, size, fake)).toHaveLength(32);
      expectCode(() => rootFromInclusion(new Uint8Array(32), index, size, fake.slice(1)), 'invalid_proof');
    }
    const plan = consistencyPlan(2 ** 40 + 3, size);
    expect(plan.flat().length).toBeLessThanOrEqual(2 * 53 + 2);
  });

  it('refuses out-of-range indices and sizes', () => {
    expectCode(() => inclusionPlan(0, 0), 'invalid_range');
    expectCode(() => inclusionPlan(3, 3), 'invalid_range');
    expectCode(() => inclusionPlan(-1, 3), 'invalid_range');
    expectCode(() => inclusionPlan(0.5, 3), 'invalid_range');
    expectCode(() => inclusionPlan(0, 2 ** 53), 'invalid_range');
    expectCode(() => consistencyPlan(0, 3), 'invalid_range');
    expectCode(() => consistencyPlan(4, 3), 'invalid_range');
    expectCode(() => consistencyPlan(Number.NaN, 3), 'invalid_range');
  });

  it('reports a missing stored hash as store_corrupt', () => {
    expectCode(() => resolvePlan(inclusionPlan(0, 4), () => undefined), 'store_corrupt');
    expectCode(() => resolvePlan(inclusionPlan(0, 4), () => new Uint8Array(16)), 'store_corrupt');
  });
});

describe('verification of untrusted input', () => {
  const leaves = sampleLeaves(5);
  const root = new Uint8Array(32);

  it('refuses sizes and indices that are not tree counts', () => {
    const proof = inclusionProofFromLeaves(leaves, 0, 5);
    for (const [index, size] of [[-1, 5], [5, 5], [0, 0], [0.5, 5], [0, Number.NaN], [0, Infinity], [0, 2 ** 53]] as const) {
      expectCode(() => verifyInclusion(leaves[0]!, index, size, proof, root), 'invalid_proof');
    }
    for (const [m, n] of [[-1, 5], [2, 1], [0, 0], [1.5, 5], [1, 2 ** 53]] as const) {
      expectCode(() => verifyConsistency(m, n, [root], root, root), 'invalid_proof');
    }
  });

  it('refuses proofs that are not lists of 32-byte hashes', () => {
    expectCode(() => verifyInclusion(leaves[0]!, 0, 2, 'x' as unknown as Uint8Array[], root), 'invalid_proof');
    expectCode(() => verifyInclusion(leaves[0]!, 0, 2, [new Uint8Array(33)], root), 'invalid_proof');
    expectCode(() => verifyConsistency(1, 2, [new Uint8Array(0)], root, root), 'invalid_proof');
  });
});
