import { describe, expect, it } from 'vitest';
import { toHex } from '../../../ledger/encoding/bytes.js';
import { CompactRange, EMPTY_ROOT, rootFromLeafHashes } from '../../../ledger/merkle/compact.js';
import { expectCode } from '../support/errors.js';
import { referenceRoot, sampleLeaves } from './reference-tree.js';

describe('CompactRange', () => {
  const leaves = sampleLeaves(40);

  it('starts empty with the root of the empty tree, SHA-256("")', () => {
    const range = new CompactRange();
    expect(range.size).toBe(0);
    expect(toHex(range.root())).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(range.root()).toEqual(EMPTY_ROOT);
    expect(range.frontier()).toEqual([]);
  });

  it('returns the leaf and every subtree it completes, bottom up', () => {
    const range = new CompactRange();
    for (const leaf of leaves.slice(0, 7)) range.append(leaf);
    // Leaf 7 completes [6,8), [4,8) and [0,8).
    const completed = range.append(leaves[7]!);
    expect(completed.map(({ level, index }) => [level, index])).toEqual([[0, 7], [1, 3], [2, 1], [3, 0]]);
    expect(toHex(completed[3]!.hash)).toBe(toHex(referenceRoot(leaves.slice(0, 8))));
  });

  it('keeps one frontier subtree per set bit of the size, largest first', () => {
    const range = new CompactRange();
    for (const leaf of leaves.slice(0, 13)) range.append(leaf); // 13 = 8 + 4 + 1
    expect(range.frontierCoordinates()).toEqual([{ level: 3, index: 0 }, { level: 2, index: 2 }, { level: 0, index: 12 }]);
  });

  it('round-trips through its frontier', () => {
    for (let n = 0; n <= leaves.length; n++) {
      const range = new CompactRange();
      for (const leaf of leaves.slice(0, n)) range.append(leaf);
      const restored = CompactRange.fromFrontier(n, range.frontier());
      expect(toHex(restored.root())).toBe(toHex(referenceRoot(leaves.slice(0, n))));
      for (const leaf of leaves.slice(n)) restored.append(leaf);
      expect(toHex(restored.root())).toBe(toHex(rootFromLeafHashes(leaves)));
    }
  });

  it('refuses a frontier that does not fit the size', () => {
    const range = new CompactRange();
    for (const leaf of leaves.slice(0, 5)) range.append(leaf);
    // Only the count of hashes can be checked: 5 and 6 both take two, so 7 (three) is refused.
    expectCode(() => CompactRange.fromFrontier(7, range.frontier()), 'invalid_range');
    expectCode(() => CompactRange.fromFrontier(5, range.frontier().slice(1)), 'invalid_range');
    expectCode(() => CompactRange.fromFrontier(5, [...range.frontier(), leaves[0]!]), 'invalid_range');
    expectCode(() => CompactRange.fromFrontier(-1, []), 'invalid_range');
    expectCode(() => CompactRange.fromFrontier(1, [new Uint8Array(31)]), 'invalid_range');
  });

  it('clones independently', () => {
    const range = new CompactRange();
    range.append(leaves[0]!);
    const copy = range.clone();
    copy.append(leaves[1]!);
    expect(range.size).toBe(1);
    expect(copy.size).toBe(2);
    expect(range.root()).toEqual(leaves[0]);
  });

  it('refuses a leaf hash that is not 32 bytes', () => {
    expectCode(() => new CompactRange().append(new Uint8Array(31)), 'invalid_range');
  });
});
