import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { inclusionBatchPlan } from '../../../ledger/merkle/batch-plan.js';
import { inclusionPlan } from '../../../ledger/merkle/plan.js';
import { expectCode } from '../support/errors.js';

/** The batch plan's proof of each index, spelled out node by node as inclusionPlan spells it. */
function spelledOut(indices: readonly number[], size: number) {
  const { nodes, proofs } = inclusionBatchPlan(indices, size);
  return proofs.map((proof) => proof.map((node) => nodes[node]));
}

/** A tree size, often not a power of two, and indices in it, the right edge made likely. */
const sizeAndIndices = fc.integer({ min: 1, max: 600 }).chain((size) =>
  fc.tuple(
    fc.constant(size),
    fc.array(fc.oneof(fc.integer({ min: 0, max: size - 1 }), fc.integer({ min: Math.max(0, size - 3), max: size - 1 })), { maxLength: 80 }),
  ),
);

describe('inclusionBatchPlan', () => {
  it('plans, for every index asked and in the order asked, exactly the proof inclusionPlan plans alone', () => {
    fc.assert(
      fc.property(sizeAndIndices, ([size, indices]) => {
        expect(spelledOut(indices, size)).toEqual(indices.map((index) => inclusionPlan(index, size)));
      }),
      { numRuns: 400 },
    );
  });

  it('does so for every leaf of every small tree, and of trees one off a power of two', () => {
    for (let size = 1; size <= 70; size++) {
      const all = Array.from({ length: size }, (_, i) => i);
      expect(spelledOut(all, size)).toEqual(all.map((index) => inclusionPlan(index, size)));
    }
    for (const size of [255, 256, 257, 1023, 1025]) {
      const edge = [0, 1, size >> 1, size - 2, size - 1];
      expect(spelledOut(edge, size)).toEqual(edge.map((index) => inclusionPlan(index, size)));
    }
  });

  it('stays exact for sizes up to 2^53 - 1 (no 32-bit arithmetic)', () => {
    for (const size of [Number.MAX_SAFE_INTEGER, 2 ** 40 + 3, 2 ** 33]) {
      const indices = [0, 1, 2 ** 32, 2 ** 32 + 1, size - 2, size - 1];
      expect(spelledOut(indices, size)).toEqual(indices.map((index) => inclusionPlan(index, size)));
    }
  });

  it('names each node once, however many proofs share it', () => {
    fc.assert(
      fc.property(sizeAndIndices, ([size, indices]) => {
        const { nodes } = inclusionBatchPlan(indices, size);
        const spelled = nodes.map((tiles) => JSON.stringify(tiles));
        expect(new Set(spelled).size).toBe(spelled.length);
        // At most the nodes of the proofs planned one by one.
        expect(nodes.length).toBeLessThanOrEqual(indices.reduce((sum, index) => sum + inclusionPlan(index, size).length, 0));
      }),
      { numRuns: 200 },
    );
    // Every leaf of a tree of 1024: one node per tree node but the root, not 10 per leaf.
    expect(inclusionBatchPlan(Array.from({ length: 1024 }, (_, i) => i), 1024).nodes).toHaveLength(2046);
  });

  it('answers nothing for no indices, and an empty proof in the tree of one', () => {
    expect(inclusionBatchPlan([], 5)).toEqual({ nodes: [], proofs: [] });
    expect(inclusionBatchPlan([0, 0], 1)).toEqual({ nodes: [], proofs: [[], []] });
  });

  it('refuses any index outside the tree, as inclusionPlan does', () => {
    expectCode(() => inclusionBatchPlan([0, 3], 3), 'invalid_range');
    expectCode(() => inclusionBatchPlan([-1], 3), 'invalid_range');
    expectCode(() => inclusionBatchPlan([0.5], 3), 'invalid_range');
    expectCode(() => inclusionBatchPlan([0], 0), 'invalid_range');
    expectCode(() => inclusionBatchPlan([0], 2 ** 53), 'invalid_range');
    expectCode(() => inclusionBatchPlan([Number.NaN], 3), 'invalid_range');
  });
});

describe('the proof set a batch plan resolves to', () => {
  it('keeps its promise: every proof a node index is in goes on from it through the same indexes', () => {
    fc.assert(
      fc.property(sizeAndIndices, ([size, indices]) => {
        const rest = new Map<number, string>();
        for (const proof of inclusionBatchPlan(indices, size).proofs) {
          proof.forEach((node, k) => {
            const after = proof.slice(k + 1).join();
            expect(rest.get(node) ?? after).toBe(after);
            rest.set(node, after);
          });
        }
      }),
      { numRuns: 300 },
    );
  });
});
