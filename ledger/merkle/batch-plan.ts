import { TallyError } from '../errors.js';
import { isTreeCount, splitPoint, tileRange, type SubtreeId } from './tree-math.js';

/**
 * The plan of many RFC 9162 inclusion proofs in one tree at once (an audit bundle proves
 * thousands of entries against one checkpoint). Proofs of nearby leaves share most of their
 * nodes: one walk down the tree names each distinct proof node once, so a store reads each
 * subtree hash once and every proof is assembled from the shared nodes. Node for node the same as
 * {@link inclusionPlan} of each index alone (the tests compare them).
 */

/** Many inclusion proofs in one tree of `size` leaves. */
export interface InclusionBatchPlan {
  /** Distinct proof nodes, each as the complete subtrees (left to right) folding into it. */
  nodes: SubtreeId[][];
  /** Per requested index, in the order asked: its proof as indexes into `nodes`, leaf to root. */
  proofs: number[][];
}

/**
 * Plan of the inclusion proofs of every leaf in `indices` (repeats allowed) in the tree of `size`
 * leaves. Cost: O(k log(n / k) + k) for k distinct indices, plus the proofs' own length.
 * Requires 0 <= index < size for every index.
 * @throws TallyError `invalid_range` otherwise.
 * @example inclusionBatchPlan([0, 5, 6], 7).proofs[1] // node indexes of leaf 5's proof
 */
export function inclusionBatchPlan(indices: readonly number[], size: number): InclusionBatchPlan {
  for (const index of indices) {
    if (!isTreeCount(index) || !isTreeCount(size) || index >= size) {
      throw new TallyError('invalid_range', `inclusion proof needs 0 <= index < size (index ${index}, size ${size})`);
    }
  }
  const leaves = [...new Set(indices)].sort((a, b) => a - b);
  const nodes: SubtreeId[][] = [];
  const byLeaf = new Map<number, number[]>();
  // The siblings on the way down, root first; a leaf's proof is this path reversed.
  const path: number[] = [];

  // Leaves [lo, hi) of `leaves` lie in the subtree over [begin, end). Each sibling range is
  // pushed once by its parent, and each parent is visited once, so no node is named twice.
  const walk = (begin: number, end: number, lo: number, hi: number): void => {
    if (end - begin === 1) {
      byLeaf.set(leaves[lo]!, path.slice().reverse());
      return;
    }
    const mid = begin + splitPoint(end - begin);
    let split = lo;
    while (split < hi && leaves[split]! < mid) split++;
    if (lo < split) {
      path.push(nodes.push(tileRange(mid, end)) - 1);
      walk(begin, mid, lo, split);
      path.pop();
    }
    if (split < hi) {
      path.push(nodes.push(tileRange(begin, mid)) - 1);
      walk(mid, end, split, hi);
      path.pop();
    }
  };
  if (leaves.length > 0) walk(0, size, 0, leaves.length);
  return { nodes, proofs: indices.map((index) => byLeaf.get(index)!) };
}
