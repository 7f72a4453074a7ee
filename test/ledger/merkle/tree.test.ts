import { describe, expect, it } from 'vitest';
import { leafHash } from '../../../ledger/crypto/hash.js';
import { fromHex, toHex } from '../../../ledger/encoding/bytes.js';
import { CompactRange, EMPTY_ROOT, rootFromLeafHashes } from '../../../ledger/merkle/compact.js';
import { inclusionProofFromLeaves, consistencyProofFromLeaves } from '../../../ledger/merkle/memory-proofs.js';
import { verifyConsistency, verifyInclusion } from '../../../ledger/merkle/verify.js';
import { readVectorJson } from '../support/vectors.js';

/** test/vectors/rfc6962/tree.json: transparency-dev/merkle testonly/constants.go. */
interface TreeVectors {
  leafInputsHex: string[];
  nodeHashesByLevel: string[][];
  rootHashByTreeSize: string[];
}

const tree = readVectorJson<TreeVectors>('rfc6962', 'tree.json');
const leaves = tree.leafInputsHex.map((hex) => leafHash(fromHex(hex)));

describe('RFC 6962 reference tree', () => {
  it('has the reference root for every size 0..8', () => {
    tree.rootHashByTreeSize.forEach((root, size) => {
      expect(toHex(rootFromLeafHashes(leaves.slice(0, size))), `size ${size}`).toBe(root);
    });
    expect(toHex(EMPTY_ROOT)).toBe(tree.rootHashByTreeSize[0]);
  });

  it('reports every complete subtree hash at its (level, index) while appending', () => {
    const range = new CompactRange();
    const seen = new Map<string, string>();
    for (const leaf of leaves) for (const s of range.append(leaf)) seen.set(`${s.level}/${s.index}`, toHex(s.hash));
    const expected = new Map(tree.nodeHashesByLevel.flatMap((level, l) => level.map((h, i) => [`${l}/${i}`, h] as const)));
    expect(seen).toEqual(expected);
  });

  it('answers and verifies every inclusion and consistency proof of sizes 1..8', () => {
    for (let size = 1; size <= 8; size++) {
      const root = fromHex(tree.rootHashByTreeSize[size]!);
      for (let index = 0; index < size; index++) {
        verifyInclusion(leaves[index]!, index, size, inclusionProofFromLeaves(leaves, index, size), root);
      }
      for (let m = 1; m <= size; m++) {
        const rootM = fromHex(tree.rootHashByTreeSize[m]!);
        verifyConsistency(m, size, consistencyProofFromLeaves(leaves, m, size), rootM, root);
      }
    }
  });
});
