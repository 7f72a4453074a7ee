import { TallyError } from '../errors.js';
import { nodeHash } from '../crypto/hash.js';
import { consistencyPlan, inclusionPlan, resolvePlan, type SubtreeLookup } from './plan.js';
import { assertTreeCount } from './tree-math.js';

/**
 * Proofs straight from an in-memory list of leaf hashes, for tests and small logs: each planned
 * subtree is hashed from its leaves. A plan's subtrees are disjoint, so one proof costs O(n)
 * hashes; a store with persisted subtree hashes answers in O(log n) instead.
 */

/** Hash of the complete subtree (level, index), or undefined if it reaches past the leaves. */
function subtreeHash(leafHashes: readonly Uint8Array[], level: number, index: number): Uint8Array | undefined {
  if ((index + 1) * 2 ** level > leafHashes.length) return undefined;
  if (level === 0) return leafHashes[index];
  return nodeHash(subtreeHash(leafHashes, level - 1, 2 * index)!, subtreeHash(leafHashes, level - 1, 2 * index + 1)!);
}

function lookupIn(leafHashes: readonly Uint8Array[]): SubtreeLookup {
  return (level, index) => subtreeHash(leafHashes, level, index);
}

function assertWithin(size: number, leafHashes: readonly Uint8Array[]): void {
  assertTreeCount(size, 'size');
  if (size > leafHashes.length) throw new TallyError('invalid_range', `size ${size} exceeds the ${leafHashes.length} leaves given`);
}

/**
 * RFC 9162 inclusion proof of leaf `index` in the tree formed by the first `size` leaf hashes.
 * Requires 0 <= index < size <= leafHashes.length and 32-byte leaf hashes.
 * @throws TallyError `invalid_range` otherwise.
 */
export function inclusionProofFromLeaves(leafHashes: readonly Uint8Array[], index: number, size: number): Uint8Array[] {
  assertWithin(size, leafHashes);
  return resolvePlan(inclusionPlan(index, size), lookupIn(leafHashes));
}

/**
 * RFC 9162 consistency proof between the trees of the first `m` and first `n` leaf hashes.
 * Requires 0 < m <= n <= leafHashes.length and 32-byte leaf hashes.
 * @throws TallyError `invalid_range` otherwise.
 */
export function consistencyProofFromLeaves(leafHashes: readonly Uint8Array[], m: number, n: number): Uint8Array[] {
  assertWithin(n, leafHashes);
  return resolvePlan(consistencyPlan(m, n), lookupIn(leafHashes));
}
