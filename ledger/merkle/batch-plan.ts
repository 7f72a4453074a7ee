import { TallyError } from '../errors.js';
import { isTreeCount, tileRange, type SubtreeId } from './tree-math.js';

/**
 * The plan of many RFC 9162 inclusion proofs in one tree at once (an audit bundle proves
 * thousands of entries against one checkpoint). Proofs of nearby leaves share most of their
 * nodes: one walk down the tree names each distinct proof node once, so a store reads each
 * subtree hash once and every proof is assembled from the shared nodes. Node for node the same as
 * {@link inclusionPlan} of each index alone (the tests compare them).
 */

/** Many inclusion proofs in one tree of `size` leaves. */
export interface InclusionBatchPlan {
  /**
   * Distinct proof nodes, each as the complete subtrees (left to right) folding into it: one for
   * a node inside a complete subtree, several for one on the right edge of the tree.
   */
  nodes: SubtreeId[][];
  /** Per requested index, in the order asked: its proof as indexes into `nodes`, leaf to root. */
  proofs: number[][];
}

/**
 * Plan of the inclusion proofs of every leaf in `indices` (repeats allowed) in the tree of `size`
 * leaves. Cost: O(k log(n / k) + k) nodes for k distinct indices, plus the proofs' own length.
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
  const descend = (sibling: SubtreeId[], into: () => void): void => {
    path.push(nodes.push(sibling) - 1);
    into();
    path.pop();
  };
  // The first of `leaves` [lo, hi) at or past `mid` (they are sorted).
  const splitAt = (mid: number, lo: number, hi: number): number => {
    while (lo < hi && leaves[lo]! < mid) lo++;
    return lo;
  };

  // Leaves [lo, hi) lie in the complete subtree `level`/`index`. Each sibling is pushed once by
  // its parent, and each parent is visited once, so no node is named twice.
  const inComplete = (level: number, index: number, lo: number, hi: number): void => {
    if (level === 0) {
      byLeaf.set(leaves[lo]!, path.slice().reverse());
      return;
    }
    const left = index * 2;
    const split = splitAt((left + 1) * 2 ** (level - 1), lo, hi);
    if (lo < split) descend([{ level: level - 1, index: left + 1 }], () => inComplete(level - 1, left, lo, split));
    if (split < hi) descend([{ level: level - 1, index: left }], () => inComplete(level - 1, left + 1, split, hi));
  };
  // Leaves [lo, hi) lie in [begin, size), the right edge of the tree: RFC 9162 splits it at the
  // largest power of two below its width, so its left part is complete and its right part is
  // the rest of the edge, whose hash folds from the complete subtrees tiling it.
  const onEdge = (begin: number, lo: number, hi: number): void => {
    let width = 1;
    let level = 0;
    while (width * 2 < size - begin) {
      width *= 2;
      level++;
    }
    if (width * 2 === size - begin) return inComplete(level + 1, begin / (width * 2), lo, hi);
    if (width === size - begin) return inComplete(level, begin / width, lo, hi);
    const mid = begin + width;
    const split = splitAt(mid, lo, hi);
    if (lo < split) descend(tileRange(mid, size), () => inComplete(level, begin / width, lo, split));
    if (split < hi) descend([{ level, index: begin / width }], () => onEdge(mid, split, hi));
  };
  if (leaves.length > 0) onEdge(0, 0, leaves.length);
  return { nodes, proofs: indices.map((index) => byLeaf.get(index)!) };
}
