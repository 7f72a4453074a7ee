import { TallyError } from '../errors.js';
import { HASH_LENGTH } from '../crypto/hash.js';
import { foldFromRight } from './fold.js';
import { isTreeCount, splitPoint, tileRange, type SubtreeId } from './tree-math.js';

/**
 * Proof *plans*: which stored hashes make up each node of an RFC 9162 proof. A store keeps the
 * hash of every complete subtree; a proof node over a range that is not a complete subtree (on the
 * right edge of a tree whose size is not a power of two) is the fold of the complete subtrees
 * tiling it. A plan therefore names at most O(log n) subtrees in all, which a store reads in one
 * batch and hands to {@link resolvePlan}.
 */

/** For each proof node in RFC 9162 order, the complete subtrees (left to right) folding into it. */
export type ProofPlan = SubtreeId[][];

/** Reads the stored hash of a complete subtree. */
export type SubtreeLookup = (level: number, index: number) => Uint8Array | undefined;

/** A leaf range [begin, end) of the tree. */
interface LeafRange {
  begin: number;
  end: number;
}

/** RFC 9162 2.1.3.1 PATH(m, D[begin:end]), as ranges, deepest first. */
function inclusionRanges(index: number, begin: number, end: number): LeafRange[] {
  const ranges: LeafRange[] = [];
  // Walk down from the root, recording each sibling; reversing gives the leaf-to-root order.
  while (end - begin > 1) {
    const mid = begin + splitPoint(end - begin);
    if (index < mid) {
      ranges.push({ begin: mid, end });
      end = mid;
    } else {
      ranges.push({ begin, end: mid });
      begin = mid;
    }
  }
  return ranges.reverse();
}

/** RFC 9162 2.1.4.1 SUBPROOF(m, D[begin:end], startFromOldRoot), as ranges, deepest first. */
function consistencyRanges(m: number, begin: number, end: number): LeafRange[] {
  const ranges: LeafRange[] = [];
  let startFromOldRoot = true;
  // m is the old size relative to `begin`.
  while (m !== end - begin) {
    const k = splitPoint(end - begin);
    if (m <= k) {
      ranges.push({ begin: begin + k, end });
      end = begin + k;
    } else {
      ranges.push({ begin, end: begin + k });
      begin += k;
      m -= k;
      startFromOldRoot = false;
    }
  }
  // Once the old tree is a complete subtree of the new one: the verifier already holds it as
  // the old root when it is the whole old tree, otherwise the proof must carry it.
  if (!startFromOldRoot) ranges.push({ begin, end });
  return ranges.reverse();
}

function toPlan(ranges: LeafRange[]): ProofPlan {
  return ranges.map(({ begin, end }) => tileRange(begin, end));
}

/**
 * Plan of the RFC 9162 inclusion proof of leaf `index` in the tree of `size` leaves.
 * Requires 0 <= index < size.
 * @throws TallyError `invalid_range` otherwise.
 */
export function inclusionPlan(index: number, size: number): ProofPlan {
  if (!isTreeCount(index) || !isTreeCount(size) || index >= size) {
    throw new TallyError('invalid_range', `inclusion proof needs 0 <= index < size (index ${index}, size ${size})`);
  }
  return toPlan(inclusionRanges(index, 0, size));
}

/**
 * Plan of the RFC 9162 consistency proof from the tree of `m` leaves to the tree of `n` leaves.
 * Empty when m = n. A proof from the empty tree is refused: it proves nothing.
 * Requires 0 < m <= n.
 * @throws TallyError `invalid_range` otherwise.
 */
export function consistencyPlan(m: number, n: number): ProofPlan {
  if (!isTreeCount(m) || !isTreeCount(n) || m === 0 || m > n) {
    throw new TallyError('invalid_range', `consistency proof needs 0 < m <= n (m ${m}, n ${n})`);
  }
  return toPlan(consistencyRanges(m, 0, n));
}

/**
 * The proof hashes of `plan`, reading each complete subtree through `lookup`.
 * @throws TallyError `store_corrupt` if `lookup` has no 32-byte hash for a subtree the plan
 *   names: a store that holds the tree must have every complete subtree of it.
 */
export function resolvePlan(plan: ProofPlan, lookup: SubtreeLookup): Uint8Array[] {
  return plan.map((tiles) =>
    foldFromRight(
      tiles.map(({ level, index }) => {
        const hash = lookup(level, index);
        if (hash === undefined || hash.length !== HASH_LENGTH) {
          throw new TallyError('store_corrupt', `hash of subtree level ${level} index ${index} is missing`);
        }
        return hash;
      }),
    ),
  );
}
