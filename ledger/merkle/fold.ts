import { nodeHash, type NodeHashFn } from '../crypto/hash.js';

/**
 * Hash of a range given the hashes of the complete subtrees that tile it, left to right (see
 * tileRange): fold from the right, because RFC 6962 splits a range at its largest power of two,
 * so the leftmost (largest) subtree is the left child of the root and the rest nest to the right.
 * Requires at least one hash.
 */
export function foldFromRight(hashes: readonly Uint8Array[], hashNode: NodeHashFn = nodeHash): Uint8Array {
  let acc = hashes[hashes.length - 1]!;
  for (let i = hashes.length - 2; i >= 0; i--) acc = hashNode(hashes[i]!, acc);
  return acc;
}
